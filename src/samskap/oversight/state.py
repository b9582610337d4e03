"""The state's view: aggregated, anonymised figures across every municipality in the
programme, for the state viewer only (directorates, Statsforvalteren).

What it shows, for a period (one calendar year: state_forms offers nothing else, see
there) and optionally one municipality:

- money by grant scheme (planned for the period's years and received in the period: budget
  figures about no one) and support by sub-project: how many supports, to how many
  households, how much (decided in the period, final, not cancelled or declined), next to
  what the sub-project was allocated for the period's years;
- effect achievement with 95 % intervals per sub-project, straight from the effects
  context's evaluation report (effects.report, effects.display): not computed again here;
- time to help: days from the decision to the payout leaving for the bank (the bank's
  own paid date where it confirmed one), median and 90th percentile;
- perceived effect: the survey's answer distribution (effects.surveys.selectors).

Suppression. A group of fewer than MIN_GROUP (5) households is never shown ("fewer than
5"). Totals must not give a hidden group back by subtraction (complementary suppression):
within a municipality, while the hidden sub-projects together cover one to four
households, the smallest shown sub-project is hidden too ("hidden to protect a small
group"); across municipalities the programme total is hidden instead, since each
municipality's own total stands in its own equation. The perceived-effect total is shown
only when no municipality hides a part of it that counts one to four answers. Across
periods: the periods offered never nest or overlap (calendar years), so no period's
figures minus another's give a cell hidden in either.

Queries: a fixed number, plus a fixed number per municipality (perceived effect) and per
sub-project (the effects report), never per household, decision, payment or answer
(pinned in tests at two data sizes).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.db.models import Count
from django.utils import timezone

from samskap.core import disclosure
from samskap.core.models import Municipality
from samskap.effects import display as effects_display
from samskap.effects.report import indicator_reports
from samskap.effects.surveys.models import Survey
from samskap.effects.surveys.selectors import PerceivedEffect, perceived_effect, perceived_effects
from samskap.funding.models import (
    AccountKind,
    Direction,
    GrantScheme,
    Leg,
    ProgrammeAgreement,
    SchemeYearAmount,
    TransactionKind,
)
from samskap.oversight.state_access import require_state_viewer
from samskap.oversight.stats import MIN_GROUP
from samskap.payments.models import Payment, PaymentStatus
from samskap.subprojects.models import SubProject
from samskap.support.models import Decision, Outcome

ZERO = Decimal("0.00")
# A payout counts as on its way once it left in a bank file; held, cancelled and returned
# payouts never reached the family.
SENT = (PaymentStatus.EXPORTED, PaymentStatus.PAID)


# --- groups and their suppression ---------------------------------------------------------


@dataclass
class Group:
    """Something counted over households. `small`: fewer than MIN_GROUP households (never
    shown); `protecting`: hidden so that a total cannot give a small group back."""

    household_ids: set = field(default_factory=set, repr=False)
    small: bool = False
    protecting: bool = False

    @property
    def households(self) -> int:
        return len(self.household_ids)

    @property
    def hidden(self) -> bool:
        return self.small or self.protecting

    def weight(self) -> int:
        return 0


@dataclass
class Money(Group):
    supports: int = 0
    amount: Decimal = ZERO

    def add(self, household_id: int, amount: Decimal) -> None:
        self.household_ids.add(household_id)
        self.supports += 1
        self.amount += amount

    def weight(self) -> int:
        return self.supports


@dataclass
class TimeToHelp(Group):
    """Days from decision to payout: n decisions, median and 90th percentile."""

    days: list = field(default_factory=list, repr=False)

    @property
    def n(self) -> int:
        return len(self.days)

    def weight(self) -> int:
        return self.n

    @property
    def median(self) -> float | None:
        return float(np.median(self.days)) if self.days else None

    @property
    def p90(self) -> float | None:
        return float(np.percentile(self.days, 90)) if self.days else None


def mark_small(group: Group) -> None:
    group.small = 0 < group.households < MIN_GROUP


def protect(parts: list[Group]) -> bool:
    """Primary and complementary suppression of parts that add up to one total.

    Each part under MIN_GROUP households is hidden; then, while the hidden parts together
    cover one to four households (their sum would follow from the total), the smallest
    shown part with households is hidden as well. Returns True when that was not enough:
    the caller must then hide the total.
    """
    for part in parts:
        mark_small(part)
    while True:
        hidden = set().union(*(part.household_ids for part in parts if part.hidden))
        if not 0 < len(hidden) < MIN_GROUP:
            return False
        shown = [part for part in parts if not part.hidden and part.households]
        if not shown:
            return True
        min(shown, key=lambda part: (part.households, part.weight())).protecting = True


# --- the figures --------------------------------------------------------------------------


@dataclass
class SchemeRow:
    name: str
    directorate: str
    planned: Decimal = ZERO
    received: Decimal = ZERO


@dataclass
class SubprojectRow:
    name: str
    allocated: Decimal
    money: Money


@dataclass
class EffectBlock:
    """One sub-project's evaluation (effects.report) as the effects context writes it."""

    subproject: str
    participants: str
    lines: list
    # The count for the plural ("1 participant", "7 participants"); None when suppressed.
    participant_count: int | None = None


