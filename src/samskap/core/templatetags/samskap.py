"""Template filters for Norwegian-style money."""

from django import template
from django.utils.translation import gettext_lazy

from samskap.core.money import format_nok

register = template.Library()

# The first option of a choice nobody has made yet. Django's own "---------" never shows.
CHOOSE = gettext_lazy("Choose …")
DJANGO_BLANK = "---------"


@register.filter
def nok(value) -> str:
    """1234567.5 -> "1 234 567,50 kr" (see samskap.core.money.format_nok)."""
    return format_nok(value)


@register.simple_tag(takes_context=True)
def page_url(context, param: str, number: int) -> str:
    """The current URL's query with `param` set to `number` (the other lists' pages, the
    search and the filters stay as they are), e.g. "?q=ali&side=3"."""
    query = context["request"].GET.copy()
    query[param] = number
    return "?" + query.urlencode()


@register.inclusion_tag("core/pager.html", takes_context=True)
def pager(context, page, label: str):
    """Previous/next links under a paged list; `label` names the list for screen readers."""
    return {"request": context["request"], "page": page, "label": label}


@register.filter
def get_item(mapping, key):
    """{{ labels|get_item:value }}: a dictionary's entry, "" when missing."""
    return mapping.get(key, "")


@register.filter
def percent(share) -> str:
    """A share (0.457) as a whole percent, Norwegian style with a no-break space: "46 %"."""
    if share is None or share == "":
        return ""
    return f"{round(float(share) * 100)}\u00a0%"


@register.filter
def choice_options(bound_field) -> list[tuple[str, str, bool]]:
    """(value, label, selected) for each option of a select (core/field.html).

    A required choice nobody has made yet starts on an empty "Velg …" option, never on
    the first real choice (the request step's "Type hjelp" silently became "Bolig");
    Django's "---------" placeholder is shown as "Velg …" too. A choice already made
    (bound data or a deliberate initial value) is selected as it is, and so is the only
    possible answer.
    """
    current = bound_field.value()
    chosen = {str(v) for v in current} if isinstance(current, list | tuple) else None
    current = "" if current is None else str(current)
    options, has_blank = [], False
    for value, label in bound_field.field.choices:
        value = "" if value is None else str(value)
        if value == "":
            has_blank = True
            if str(label) in (DJANGO_BLANK, ""):
                label = CHOOSE
        selected = value in chosen if chosen is not None else value == current
        options.append((value, label, selected))
    unmade = bound_field.field.required and not has_blank and chosen is None and current == ""
    # With a single possible answer (the household's one member, the team's one
    # sub-project) there is nothing to choose, so nothing is chosen silently.
    if unmade and len(options) == 1:
        options[0] = (options[0][0], options[0][1], True)
    elif unmade:
        options.insert(0, ("", CHOOSE, True))
    return options
