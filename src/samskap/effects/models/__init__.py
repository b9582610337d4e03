"""The effects context: effect goals and indicators, participants and their outcomes,
links from support to the goal it serves, and participation (proposals and votes)."""

from samskap.effects.models.goals import (
    Goal,
    GoalLink,
    GoalSdgTarget,
    Indicator,
    IndicatorDirection,
    IndicatorKind,
    PlanGoal,
    RecordedBy,
)
from samskap.effects.models.outcomes import (
    Outcome,
    OutcomeSource,
    Participant,
    ParticipantGroup,
    ParticipantRole,
)
from samskap.effects.models.participation import (
    Proposal,
    ProposalResponse,
    ProposalRound,
    Vote,
)

__all__ = [
    "Goal",
    "GoalLink",
    "GoalSdgTarget",
    "Indicator",
    "IndicatorDirection",
    "IndicatorKind",
    "Outcome",
    "OutcomeSource",
    "Participant",
    "ParticipantGroup",
    "ParticipantRole",
    "PlanGoal",
    "Proposal",
    "ProposalResponse",
    "ProposalRound",
    "RecordedBy",
    "Vote",
]
