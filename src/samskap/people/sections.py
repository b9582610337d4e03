"""Panels that contexts above people add to the household page, so people never imports them.

An app that builds on people (support today; effects and the outside account later)
registers a function in its `AppConfig.ready()`. The household page calls each one with
the household and the viewing user, in registration order, and includes what it returns.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from samskap.core.registry import Registry


class Place(StrEnum):
    ACTIONS = "actions"  # buttons under the household's facts
    PANELS = "panels"  # sections after the people and consent tables


@dataclass(frozen=True)
class HouseholdSection:
    """A template included on the household page; it sees the page's context plus
    `panel`, this section's own context."""

    template_name: str
    context: dict = field(default_factory=dict)
    place: Place = Place.PANELS


# function(*, household, user) -> HouseholdSection | None
_sections = Registry()
register_household_section = _sections.register
unregister_household_section = _sections.unregister


def household_sections(*, household, user) -> dict[str, list[HouseholdSection]]:
    """The sections to show, grouped by place: {"actions": [...], "panels": [...]}."""
    placed: dict[str, list[HouseholdSection]] = {place.value: [] for place in Place}
    for function in _sections:
        section = function(household=household, user=user)
        if section is not None:
            placed[section.place.value].append(section)
    return placed