@dataclass
class MunicipalityFigures:
    name: str
    agreements: list[str]
    schemes: list[SchemeRow]
    subprojects: list[SubprojectRow]
    money: Money
    allocated: Decimal
    time: TimeToHelp
    perceived: PerceivedEffect
    effects: list[EffectBlock]


@dataclass
class StateOverview:
    starts_on: datetime.date
    ends_on: datetime.date
    municipalities: list[MunicipalityFigures]
    schemes: list[SchemeRow]
    money: Money
    allocated: Decimal
    time: TimeToHelp
    perceived: PerceivedEffect | None  # None: hidden, it would give a small group back
    answers: int = 0
    outcomes: int = 0

    @property
    def has_data(self) -> bool:
        return bool(self.money.supports or self.time.n or self.answers or self.outcomes)

    @property
    def money_hidden_anywhere(self) -> bool:
        groups = [self.money, self.time]
        for figures in self.municipalities:
            groups += [figures.money, figures.time, *(row.money for row in figures.subprojects)]
        return any(group.hidden for group in groups)


def programme_years(*, today: datetime.date | None = None) -> tuple[int, int]:
    """The first and last year a reporting period can be chosen in: the agreements' years
    (this year when there is none)."""
    today = today or timezone.localdate()
    first = ProgrammeAgreement.objects.order_by("starts_on").values_list("starts_on", flat=True)
    last = ProgrammeAgreement.objects.order_by("-ends_on").values_list("ends_on", flat=True)
    start, end = first.first(), last.first()
    if start is None:
        return today.year, today.year
    return start.year, end.year


def municipalities_in_programme():
    """Municipalities with at least one programme agreement, by name."""
    return Municipality.objects.filter(agreements__isnull=False).distinct().order_by("name")


