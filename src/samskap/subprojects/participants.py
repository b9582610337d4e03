"""Who takes part in a sub-project, as seen from this floor: apps above it (people)
register a function that gives the birth years of the young people and children enrolled,
so an age range can be checked against them without subprojects importing people.
"""

from collections.abc import Callable

BirthYears = Callable[..., list[int]]

_sources: list[BirthYears] = []


def register_participant_birth_years(function: BirthYears) -> BirthYears:
    """Add `function(*, subproject) -> list[int]`; a second registration is ignored."""
    if function not in _sources:
        _sources.append(function)
    return function


def participant_birth_years(*, subproject) -> list[int]:
    """The birth years of everyone enrolled in `subproject` as a participant (one per
    person), from every registered source."""
    return [year for function in _sources for year in function(subproject=subproject)]
