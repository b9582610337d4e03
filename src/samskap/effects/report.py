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
from samskap.effects.models import (
    IndicatorDirection,
    IndicatorKind,
    Outcome,
    Participant,
    ParticipantGroup,
    ParticipantRole,
)
from samskap.effects.perceived import Perceived, perceived_for
from samskap.effects.selectors import (
    SUPPRESS_BELOW,
    GoalMoney,
    indicators_many,
    money_per_goal,
    reached,
)
from samskap.funding.models import AccountKind, Direction, Leg

KRONE = Decimal("1")

# How a figure reads in the indicator's direction (higher or lower is better), decided by
# its whole 95 % interval, never by the point alone: a change or a difference is BETTER
# when the interval lies entirely on the good side of 0 and WORSE when entirely on the
# other; a group's value MET its target when the interval lies entirely at or beyond it
# and MISSED when entirely short of it. Anything else is UNCLEAR.
BETTER, WORSE, MET, MISSED, UNCLEAR = "better", "worse", "met", "missed", "unclear"


def _side(estimate: statistics.Estimate, reference: float, direction: str) -> int:
    """+1 when the whole interval lies on the good side of `reference`, -1 when it lies
    wholly on the bad side, 0 when it touches or spans it; good as `direction` says."""
    low, high = estimate.low - reference, estimate.high - reference
    if direction == IndicatorDirection.LOWER:
        low, high = -high, -low
    if low > 0:
        return 1
    if high < 0:
        return -1
    return 0


def change_reading(estimate: statistics.Estimate | None, direction: str) -> str | None:
    """BETTER, WORSE or UNCLEAR for a change or a difference (0 means no change): a drop in
    police reports is better, a drop in a mastery scale worse."""
    if estimate is None:
        return None
    return {1: BETTER, -1: WORSE, 0: UNCLEAR}[_side(estimate, 0.0, direction)]


def target_reading(indicator, estimate: statistics.Estimate | None) -> str | None:
    """MET, MISSED or UNCLEAR: the group's value against the indicator's target, read in
    its direction. A value exactly on the target meets it (the target is reached "at or
    above" it, or "at or below" when lower is better)."""
    if estimate is None:
        return None
    target = float(indicator.target)
    if indicator.kind == IndicatorKind.ACHIEVED:
        target /= 100  # the target is a share in per cent, the estimate a fraction
    low, high = estimate.low - target, estimate.high - target
    if indicator.direction == IndicatorDirection.LOWER:
        low, high = -high, -low
    if low >= 0:
        return MET
    if high < 0:
        return MISSED
    return UNCLEAR


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
    # In the indicator's direction (see change_reading and target_reading).
    target: str | None = None
    change_reading: str | None = None


@dataclass
class IndicatorRow:
    indicator: object
    participants: GroupFigures
    comparison: GroupFigures | None = None
    difference: statistics.Estimate | None = None
    difference_suppressed: bool = False
    difference_reading: str | None = None  # participants minus comparison, in direction
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
    perceived: Perceived | None = None  # None in `indicator_reports`
    cost_per_participant: Decimal | None = None
    goal_money: list[GoalMoney] = field(default_factory=list)
    # Family members taking part (a parent in a family project) are counted apart from the
    # target group: `participant_count` and money per participant are the target group's;
    # each indicator's n counts whoever has a value of it.
    family_member_count: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def participants_suppressed(self) -> bool:
        return self.participant_count < SUPPRESS_BELOW

    @property
    def comparison_suppressed(self) -> bool:
        return 0 < self.comparison_count < SUPPRESS_BELOW


Window = tuple[datetime.date, datetime.date]
# The count of family members taking part, beside the groups' counts.
FAMILY_MEMBERS = "family_members"


def _within(windows: dict[int, Window]) -> tuple[datetime.date, datetime.date]:
    return min(w[0] for w in windows.values()), max(w[1] for w in windows.values())


def _spent(windows: dict[int, Window]) -> dict[int, Decimal]:
    """{sub-project id: net money paid out of it in its period (payouts less returns)};
    one query, summed per day so that each sub-project keeps its own period."""
    first, last = _within(windows)
    spent = dict.fromkeys(windows, Decimal(0))
    rows = (
        Leg.objects.filter(
            account__subproject_id__in=list(windows),
            account__kind=AccountKind.PAID,
            transaction__booked_on__gte=first,
            transaction__booked_on__lte=last,
        )
        .values_list("account__subproject_id", "transaction__booked_on")
        .annotate(
            net=Sum(Case(When(direction=Direction.DEBIT, then="amount"), default=-F("amount")))
        )
        .order_by()
    )
    for subproject_id, booked_on, net in rows:
        starts_on, ends_on = windows[subproject_id]
        if starts_on <= booked_on <= ends_on:
            spent[subproject_id] += net
    return {pk: amount.quantize(Decimal("0.01")) for pk, amount in spent.items()}