def _schemes(agreements, starts_on, ends_on) -> dict[int, dict[int, SchemeRow]]:
    """{agreement id: {scheme id: planned for the period's years, received in it}}."""
    ids = [agreement.pk for agreement in agreements]
    rows: dict[int, dict[int, SchemeRow]] = defaultdict(dict)
    planned = SchemeYearAmount.objects.filter(
        agreement_id__in=ids, year__gte=starts_on.year, year__lte=ends_on.year
    ).values_list("agreement_id", "scheme_id", "amount")
    received = Leg.objects.filter(
        account__agreement_id__in=ids,
        account__kind=AccountKind.INCOME,
        transaction__booked_on__gte=starts_on,
        transaction__booked_on__lte=ends_on,
    ).values_list("account__agreement_id", "scheme_id", "direction", "amount")
    planned, received = list(planned), list(received)
    names = {
        scheme.pk: scheme
        for scheme in GrantScheme.objects.filter(
            pk__in={row[1] for row in planned} | {row[1] for row in received}
        )
    }

    def row(agreement_id, scheme_id) -> SchemeRow:
        if scheme_id not in rows[agreement_id]:
            scheme = names[scheme_id]
            rows[agreement_id][scheme_id] = SchemeRow(scheme.name, scheme.directorate)
        return rows[agreement_id][scheme_id]

    for agreement_id, scheme_id, amount in planned:
        row(agreement_id, scheme_id).planned += amount
    for agreement_id, scheme_id, direction, amount in received:
        row(agreement_id, scheme_id).received += (
            amount if direction == Direction.CREDIT else -amount
        )
    return rows


def _allocated(subprojects, starts_on, ends_on) -> dict[int, Decimal]:
    """What each sub-project was allocated for the period's budget years: the allocations
    and reallocations booked to its budget, a budget decision about no household.

    Not the accounts' balances: once a year is carried over, its balances are what was
    spent, and that would give back the support of a group too small to show.
    """
    allocated: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for subproject_id, direction, amount in Leg.objects.filter(
        account__subproject__in=subprojects,
        account__kind=AccountKind.BUDGET,
        account__year__gte=starts_on.year,
        account__year__lte=ends_on.year,
        transaction__kind__in=(TransactionKind.ALLOCATION, TransactionKind.REALLOCATION),
    ).values_list("account__subproject_id", "direction", "amount"):
        allocated[subproject_id] += amount if direction == Direction.DEBIT else -amount
    return allocated


def _decisions(subprojects, starts_on, ends_on) -> list[tuple]:
    """(decision id, sub-project id, household id, amount, decided day) of the final
    supports decided in the period."""
    rows = (
        Decision.objects.filter(
            request__subproject__in=subprojects,
            decided_at__isnull=False,
            cancelled_at__isnull=True,
            amount__gt=0,
        )
        .exclude(outcome=Outcome.DECLINED)
        .values_list(
            "pk", "request__subproject_id", "request__household_id", "amount", "decided_at"
        )
    )
    result = []
    for pk, subproject_id, household_id, amount, decided_at in rows:
        day = timezone.localdate(decided_at)
        if starts_on <= day <= ends_on:
            result.append((pk, subproject_id, household_id, amount, day))
    return result


def _payout_days(subprojects) -> dict[int, datetime.date]:
    """{decision id: the first day one of its payouts left for the bank (or the bank's
    paid date when it confirmed one)}.

    Seam: when oversight gets a shared time-to-help selector (needs mapped → letter →
    decided → paid), this is the one place to call it instead.
    """
    first: dict[int, datetime.date] = {}
    for decision_id, paid_on, exported_at in Payment.objects.filter(
        subproject__in=subprojects, status__in=SENT
    ).values_list("support_line__request__decision", "paid_on", "exported_at"):
        day = paid_on or (timezone.localdate(exported_at) if exported_at else None)
        if decision_id is None or day is None:
            continue
        if decision_id not in first or day < first[decision_id]:
            first[decision_id] = day
    return first


