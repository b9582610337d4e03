"""Oversight's own rows: ethics acknowledgements, signal thresholds and signal reviews;
the time-to-help page's baseline and unit indicators (time_to_help_models); plans for
after the pilot (continuation)."""

from samskap.oversight.models.continuation import ContinuationPlan
from samskap.oversight.models.ethics import EthicsAcknowledgement
from samskap.oversight.models.signals import ReviewOutcome, SignalReview, SignalThresholds
from samskap.oversight.time_to_help_models import RouteBaseline, UnitIndicator

__all__ = [
    "ContinuationPlan",
    "EthicsAcknowledgement",
    "ReviewOutcome",
    "RouteBaseline",
    "SignalReview",
    "SignalThresholds",
    "UnitIndicator",
]
