"""{{ member|person_label }}: see samskap.effects.persons."""

from django import template

from samskap.effects.persons import person_label as _person_label

register = template.Library()


@register.filter
def person_label(member) -> str:
    return _person_label(member)
