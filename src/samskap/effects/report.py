"""The honest evaluation report of one sub-project and period: per indicator the value with
n, target and baseline, a 95 % interval, the comparison group when there is one, the
perceived effect and the money, every aggregate over fewer than 5 people suppressed.

The number of queries does not grow with the number of participants."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, F, Q, Sum, When
from django.utils import timezone

from samskap.effects import statistics
from samskap.effects.models import IndicatorKind, Outcome, Participant, ParticipantGroup
from samskap.effects.perceived import Perceived, perceived_for
from samskap.effects.selectors import (
    SUPPRESS_BELOW,
    GoalMoney,
    indicators_of,
    money_per_goal,
    reached,
)
from samskap.funding.models import AccountKind, Direction, Leg

KRONE = Decimal("1")


@dataclass
class GroupFigures:
    """One group's figures for one indicator; `suppressed` hides all of them."""

    n: int
    suppressed: bool
    estimate: statistics.Estimate | None = None
    reached: int | None = None
    change: statistics.Estimate | None = None
    change_n: int | None = None
    change_suppressed: bool = False


@dataclass
class IndicatorRow:
    indicator: object
    participants: GroupFigures
    comparison: GroupFigures | None = None
    difference: statistics.Estimate | None = None
    difference_suppressed: bool = False
    cost_per_reached: Decimal | None = None

    @property
    def is_share(self) -> bool:
        return self.indicator.kind == IndicatorKind.ACHIEVED


@dataclass
class EvaluationReport:
    subproject: object
    starts_on: datetime.date
    ends_on: datetime.date
    participant_count: int
    comparison_count: int
    comparison_label: str
    rows: list[IndicatorRow]
    spent: Decimal
    perceived: Perceived
    cost_per_participant: Decimal | None = None
    goal_money: list[GoalMoney] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def participants_suppressed(self) -> bool:
        return self.participant_count < SUPPRESS_BELOW

    @property
    def comparison_suppressed(self) -> bool:
        return 0 < self.comparison_count < SUPPRESS_BELOW


def _spent(*, subproject, starts_on, ends_on) -> Decimal:
    """Net money paid out of the sub-project in the period (payouts less returns)."""
    total = Leg.objects.filter(
        account__subproject=subproject,
        account__kind=AccountKind.PAID,
        transaction__booked_on__gte=starts_on,
        transaction__booked_on__lte=ends_on,
    ).aggregate(
        net=Sum(
            Case(
                When(direction=Direction.DEBIT, then="amount"),
                default=-F("amount"),
            )
        )
    )["net"]
    return (total or Decimal(0)).quantize(Decimal("0.01"))


def _per(amount: Decimal, count: int) -> Decimal | None:
    if count < SUPPRESS_BELOW:
        return None
    return (amount / count).quantize(KRONE, ROUND_HALF_UP)