def _per(amount: Decimal, count: int) -> Decimal | None:
    if count < SUPPRESS_BELOW:
        return None
    return (amount / count).quantize(KRONE, ROUND_HALF_UP)


def _enrolled(starts_on, ends_on, window: Window) -> bool:
    return starts_on <= window[1] and (ends_on is None or ends_on >= window[0])


def _group_values(windows: dict[int, Window]):
    """{sub-project id: (people counted per group, {group: {indicator_id:
    {participant_id: [values by date]}}})} for each sub-project's period; two queries.
    The participants' target group and their family members are counted apart (the
    latter under FAMILY_MEMBERS); their values stand together in the group "participant"
    (a parent's indicator is measured on parents only)."""
    first, last = _within(windows)
    enrolled = Q(starts_on__lte=last) & (Q(ends_on__isnull=True) | Q(ends_on__gte=first))
    counts = {pk: dict.fromkeys([*ParticipantGroup.values, FAMILY_MEMBERS], 0) for pk in windows}
    for subproject_id, group, role, starts_on, ends_on in Participant.objects.filter(
        enrolled, subproject_id__in=list(windows)
    ).values_list("subproject_id", "group", "role", "starts_on", "ends_on"):
        if _enrolled(starts_on, ends_on, windows[subproject_id]):
            counts[subproject_id][
                FAMILY_MEMBERS if role == ParticipantRole.FAMILY_MEMBER else group
            ] += 1
    series: dict[int, dict] = {pk: {} for pk in windows}
    rows = (
        Outcome.objects.filter(
            participant__subproject_id__in=list(windows),
            is_current=True,
            measured_on__lte=last,
            participant__starts_on__lte=last,
        )
        .filter(Q(participant__ends_on__isnull=True) | Q(participant__ends_on__gte=first))
        .order_by("measured_on", "id")
        .values_list(
            "participant__subproject_id",
            "participant__group",
            "participant__starts_on",
            "participant__ends_on",
            "indicator_id",
            "participant_id",
            "value",
            "measured_on",
        )
    )
    for subproject_id, group, starts, ends, indicator_id, pid, value, measured_on in rows:
        window = windows[subproject_id]
        if measured_on > window[1] or not _enrolled(starts, ends, window):
            continue
        per_person = series[subproject_id].setdefault(group, {}).setdefault(indicator_id, {})
        # Earlier values are kept as the person's own baseline for scales; only people
        # measured within the period count.
        per_person.setdefault(pid, []).append((measured_on, value))
    return {
        pk: (
            counts[pk],
            {
                group: {
                    indicator_id: {
                        person: [v for _d, v in values]
                        for person, values in people.items()
                        if values[-1][0] >= windows[pk][0]
                    }
                    for indicator_id, people in indicators.items()
                }
                for group, indicators in series[pk].items()
            },
        )
        for pk in windows
    }


# The range each kind's values can take (a share is a fraction, held by Wilson itself):
# the intervals of means, changes and differences are cut to it (statistics.within).
VALUE_BOUNDS: dict[str, statistics.Bounds] = {
    IndicatorKind.COUNT: (0.0, None),
    IndicatorKind.AMOUNT: (0.0, None),
    IndicatorKind.SCALE: (1.0, 5.0),
}
# A scale 1–5 moves by at most 4 either way; counts and amounts have no such bound.
CHANGE_BOUNDS: dict[str, statistics.Bounds] = {IndicatorKind.SCALE: (-4.0, 4.0)}


def _figures(indicator, people: dict[int, list[Decimal]]) -> GroupFigures:
    latest = [values[-1] for values in people.values()]
    n = len(latest)
    figures = GroupFigures(n=n, suppressed=n < SUPPRESS_BELOW)
    if figures.suppressed:
        return figures
    figures.reached = sum(reached(indicator, value) for value in latest)
    if indicator.kind == IndicatorKind.ACHIEVED:
        figures.estimate = statistics.proportion(figures.reached, n)
    else:
        figures.estimate = statistics.mean(
            [float(value) for value in latest],
            VALUE_BOUNDS.get(indicator.kind, statistics.UNBOUNDED),
        )
    figures.target = target_reading(indicator, figures.estimate)
    if indicator.kind == IndicatorKind.SCALE:
        paired = [values for values in people.values() if len(values) >= 2]
        figures.change_n = len(paired)
        figures.change_suppressed = len(paired) < SUPPRESS_BELOW
        if not figures.change_suppressed:
            figures.change = statistics.paired_change(
                [float(values[0]) for values in paired],
                [float(values[-1]) for values in paired],
                CHANGE_BOUNDS[IndicatorKind.SCALE],
            )
            figures.change_reading = change_reading(figures.change, indicator.direction)
    return figures