def _effects(subprojects, starts_on, ends_on) -> dict[int, tuple[list[EffectBlock], int]]:
    """{municipality id: (the effects context's evaluation of each of its sub-projects
    with measured outcomes, the outcomes counted)}; a fixed number of queries."""
    windows = {}
    for subproject in subprojects:
        agreement = subproject.agreement
        start, end = max(starts_on, agreement.starts_on), min(ends_on, agreement.ends_on)
        if start <= end:
            windows[subproject] = (start, end)
    found: dict[int, tuple[list[EffectBlock], int]] = defaultdict(lambda: ([], 0))
    for report in indicator_reports(windows=windows):
        municipality_id = report.subproject.agreement.municipality_id
        blocks, outcomes = found[municipality_id]
        outcomes += sum(row.participants.n for row in report.rows)
        lines = [
            line
            for line, row in zip(effects_display.lines(report), report.rows, strict=True)
            if row.participants.n
        ]
        if lines:
            blocks.append(
                EffectBlock(
                    subproject=report.subproject.name,
                    participants=effects_display.count_text(report.participant_count),
                    lines=lines,
                    participant_count=None
                    if disclosure.suppressed(report.participant_count)
                    else report.participant_count,
                )
            )
        found[municipality_id] = (blocks, outcomes)
    return found


