"""Read side of effects: every function here applies the user's scope (through
subprojects.access) and returns aggregates, never a person.

Public contract for other contexts (outside account, oversight):

    indicator_counts(*, user, subproject_id, starts_on=None, ends_on=None)
        -> list[IndicatorCount]

For each indicator of the sub-project's goals (and of the programme's goals), among the
participants of the group "participant" (comparison groups are left out) whose enrolment
overlaps the period:

- ``n``: participants with at least one current outcome of the indicator measured in the
  period (start and end inclusive; no bound when None);
- ``k``: of those, how many reached it by their latest value in the period: for "achieved"
  the value 1 (yes); for count, scale and amount the value at or above the indicator's
  target, or at or below it when ``direction`` is "lower" (lower is better);
- ``suppressed``: True when n < 5 (``SUPPRESS_BELOW``). A caller must then show neither n
  nor k nor anything computed from them ("færre enn 5").

Raises NotFoundOrForbidden when the user may not see the sub-project.
"""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import Coalesce

from samskap.core import disclosure
from samskap.effects.models import (
    Goal,
    GoalLink,
    Indicator,
    IndicatorDirection,
    IndicatorKind,
    Outcome,
    Participant,
    ParticipantGroup,
    ParticipantRole,
    Proposal,
    ProposalRound,
)
from samskap.funding.models import AccountKind, Direction, Leg
from samskap.subprojects.access import access_subproject
from samskap.support.keys import commitment_key

# Every aggregate over fewer people than this is suppressed (the one rule of core.disclosure).
SUPPRESS_BELOW = disclosure.MIN_GROUP


@dataclass(frozen=True)
class IndicatorCount:
    indicator_id: int
    goal_id: int
    name: str
    kind: str
    target: Decimal
    n: int
    k: int
    direction: str = IndicatorDirection.HIGHER

    @property
    def suppressed(self) -> bool:
        return self.n < SUPPRESS_BELOW


def reached(indicator, value: Decimal) -> bool:
    """Whether one participant's value reaches `indicator`: yes for a yes/no indicator,
    otherwise at or above its target, or at or below it when lower is better."""
    if indicator.kind == IndicatorKind.ACHIEVED:
        return value >= 1
    if indicator.direction == IndicatorDirection.LOWER:
        return value <= indicator.target
    return value >= indicator.target


def indicators_of(*, subproject):
    """The sub-project's indicators and those of its programme's goals, in goal order."""
    return indicators_many(subprojects=[subproject])


def indicators_many(*, subprojects):
    """The indicators of these sub-projects and of their programmes' goals, in goal order
    (programme goals first); one query."""
    return (
        Indicator.objects.filter(
            Q(goal__subproject__in=subprojects)
            | Q(
                goal__subproject__isnull=True,
                goal__agreement_id__in={subproject.agreement_id for subproject in subprojects},
            )
        )
        .select_related("goal")
        .order_by(
            F("goal__subproject_id").asc(nulls_first=True),
            "goal__position",
            "goal_id",
            "position",
            "id",
        )
    )


def latest_values(
    *,
    subproject,
    starts_on: date | None = None,
    ends_on: date | None = None,
    group: str = ParticipantGroup.PARTICIPANT,
) -> dict[tuple[int, int], Decimal]:
    """{(indicator_id, participant_id): latest current value in the period} in one query."""
    outcomes = Outcome.objects.filter(
        participant__subproject=subproject, participant__group=group, is_current=True
    )
    if starts_on is not None:
        outcomes = outcomes.filter(measured_on__gte=starts_on).filter(
            Q(participant__ends_on__isnull=True) | Q(participant__ends_on__gte=starts_on)
        )
    if ends_on is not None:
        outcomes = outcomes.filter(measured_on__lte=ends_on, participant__starts_on__lte=ends_on)
    latest: dict[tuple[int, int], Decimal] = {}
    for indicator_id, participant_id, value in outcomes.order_by("measured_on", "id").values_list(
        "indicator_id", "participant_id", "value"
    ):
        latest[(indicator_id, participant_id)] = value
    return latest


