"""Template filters for Norwegian-style money."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def nok(value) -> str:
    """1234567.5 -> "1 234 567,50 kr" in bokmål (grouping follows the active locale)."""
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"))
    return f"{number_format(amount, decimal_pos=2, force_grouping=True)} kr"
