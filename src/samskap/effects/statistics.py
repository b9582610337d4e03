"""The intervals of the evaluation report, from well-kept libraries (statsmodels, scipy),
never hand-written formulas. 95 % throughout. Every function takes plain counts or values
and returns Decimal-free floats; the report rounds for display."""

from dataclasses import dataclass

import numpy as np
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

ALPHA = 0.05


@dataclass(frozen=True)
class Estimate:
    value: float
    low: float
    high: float


def proportion(k: int, n: int) -> Estimate:
    """Share k/n with the Wilson score interval (good for small n and for 0 % or 100 %)."""
    low, high = proportion_confint(k, n, alpha=ALPHA, method="wilson")
    return Estimate(k / n, float(low), float(high))


def proportion_difference(k1: int, n1: int, k2: int, n2: int) -> Estimate:
    """Difference of two independent shares (group 1 minus group 2), Newcombe's hybrid
    score interval built from the two Wilson intervals."""
    low, high = confint_proportions_2indep(
        k1, n1, k2, n2, method="newcomb", compare="diff", alpha=ALPHA
    )
    return Estimate(k1 / n1 - k2 / n2, float(low), float(high))


Bounds = tuple[float | None, float | None]
UNBOUNDED: Bounds = (None, None)


def within(estimate: Estimate, bounds: Bounds) -> Estimate:
    """The interval cut to the range the quantity can take (an amount or a count never
    below 0, a scale 1–5): the true mean lies inside that range, so cutting away the
    impossible part keeps the interval's 95 % coverage and only stops it from showing
    values no one can have (-232,6 kr for unpaid bills)."""
    lowest, highest = bounds
    low, high = estimate.low, estimate.high
    if lowest is not None:
        low, high = max(low, lowest), max(high, lowest)
    if highest is not None:
        low, high = min(low, highest), min(high, highest)
    return Estimate(estimate.value, low, high)


def mean(values: list[float], bounds: Bounds = UNBOUNDED) -> Estimate:
    """Mean with the t interval, cut to `bounds` (see `within`); with no spread the
    interval is the mean itself."""
    data = np.asarray(values, dtype=float)
    centre = float(data.mean())
    if len(data) < 2 or float(data.std()) == 0.0:
        return Estimate(centre, centre, centre)
    low, high = DescrStatsW(data).tconfint_mean(alpha=ALPHA)
    return within(Estimate(centre, float(low), float(high)), bounds)


def paired_change(before: list[float], after: list[float], bounds: Bounds = UNBOUNDED) -> Estimate:
    """Mean change from each person's own baseline (after minus before), paired t
    interval, cut to `bounds` (a scale 1–5 changes by at most 4 either way)."""
    return mean([b - a for a, b in zip(before, after, strict=True)], bounds)


def mean_difference(
    first: list[float], second: list[float], bounds: Bounds = UNBOUNDED
) -> Estimate:
    """Difference of two independent means (first minus second), Welch's t interval, cut
    to `bounds` (two scale means differ by at most 4)."""
    a, b = np.asarray(first, dtype=float), np.asarray(second, dtype=float)
    centre = float(a.mean() - b.mean())
    if float(a.std()) == 0.0 and float(b.std()) == 0.0:
        return Estimate(centre, centre, centre)
    low, high = CompareMeans(DescrStatsW(a), DescrStatsW(b)).tconfint_diff(
        alpha=ALPHA, usevar="unequal"
    )
    return within(Estimate(centre, float(low), float(high)), bounds)
