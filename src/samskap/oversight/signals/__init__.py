"""Misuse signals: patterns in the use of the shared pot, shown with the data behind them.

A signal is a question, never an accusation: it says what was seen and which threshold
it passed, and a lead or the economist reviews it (`services.signal_review_record`).
Signals are computed when asked (`signals_for_year`), named by a stable key, and never
stored; their thresholds are the municipality's own (`SignalThresholds`).
"""

from samskap.oversight.signals.compute import signals_for_year
from samskap.oversight.signals.kinds import KINDS, Signal, SupportFact
from samskap.oversight.signals.rules import thresholds_for

__all__ = ["KINDS", "Signal", "SupportFact", "signals_for_year", "thresholds_for"]
