"""The pot chart's axis labels: millions with a decimal comma, and no negative nought."""

from decimal import Decimal

import pytest

from samskap.funding.charts import _millions


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (Decimal("45000000"), "45,0"),
        (Decimal("-0"), "0,0"),  # an empty pot: the trial's "−0,0 mill."
        (Decimal("-0.00"), "0,0"),
        (Decimal("-40000"), "0,0"),  # rounds to nought
        (Decimal("0"), "0,0"),
        (Decimal("-1500000"), "\u22121,5"),
    ],
)
def test_millions_never_shows_a_negative_nought(value, label):
    assert _millions(value) == label
