"""What a benchmark module returns: rows of one table, each figure next to its floor."""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Row:
    """One measured figure.

    `floor` is the same quantity measured in the same run by the simplest thing that does
    the job (raw SQL, COPY, a trivial view, the same action alone); `ratio` is
    figure / floor. `target` says in words what must hold ("≥ 5000", "ratio ≤ 4") and
    `met` whether it did (None: no target, information only).
    """

    name: str
    figure: float
    unit: str
    floor: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.floor in (None, 0):
            return None
        return self.figure / self.floor


@dataclass
class Result:
    """What `run()` of a topic returns: its rows and free-text notes for docs/benchmarks.md."""

    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    """`with stopwatch() as elapsed: ...`; `elapsed()` gives seconds, during or after."""
    start = time.perf_counter()
    end: list[float] = []
    try:
        yield lambda: (end[0] if end else time.perf_counter()) - start
    finally:
        end.append(time.perf_counter())


def at_least(figure: float, wanted: float) -> bool:
    return figure >= wanted


def at_most(figure: float, wanted: float) -> bool:
    return figure <= wanted
