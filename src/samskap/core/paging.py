"""Paging of long lists in the database: one COUNT and one LIMIT/OFFSET query per list.

Each list on a page reads its own query parameter (`side` by default), so two lists on one
page page independently; a missing or broken page number, or one below 1, shows the first
page, and one past the end the last page, instead of an error.
"""

from django.core.paginator import Page, Paginator

from samskap.core.text import is_digits

PER_PAGE = 50
PAST_THE_END = 2**63


def page_of(
    request,
    object_list,
    *,
    param: str = "side",
    per_page: int | None = None,
    count: int | None = None,
) -> Page:
    """The page of `object_list` (a queryset, sliced by the database) that `request` asks
    for in `param`; PER_PAGE rows unless `per_page` says otherwise. The page remembers
    `param` for the pager's links. `count`: the list's length, when the caller already
    counted it (then no COUNT query is run)."""
    paginator = Paginator(object_list, per_page or PER_PAGE)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property
    page = paginator.get_page(_asked(request.GET.get(param)))
    page.param = param
    return page


def _asked(value: str | None) -> int:
    """The page number asked for: anything that is not a whole number of at least 1 is
    the first page (Django's `get_page` would show the last one for 0 or -1)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        # More digits than Python turns into a number: past the end of any list.
        return PAST_THE_END if is_digits((value or "").strip()) else 1
    return max(number, 1)
