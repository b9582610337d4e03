"""Every signal of one municipality's year, from one read of the data."""

from samskap.oversight.signals.data import year_data
from samskap.oversight.signals.kinds import Signal
from samskap.oversight.signals.links import (
    account_signals,
    mutual_signals,
    several_signals,
    target_signals,
)
from samskap.oversight.signals.rules import (
    repeat_signals,
    split_signals,
    staff_signals,
    thresholds_for,
)

RULES = (
    staff_signals,
    repeat_signals,
    split_signals,
    mutual_signals,
    account_signals,
    target_signals,
    several_signals,
)


def signals_for_year(*, municipality_id: int, year: int, thresholds=None) -> list[Signal]:
    """All signals of the year, in the order of the rules. A fixed number of queries."""
    thresholds = thresholds or thresholds_for(municipality_id=municipality_id)
    data = year_data(municipality_id=municipality_id, year=year)
    return [signal for rule in RULES for signal in rule(data, thresholds)]