def _answers(subproject_ids, starts_on, ends_on) -> dict[int, dict]:
    """Raw answer counts per municipality and cell, only to decide whether the programme
    total may be shown (never shown themselves)."""
    counts: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    rows = (
        Survey.objects.filter(
            subproject_id__in=subproject_ids,
            answered_at__isnull=False,
            answered_at__date__gte=starts_on,
            answered_at__date__lte=ends_on,
        )
        .values_list("municipality_id", "helped", "how_much")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for municipality_id, helped, how_much, n in rows:
        cells = counts[municipality_id]
        cells["answered"] += n
        cells[("helped", helped)] += n
        cells[("how_much", how_much)] += n
    return counts


def _hidden_parts(perceived: PerceivedEffect, raw: dict) -> dict:
    """What a municipality's shown figures leave out, per cell of the total."""
    parts = {"answered": raw.get("answered", 0) if perceived.answered is None else 0}
    for key, shown in perceived.helped.items():
        parts[("helped", key)] = raw.get(("helped", key), 0) if shown is None else 0
    for key, shown in perceived.how_much.items():
        parts[("how_much", key)] = raw.get(("how_much", key), 0) if shown is None else 0
    return parts


def state_overview(
    *,
    user,
    starts_on: datetime.date,
    ends_on: datetime.date,
    municipality_id: int | None = None,
) -> StateOverview:
    """The state's figures for the period (and one municipality, or all of them)."""
    require_state_viewer(user=user)
    agreements = ProgrammeAgreement.objects.filter(
        starts_on__lte=ends_on, ends_on__gte=starts_on
    ).select_related("municipality")
    if municipality_id is not None:
        agreements = agreements.filter(municipality_id=municipality_id)
    agreements = list(agreements.order_by("municipality__name", "starts_on", "pk"))
    subprojects = list(
        SubProject.objects.filter(agreement__in=agreements)
        .select_related("agreement")
        .order_by("name", "pk")
    )
    schemes = _schemes(agreements, starts_on, ends_on)
    allocated = _allocated(subprojects, starts_on, ends_on)
    decisions = _decisions(subprojects, starts_on, ends_on)
    payouts = _payout_days(subprojects)
    answers = _answers([s.pk for s in subprojects], starts_on, ends_on)
    effects_by_municipality = _effects(subprojects, starts_on, ends_on)
    own_subprojects = defaultdict(list)
    for subproject in subprojects:
        own_subprojects[subproject.agreement.municipality_id].append(subproject)
    perceived = perceived_effects(
        groups={
            a.municipality_id: [s.pk for s in own_subprojects[a.municipality_id]]
            for a in agreements
        },
        since=starts_on,
        until=ends_on,
    )

    by_municipality: dict[int, list] = defaultdict(list)
    for agreement in agreements:
        by_municipality[agreement.municipality_id].append(agreement)
    money = {subproject.pk: Money() for subproject in subprojects}
    time: dict[int, TimeToHelp] = {m: TimeToHelp() for m in by_municipality}
    municipality_of = {s.pk: s.agreement.municipality_id for s in subprojects}
    for decision_id, subproject_id, household_id, amount, day in decisions:
        money[subproject_id].add(household_id, amount)
        paid = payouts.get(decision_id)
        if paid is not None and paid >= day:
            cell = time[municipality_of[subproject_id]]
            cell.household_ids.add(household_id)
            cell.days.append((paid - day).days)

    figures, outcomes = [], 0
    total_schemes: dict[int, SchemeRow] = {}
    for municipality_id_, own_agreements in by_municipality.items():
        rows = [
            SubprojectRow(s.name, allocated[s.pk], money[s.pk])
            for s in own_subprojects[municipality_id_]
        ]
        total = Money()
        for row in rows:
            total.household_ids |= row.money.household_ids
            total.supports += row.money.supports
            total.amount += row.money.amount
        if protect([row.money for row in rows]):
            total.protecting = True
        mark_small(total)
        scheme_rows: dict[int, SchemeRow] = {}
        for agreement in own_agreements:
            for scheme_id, scheme_row in schemes.get(agreement.pk, {}).items():
                mine = scheme_rows.setdefault(
                    scheme_id, SchemeRow(scheme_row.name, scheme_row.directorate)
                )
                mine.planned += scheme_row.planned
                mine.received += scheme_row.received
        for scheme_id, scheme_row in scheme_rows.items():
            everyone = total_schemes.setdefault(
                scheme_id, SchemeRow(scheme_row.name, scheme_row.directorate)
            )
            everyone.planned += scheme_row.planned
            everyone.received += scheme_row.received
        effects, counted = effects_by_municipality.get(municipality_id_, ([], 0))
        outcomes += counted
        figures.append(
            MunicipalityFigures(
                name=own_agreements[0].municipality.name,
                agreements=[agreement.name for agreement in own_agreements],
                schemes=sorted(scheme_rows.values(), key=lambda r: r.name),
                subprojects=rows,
                money=total,
                allocated=sum((row.allocated for row in rows), ZERO),
                time=time[municipality_id_],
                perceived=perceived[municipality_id_],
                effects=effects,
            )
        )

    everything = Money()
    all_time = TimeToHelp()
    for item in figures:
        everything.household_ids |= item.money.household_ids
        everything.supports += item.money.supports
        everything.amount += item.money.amount
        all_time.household_ids |= item.time.household_ids
        all_time.days += item.time.days
    # Each municipality's total stands in its own equation (its sub-projects), so across
    # municipalities it is the programme total that is hidden when it would give back a
    # small municipality.
    if _gives_back([item.money for item in figures]):
        everything.protecting = True
    mark_small(everything)
    for item in figures:
        mark_small(item.time)
    if _gives_back([item.time for item in figures]):
        all_time.protecting = True
    mark_small(all_time)

    # The perceived-effect total, unless it would give a hidden part back.
    total_perceived = perceived_effect(
        subproject_ids=[s.pk for s in subprojects], since=starts_on, until=ends_on
    )
    leftover: dict = defaultdict(int)
    for municipality_id_, item in zip(by_municipality, figures, strict=True):
        for key, count in _hidden_parts(item.perceived, answers.get(municipality_id_, {})).items():
            leftover[key] += count
    if any(0 < count < MIN_GROUP for count in leftover.values()):
        total_perceived = None

    return StateOverview(
        starts_on=starts_on,
        ends_on=ends_on,
        municipalities=figures,
        schemes=sorted(total_schemes.values(), key=lambda r: r.name),
        money=everything,
        allocated=sum((item.allocated for item in figures), ZERO),
        time=all_time,
        perceived=total_perceived,
        answers=sum(cells.get("answered", 0) for cells in answers.values()),
        outcomes=outcomes,
    )


def _gives_back(parts: list[Group]) -> bool:
    """Whether the hidden parts together cover one to four households, so that the total
    minus the shown parts would name a small group."""
    hidden = set().union(*(part.household_ids for part in parts if part.hidden))
    return 0 < len(hidden) < MIN_GROUP
