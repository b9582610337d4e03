"""Writes of oversight: acknowledging the ethics guide, signal thresholds and reviews."""

from samskap.oversight.services.ethics import ethics_acknowledge
from samskap.oversight.services.signals import (
    signal_review_record,
    signal_thresholds_check,
    signal_thresholds_update,
)

__all__ = [
    "ethics_acknowledge",
    "signal_review_record",
    "signal_thresholds_check",
    "signal_thresholds_update",
]