def _group_values(*, subproject, starts_on, ends_on):
    """{group: {indicator_id: {participant_id: [values by date]}}} for the period, plus
    the participants counted per group; two queries."""
    enrolled = Q(starts_on__lte=ends_on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    counts: dict[str, int] = dict.fromkeys(ParticipantGroup.values, 0)
    for group in Participant.objects.filter(enrolled, subproject=subproject).values_list(
        "group", flat=True
    ):
        counts[group] += 1
    series: dict[str, dict[int, dict[int, list[Decimal]]]] = {}
    rows = (
        Outcome.objects.filter(
            participant__subproject=subproject,
            is_current=True,
            measured_on__lte=ends_on,
            participant__starts_on__lte=ends_on,
        )
        .filter(Q(participant__ends_on__isnull=True) | Q(participant__ends_on__gte=starts_on))
        .order_by("measured_on", "id")
        .values_list("participant__group", "indicator_id", "participant_id", "value", "measured_on")
    )
    for group, indicator_id, participant_id, value, measured_on in rows:
        per_person = series.setdefault(group, {}).setdefault(indicator_id, {})
        # Earlier values are kept as the person's own baseline for scales; only people
        # measured within the period count.
        per_person.setdefault(participant_id, []).append((measured_on, value))
    return counts, {
        group: {
            indicator_id: {
                pid: [v for _d, v in values]
                for pid, values in people.items()
                if values[-1][0] >= starts_on
            }
            for indicator_id, people in indicators.items()
        }
        for group, indicators in series.items()
    }


def _figures(indicator, people: dict[int, list[Decimal]]) -> GroupFigures:
    latest = [values[-1] for values in people.values()]
    n = len(latest)
    figures = GroupFigures(n=n, suppressed=n < SUPPRESS_BELOW)
    if figures.suppressed:
        return figures
    figures.reached = sum(
        reached(kind=indicator.kind, value=value, target=indicator.target) for value in latest
    )
    if indicator.kind == IndicatorKind.ACHIEVED:
        figures.estimate = statistics.proportion(figures.reached, n)
    else:
        figures.estimate = statistics.mean([float(value) for value in latest])
    if indicator.kind == IndicatorKind.SCALE:
        paired = [values for values in people.values() if len(values) >= 2]
        figures.change_n = len(paired)
        figures.change_suppressed = len(paired) < SUPPRESS_BELOW
        if not figures.change_suppressed:
            figures.change = statistics.paired_change(
                [float(values[0]) for values in paired], [float(values[-1]) for values in paired]
            )
    return figures


def _difference(indicator, ours: dict, theirs: dict) -> statistics.Estimate:
    a = [values[-1] for values in ours.values()]
    b = [values[-1] for values in theirs.values()]
    if indicator.kind == IndicatorKind.ACHIEVED:
        return statistics.proportion_difference(
            sum(v >= 1 for v in a), len(a), sum(v >= 1 for v in b), len(b)
        )
    return statistics.mean_difference([float(v) for v in a], [float(v) for v in b])


def evaluation_report(
    *, subproject, starts_on: datetime.date | None = None, ends_on: datetime.date | None = None
) -> EvaluationReport:
    """The report; call it after access_subproject (the caller checks who may see it)."""
    agreement = subproject.agreement
    starts_on = starts_on or agreement.starts_on
    ends_on = ends_on or min(agreement.ends_on, timezone.localdate())
    counts, values = _group_values(subproject=subproject, starts_on=starts_on, ends_on=ends_on)
    comparison_group = next(
        (g for g in (ParticipantGroup.WAITING_LIST, ParticipantGroup.PREVIOUS_COHORT) if counts[g]),
        None,
    )
    spent = _spent(subproject=subproject, starts_on=starts_on, ends_on=ends_on)
    rows = []
    for indicator in indicators_of(subproject=subproject):
        ours = values.get(ParticipantGroup.PARTICIPANT, {}).get(indicator.pk, {})
        row = IndicatorRow(indicator=indicator, participants=_figures(indicator, ours))
        if comparison_group is not None:
            theirs = values.get(comparison_group, {}).get(indicator.pk, {})
            row.comparison = _figures(indicator, theirs)
            # A difference would give back a hidden group's value: hide it with the group.
            row.difference_suppressed = row.participants.suppressed or row.comparison.suppressed
            if not row.difference_suppressed:
                row.difference = _difference(indicator, ours, theirs)
        if row.participants.reached is not None and spent:
            row.cost_per_reached = _per(spent, row.participants.reached)
        rows.append(row)
    return EvaluationReport(
        subproject=subproject,
        starts_on=starts_on,
        ends_on=ends_on,
        participant_count=counts[ParticipantGroup.PARTICIPANT],
        comparison_count=counts[comparison_group] if comparison_group else 0,
        comparison_label=ParticipantGroup(comparison_group).label if comparison_group else "",
        rows=rows,
        spent=spent,
        perceived=perceived_for(subproject=subproject, starts_on=starts_on, ends_on=ends_on),
        cost_per_participant=_per(spent, counts[ParticipantGroup.PARTICIPANT]),
        goal_money=money_per_goal(subproject=subproject),
    )
