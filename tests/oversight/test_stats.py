"""The distribution figures against cases worked by hand and their defining properties."""

from decimal import Decimal

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from samskap.oversight.stats import gini, lorenz, summarise

D = Decimal


def test_everyone_the_same_is_zero_and_one_with_everything_is_n_minus_one_over_n():
    assert gini([D("100")] * 4) == 0
    assert abs(gini([D("0"), D("0"), D("0"), D("400")]) - 0.75) < 1e-12
    assert gini([D("0")] * 3) is None
    assert gini([]) is None


def test_a_hand_worked_gini():
    # Sorted 1, 2, 3, 4: 2·(1 + 4 + 9 + 16) / (4·10) − 5/4 = 60/40 − 1.25 = 0.25
    assert abs(gini([D(4), D(1), D(3), D(2)]) - 0.25) < 1e-12


def test_median_and_90th_percentile_follow_type_7():
    amounts = [D("100"), D("200"), D("300"), D("400"), D("1000")]
    summary = summarise(list(enumerate(amounts, start=1)), {1, 2, 3, 4, 5})
    assert summary.median == D("300.00")
    assert summary.p90 == D("760.00")  # 400 + 0.6 · (1000 − 400)
    assert summary.total == D("2000.00") and summary.count == 5
    assert not summary.suppressed
    assert summarise([(1, D("5"))], {1, 2, 3, 4}).suppressed


def test_few_supports_in_a_large_group_are_suppressed():
    """The trial: 26 households in "Veien til førerkortet", 3 of them supported; the sum,
    median and 90th percentile gave back 4 000, 6 400 and 7 550 exactly."""
    supports = [(1, D("4000")), (2, D("6400")), (3, D("7550"))]
    assert summarise(supports, set(range(1, 27))).suppressed
    # Five supports to two households are still two households' amounts.
    assert summarise([(1, D("100"))] * 3 + [(2, D("200"))] * 2, set(range(1, 27))).suppressed
    five = [(n, D("100") * n) for n in range(1, 6)]
    assert not summarise(five, set(range(1, 27))).suppressed


def test_the_lorenz_curve_runs_from_corner_to_corner_below_equality():
    points = lorenz([D("0"), D("10"), D("30"), D("60")], points=4)
    assert points[0] == (0.0, 0.0) and points[-1] == (1.0, 1.0)
    assert points == [(0.0, 0.0), (0.25, 0.0), (0.5, 0.1), (0.75, 0.4), (1.0, 1.0)]


amounts = st.lists(st.integers(min_value=0, max_value=100_000), min_size=1, max_size=60)


@given(amounts)
def test_gini_stays_within_its_bounds_and_ignores_order_and_scale(values):
    totals = [D(v) for v in values]
    g = gini(totals)
    if sum(values) == 0:
        assert g is None
        return
    assert -1e-9 <= g <= (len(values) - 1) / len(values) + 1e-9
    assert abs(gini(list(reversed(totals))) - g) < 1e-9
    assert abs(gini([t * 3 for t in totals]) - g) < 1e-9


@given(amounts)
def test_the_lorenz_curve_never_rises_above_equality(values):
    points = lorenz([D(v) for v in values])
    if sum(values) == 0:
        assert points == []
        return
    for households, money in points:
        assert money <= households + 1e-4
    assert np.all(np.diff([m for _h, m in points]) >= -1e-9)
