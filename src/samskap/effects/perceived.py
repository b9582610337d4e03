"""Perceived effect (opplevd effekt) for the evaluation report, read through the survey's
own selector (effects.surveys.selectors.perceived_effect), which already hides every cell
under 5. No survey installed or no answers: the report says so."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Perceived:
    answered: int | None  # None: fewer than 5 answers (or none)
    how_much: dict[int, int | None] = field(default_factory=dict)
    helped: dict[str, int | None] = field(default_factory=dict)


def perceived_for(*, subproject, starts_on, ends_on) -> Perceived:
    try:
        from samskap.effects.surveys.selectors import perceived_effect
    except ImportError:
        return Perceived(answered=None)
    result = perceived_effect(subproject_ids=[subproject.pk], since=starts_on, until=ends_on)
    return Perceived(answered=result.answered, how_much=result.how_much, helped=result.helped)
