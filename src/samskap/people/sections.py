"""Panels that contexts above people add to the household page, so people never imports them.

An app that builds on people (support today; effects and the outside account later)
registers a function in its `AppConfig.ready()`. The household page calls each one with
the household and the viewing user, in registration order, and includes what it returns.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


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


SectionFunction = Callable[..., HouseholdSection | None]

_sections: list[SectionFunction] = []


def register_household_section(function: SectionFunction) -> SectionFunction:
    """Add `function(*, household, user) -> HouseholdSection | None` to the page; a second
    registration of the same function is ignored. Usable as a decorator."""
    if function not in _sections:
        _sections.append(function)
    return function


def unregister_household_section(function: SectionFunction) -> None:
    """Take a registered function off the page again (for tests)."""
    if function in _sections:
        _sections.remove(function)


def household_sections(*, household, user) -> dict[str, list[HouseholdSection]]:
    """The sections to show, grouped by place: {"actions": [...], "panels": [...]}."""
    placed: dict[str, list[HouseholdSection]] = {place.value: [] for place in Place}
    for function in _sections:
        section = function(household=household, user=user)
        if section is not None:
            placed[section.place.value].append(section)
    return placed
