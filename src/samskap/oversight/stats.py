"""Distribution figures for the shared pot: plain functions over NOK amounts.

Median and 90th percentile use numpy's default (linear interpolation between order
statistics, Hyndman & Fan type 7, the same as Excel's PERCENTILE.INC). The Gini
coefficient is the mean-difference form on the sorted amounts,
G = 2·Σ i·x_i / (n·Σ x) − (n + 1) / n, 0 when everyone has the same and (n − 1) / n when
one household has everything; the Lorenz curve is its picture.
"""

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from samskap.core.disclosure import MIN_GROUP, suppressed

__all__ = ["MIN_GROUP", "Summary", "gini", "lorenz", "summarise"]
ORE = Decimal("0.01")


@dataclass(frozen=True)
class Summary:
    """Supports in one group: count, households in the group, households supported, total,
    median and 90th percentile (NOK). `suppressed` when fewer than MIN_GROUP households
    are in the group or were supported: a median of three supports gives the three amounts
    back however many households the group has. Then only that is said."""

    count: int
    households: int
    supported: int
    total: Decimal
    median: Decimal
    p90: Decimal

    @property
    def suppressed(self) -> bool:
        return suppressed(self.households, self.supported)


def _nok(value: float) -> Decimal:
    return Decimal(str(value)).quantize(ORE)


def summarise(supports: list[tuple[int, Decimal]], households: set[int]) -> Summary:
    """Summary of the supports, (household id, amount in NOK) pairs, given in a group of
    `households`."""
    supported = len({household for household, _amount in supports})
    if not supports:
        zero = Decimal("0.00")
        return Summary(0, len(households), 0, zero, zero, zero)
    amounts = [amount for _household, amount in supports]
    values = np.array([float(a) for a in amounts])
    return Summary(
        count=len(amounts),
        households=len(households),
        supported=supported,
        total=sum(amounts, start=Decimal("0.00")),
        median=_nok(float(np.median(values))),
        p90=_nok(float(np.percentile(values, 90))),
    )


def gini(totals: list[Decimal]) -> float | None:
    """Gini coefficient of what each household received (zeros included); None when
    nobody received anything."""
    values = np.sort(np.array([float(t) for t in totals]))
    n, whole = len(values), values.sum()
    if n == 0 or whole <= 0:
        return None
    ranks = np.arange(1, n + 1)
    return float(2 * (ranks * values).sum() / (n * whole) - (n + 1) / n)


def lorenz(totals: list[Decimal], points: int = 10) -> list[tuple[float, float]]:
    """The Lorenz curve at `points` + 1 even steps: (share of households, share of money),
    households from least to most received; starts at (0, 0) and ends at (1, 1)."""
    values = np.sort(np.array([float(t) for t in totals]))
    if len(values) == 0 or values.sum() <= 0:
        return []
    cumulative = np.concatenate([[0.0], np.cumsum(values) / values.sum()])
    shares = np.linspace(0, 1, points + 1)
    money = np.interp(shares * len(values), np.arange(len(values) + 1), cumulative)
    return [(round(float(s), 4), round(float(m), 4)) for s, m in zip(shares, money, strict=True)]
