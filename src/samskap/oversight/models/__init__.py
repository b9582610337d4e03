"""Oversight's own rows: ethics acknowledgements, signal thresholds and signal reviews."""

from samskap.oversight.models.ethics import EthicsAcknowledgement
from samskap.oversight.models.signals import ReviewOutcome, SignalReview, SignalThresholds

__all__ = ["EthicsAcknowledgement", "ReviewOutcome", "SignalReview", "SignalThresholds"]
