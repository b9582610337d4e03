"""Perceived effect (opplevd effekt) for the evaluation report, read without depending on
how the survey stores it: the survey module registers a source here (in its AppConfig
.ready()); with none registered, or no answers, the report says so.

A source is ``fn(*, subproject, starts_on, ends_on) -> dict[int, int]``: how many answers
gave each value 1–5 of "how much did it help" in the period. It returns counts only."""

from collections.abc import Callable

_sources: list[Callable[..., dict[int, int]]] = []


def register_perceived_effect_source(source: Callable[..., dict[int, int]]) -> None:
    if source not in _sources:
        _sources.append(source)


def perceived_effect_counts(*, subproject, starts_on, ends_on) -> dict[int, int]:
    """{1..5: answers}, all zero when nobody answered or no survey is installed."""
    counts = dict.fromkeys(range(1, 6), 0)
    for source in _sources:
        for value, count in source(
            subproject=subproject, starts_on=starts_on, ends_on=ends_on
        ).items():
            if value in counts:
                counts[value] += count
    return counts