def indicator_counts(
    *, user, subproject_id: int, starts_on: date | None = None, ends_on: date | None = None
) -> list[IndicatorCount]:
    """N participants and k who reached it, per indicator (see the module docstring)."""
    subproject = access_subproject(user=user, subproject_id=subproject_id)
    indicators = list(indicators_of(subproject=subproject))
    latest = latest_values(subproject=subproject, starts_on=starts_on, ends_on=ends_on)
    counts = []
    for indicator in indicators:
        values = [v for (i, _p), v in latest.items() if i == indicator.pk]
        counts.append(
            IndicatorCount(
                indicator_id=indicator.pk,
                goal_id=indicator.goal_id,
                name=indicator.name,
                kind=indicator.kind,
                target=indicator.target,
                n=len(values),
                k=sum(reached(indicator, v) for v in values),
                direction=indicator.direction,
            )
        )
    return counts


def participation_rounds(*, subproject, with_links: bool = False) -> list:
    """The sub-project's rounds, newest first, with their proposals and vote counts (and,
    with_links, the participants the links go to); a fixed number of queries. The caller
    checks that the user sits on the team: proposals are the target group's own words."""
    proposals = Proposal.objects.annotate(vote_count=Count("votes")).order_by("-vote_count", "id")
    rounds = list(
        ProposalRound.objects.filter(subproject=subproject)
        .annotate(vote_total=Count("votes", distinct=True))
        .prefetch_related(Prefetch("proposals", queryset=proposals))
        .order_by("-opens_on", "-id")
    )
    voters = []
    if with_links:
        voters = list(
            Participant.objects.filter(
                subproject=subproject,
                group=ParticipantGroup.PARTICIPANT,
                role=ParticipantRole.TARGET_GROUP,
            )
            .select_related("member")
            .order_by("member__name", "id")
        )
    for round_ in rounds:
        round_.voters = voters
    return rounds


@dataclass(frozen=True)
class GoalMoney:
    goal_id: int
    title: str
    decisions: int
    paid: Decimal
    # Hidden although 5 or more decisions name it: the goals shown beside the hidden ones
    # would otherwise give them back (complementary suppression, core.disclosure.protect).
    protecting: bool = False

    @property
    def suppressed(self) -> bool:
        """Both figures hidden ("fewer than 5"): money over fewer than 5 decisions would
        tell what a family got, and a goal no decision names is hidden too, by the same
        rule as every figure about households (core.disclosure.suppressed: zero included),
        so a "0 · 0 kr" beside hidden goals never tells where the hidden decisions went."""
        return disclosure.suppressed(self.decisions) or self.protecting

    @property
    def hidden(self) -> bool:
        return self.suppressed


def _protect(money: list[GoalMoney]) -> list[GoalMoney]:
    """Hide the smallest shown goal while the hidden goals together hold one to four
    decisions (each decision names one goal, so the parts are disjoint)."""

    class Part:
        def __init__(self, item):
            self.item, self.protecting = item, False

        @property
        def hidden(self):
            return self.protecting or disclosure.suppressed(self.item.decisions)

    parts = [Part(item) for item in money]
    disclosure.protect(
        parts, lambda part: {(part.item.goal_id, n) for n in range(part.item.decisions)}
    )
    return [replace(part.item, protecting=part.protecting) for part in parts]


def goals_for(*, subproject):
    """The goals a decision or help task of the sub-project may name: its own and its
    programme's (unordered)."""
    return Goal.objects.filter(
        Q(subproject=subproject) | Q(subproject__isnull=True, agreement_id=subproject.agreement_id)
    )


def money_per_goal(*, subproject) -> list[GoalMoney]:
    """Per goal of the sub-project (and of its programme): the decisions that name it and
    the money the ledger paid out for them (payouts settling their commitments, less what
    the bank returned). Three queries."""
    goals = list(
        goals_for(subproject=subproject).order_by(
            F("subproject_id").asc(nulls_first=True), "position", "id"
        )
    )
    return _money_for(goals, Q(decision__request__subproject=subproject))


