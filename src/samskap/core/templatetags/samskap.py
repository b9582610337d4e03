"""Template filters for Norwegian-style money."""

from django import template

from samskap.core.money import format_nok

register = template.Library()


@register.filter
def nok(value) -> str:
    """1234567.5 -> "1 234 567,50 kr" (see samskap.core.money.format_nok)."""
    return format_nok(value)
