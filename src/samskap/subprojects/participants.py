"""Who takes part in a sub-project, as seen from this floor: apps above it (people)
register a function that gives the birth years of the young people and children enrolled,
so an age range can be checked against them without subprojects importing people.
"""

from samskap.core.registry import Registry

# function(*, subproject) -> list[int]
_sources = Registry()
register_participant_birth_years = _sources.register


def participant_birth_years(*, subproject) -> list[int]:
    """The birth years of everyone enrolled in `subproject` as a participant (one per
    person), from every registered source."""
    return [year for function in _sources for year in function(subproject=subproject)]
