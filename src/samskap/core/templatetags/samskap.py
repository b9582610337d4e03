"""Template filters for Norwegian-style money."""

from django import template

from samskap.core.money import format_nok

register = template.Library()


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
