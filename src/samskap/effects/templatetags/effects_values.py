"""Indicator values on staff pages, written as the evaluation report writes them."""

from django import template

from samskap.effects.display import indicator_value

register = template.Library()


@register.filter
def baseline_value(indicator) -> str:
    """The baseline in the indicator's kind: "0 %" for a yes/no share, as the report says."""
    return indicator_value(indicator.kind, indicator.baseline_value)