def programme_money_per_goal(*, agreement) -> list[GoalMoney]:
    """The same for the programme's own goals, over every sub-project of the agreement."""
    goals = list(
        Goal.objects.filter(agreement=agreement, subproject__isnull=True).order_by("position", "id")
    )
    return _money_for(goals, Q(decision__request__subproject__agreement=agreement))


def _money_for(goals: list, decisions_in: Q) -> list[GoalMoney]:
    links = (
        GoalLink.objects.filter(goal__in=goals, decision__isnull=False)
        .filter(decisions_in)
        .values_list("goal_id", "decision_id")
    )
    goal_of_key = {}
    decisions: dict[int, int] = {}
    for goal_id, decision_id in links:
        goal_of_key[commitment_key(GoalLinkKey(decision_id))] = goal_id
        decisions[goal_id] = decisions.get(goal_id, 0) + 1
    paid: dict[int, Decimal] = {}
    if goal_of_key:
        legs = (
            Leg.objects.filter(account__kind=AccountKind.PAID)
            .filter(
                Q(transaction__settles__idempotency_key__in=goal_of_key)
                | Q(transaction__settles__settles__idempotency_key__in=goal_of_key)
            )
            .annotate(
                key=Coalesce(
                    "transaction__settles__settles__idempotency_key",
                    "transaction__settles__idempotency_key",
                )
            )
            .values_list("key", "direction", "amount")
        )
        for key, direction, amount in legs:
            goal_id = goal_of_key.get(key)
            if goal_id is None:
                continue
            signed = amount if direction == Direction.DEBIT else -amount
            paid[goal_id] = paid.get(goal_id, Decimal(0)) + signed
    return _protect(
        [
            GoalMoney(
                goal_id=goal.pk,
                title=goal.title,
                decisions=decisions.get(goal.pk, 0),
                paid=paid.get(goal.pk, Decimal(0)),
            )
            for goal in goals
        ]
    )


@dataclass(frozen=True)
class GoalLinkKey:
    """Stands in for a decision where only its id is known (support.keys wants `.pk`)."""

    pk: int


def goals_of(*, agreement, subproject=None):
    """The programme's goals (subproject None) or one sub-project's, with their indicators
    and tags, in a fixed number of queries. The caller has checked access."""
    return (
        Goal.objects.filter(agreement=agreement, subproject=subproject)
        .prefetch_related("indicators", "sdg_targets", "plan_goals")
        .order_by("position", "id")
    )


def participants_of(*, subproject):
    """The sub-project's participants with their member, for the team's page (the caller
    has checked the team seat)."""
    return (
        Participant.objects.filter(subproject=subproject)
        .select_related("member__household")
        .annotate(outcome_count=Count("outcomes", filter=Q(outcomes__is_current=True)))
        .order_by("ends_on", "member__name", "id")
    )


def outcomes_of(*, participant):
    """Every outcome of a participant, current and corrected, newest first per indicator;
    each current row carries `history`: the values it replaced, newest first."""
    rows = list(
        Outcome.objects.filter(participant=participant)
        .select_related("indicator", "recorded_by", "corrects")
        .order_by("indicator__goal_id", "indicator__position", "-measured_on", "-id")
    )
    by_pk = {row.pk: row for row in rows}
    current = []
    for row in rows:
        if not row.is_current:
            continue
        row.history = []
        earlier = by_pk.get(row.corrects_id)
        while earlier is not None:
            row.history.append(earlier)
            earlier = by_pk.get(earlier.corrects_id)
        current.append(row)
    return current


def correction_chain(*, outcome) -> list:
    """The outcome and every value it replaced, newest first (who, when, why)."""
    chain, row = [], outcome
    while row is not None:
        chain.append(row)
        row = (
            Outcome.objects.select_related("recorded_by").filter(pk=row.corrects_id).first()
            if row.corrects_id
            else None
        )
    return chain
