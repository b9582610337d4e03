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


def mean(values: list[float]) -> Estimate:
    """Mean with the t interval; with no spread the interval is the mean itself."""
    data = np.asarray(values, dtype=float)
    centre = float(data.mean())
    if len(data) < 2 or float(data.std()) == 0.0:
        return Estimate(centre, centre, centre)
    low, high = DescrStatsW(data).tconfint_mean(alpha=ALPHA)
    return Estimate(centre, float(low), float(high))


def paired_change(before: list[float], after: list[float]) -> Estimate:
    """Mean change from each person's own baseline (after minus before), paired t interval."""
    return mean([b - a for a, b in zip(before, after, strict=True)])


def mean_difference(first: list[float], second: list[float]) -> Estimate:
    """Difference of two independent means (first minus second), Welch's t interval."""
    a, b = np.asarray(first, dtype=float), np.asarray(second, dtype=float)
    centre = float(a.mean() - b.mean())
    if float(a.std()) == 0.0 and float(b.std()) == 0.0:
        return Estimate(centre, centre, centre)
    low, high = CompareMeans(DescrStatsW(a), DescrStatsW(b)).tconfint_diff(
        alpha=ALPHA, usevar="unequal"
    )
    return Estimate(centre, float(low), float(high))