def _difference(indicator, ours: dict, theirs: dict) -> statistics.Estimate:
    a = [values[-1] for values in ours.values()]
    b = [values[-1] for values in theirs.values()]
    if indicator.kind == IndicatorKind.ACHIEVED:
        return statistics.proportion_difference(
            sum(v >= 1 for v in a), len(a), sum(v >= 1 for v in b), len(b)
        )
    return statistics.mean_difference(
        [float(v) for v in a],
        [float(v) for v in b],
        CHANGE_BOUNDS.get(indicator.kind, statistics.UNBOUNDED),
    )


def _indicators(subprojects) -> dict[int, list]:
    """{sub-project id: its indicators and its programme's, in goal order}; one query."""
    found = indicators_many(subprojects=subprojects)
    return {
        subproject.pk: [
            indicator
            for indicator in found
            if indicator.goal.subproject_id == subproject.pk
            or (
                indicator.goal.subproject_id is None
                and indicator.goal.agreement_id == subproject.agreement_id
            )
        ]
        for subproject in subprojects
    }


def _report(subproject, window: Window, counts, values, spent, indicators) -> EvaluationReport:
    comparison_group = next(
        (g for g in (ParticipantGroup.WAITING_LIST, ParticipantGroup.PREVIOUS_COHORT) if counts[g]),
        None,
    )
    rows = []
    for indicator in indicators:
        ours = values.get(ParticipantGroup.PARTICIPANT, {}).get(indicator.pk, {})
        row = IndicatorRow(indicator=indicator, participants=_figures(indicator, ours))
        if comparison_group is not None:
            theirs = values.get(comparison_group, {}).get(indicator.pk, {})
            row.comparison = _figures(indicator, theirs)
            # A difference would give back a hidden group's value: hide it with the group.
            row.difference_suppressed = row.participants.suppressed or row.comparison.suppressed
            if not row.difference_suppressed:
                row.difference = _difference(indicator, ours, theirs)
                row.difference_reading = change_reading(row.difference, indicator.direction)
        if row.participants.reached is not None and spent:
            row.cost_per_reached = _per(spent, row.participants.reached)
        rows.append(row)
    return EvaluationReport(
        subproject=subproject,
        starts_on=window[0],
        ends_on=window[1],
        participant_count=counts[ParticipantGroup.PARTICIPANT],
        comparison_count=counts[comparison_group] if comparison_group else 0,
        comparison_label=ParticipantGroup(comparison_group).label if comparison_group else "",
        rows=rows,
        spent=spent,
        cost_per_participant=_per(spent, counts[ParticipantGroup.PARTICIPANT]),
        family_member_count=counts[FAMILY_MEMBERS],
    )


def indicator_reports(*, windows: dict[object, Window]) -> list[EvaluationReport]:
    """The indicator rows, counts and money of `evaluation_report` for many sub-projects
    (sub-project -> (first day, last day) of its period), without perceived effect and
    money per goal: four queries however many sub-projects there are (the state's view
    spans every municipality). Call after checking who may see them."""
    if not windows:
        return []
    by_id = {subproject.pk: window for subproject, window in windows.items()}
    values = _group_values(by_id)
    spent = _spent(by_id)
    indicators = _indicators(list(windows))
    return [
        _report(
            subproject,
            window,
            *values[subproject.pk],
            spent[subproject.pk],
            indicators[subproject.pk],
        )
        for subproject, window in windows.items()
    ]


def default_period(agreement) -> tuple[datetime.date, datetime.date]:
    """The report's period when none is asked for: the agreement's first day to its last,
    or today if sooner."""
    return agreement.starts_on, min(agreement.ends_on, timezone.localdate())


def evaluation_report(
    *, subproject, starts_on: datetime.date | None = None, ends_on: datetime.date | None = None
) -> EvaluationReport:
    """The report; call it after access_subproject (the caller checks who may see it). A
    day left out is `default_period`'s."""
    first, last = default_period(subproject.agreement)
    starts_on, ends_on = starts_on or first, ends_on or last
    (report,) = indicator_reports(windows={subproject: (starts_on, ends_on)})
    report.perceived = perceived_for(subproject=subproject, starts_on=starts_on, ends_on=ends_on)
    report.goal_money = money_per_goal(subproject=subproject)
    return report
