"""One person, one limit; and who may confirm a decision that waits for a second approver.

What a household "already received this year" counts every household of the
municipality that shares a person with it (by national ID, when members have one) or
its payout account, so registering someone twice never doubles their limit. Re-exported
by `samskap.support.selectors`, which the other modules and apps import.
"""

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.core.money import format_nok
from samskap.core.rows import Columns
from samskap.funding import selectors as funding_selectors
from samskap.funding.selectors import Authority
from samskap.payments.models import Payment, PaymentStatus
from samskap.people.models import Household, Member
from samskap.subprojects.models import TeamMembership, TeamRole
from samskap.support.models import Decision, Outcome, SupportRequest

ZERO = Decimal("0.00")


def final_decisions_this_year() -> QuerySet[Decision]:
    """Decisions that granted money this calendar year and still stand (not cancelled)."""
    year = timezone.localdate().year
    return Decision.objects.filter(decided_at__year=year, cancelled_at__isnull=True).exclude(
        outcome=Outcome.DECLINED
    )


def _related_rows(ids: list[int]) -> list[tuple]:
    """(household, municipality, payout account, a member's national ID or "") rows: the
    households asked for, one per member; the households of their municipalities with one
    of their payout accounts; and the members of those municipalities with one of their
    national IDs. One hand-written statement: it reads what the four ORM queries read
    before, for a fifth of the Python (issue 14: each ORM query cost about 0.8 ms to build,
    more than the database took to answer it). Ids, account numbers and national IDs only:
    no money is read here.

    The households asked for are read once, as `asked` (their accounts and their members'
    national IDs), and the ids are one array on PostgreSQL: with the ids listed five times
    planning the statement cost about 1 ms more of a new backend's CPU than running it
    (issue 14, the meeting agenda's 51 households)."""
    quote = connection.ops.quote_name
    household, member = Household._meta, Member._meta
    h_table, m_table = quote(household.db_table), quote(member.db_table)
    h_municipality = quote(household.get_field("municipality").column)
    h_account = quote(household.get_field("bank_account").column)
    m_household = quote(member.get_field("household").column)
    m_national_id = quote(member.get_field("national_id").column)
    if connection.vendor == "postgresql":
        asked, params = "= ANY(%s::bigint[])", [ids]
    else:
        asked, params = f"IN ({', '.join(['%s'] * len(ids))})", list(ids)
    sql = f"""
        WITH asked AS (
            SELECT h.id, h.{h_municipality} AS municipality, h.{h_account} AS account,
                   m.{m_national_id} AS national_id
              FROM {h_table} h LEFT JOIN {m_table} m ON m.{m_household} = h.id
             WHERE h.id {asked})
        SELECT id, municipality, account, national_id FROM asked
        UNION ALL
        SELECT o.id, o.{h_municipality}, o.{h_account}, ''
          FROM {h_table} o
         WHERE o.{h_municipality} IN (SELECT municipality FROM asked)
           AND o.{h_account} IN (SELECT account FROM asked WHERE account <> '')
        UNION ALL
        SELECT o.id, o.{h_municipality}, o.{h_account}, p.{m_national_id}
          FROM {m_table} p JOIN {h_table} o ON o.id = p.{m_household}
         WHERE o.{h_municipality} IN (SELECT municipality FROM asked)
           AND p.{m_national_id} IN (SELECT national_id FROM asked WHERE national_id <> '')
    """  # noqa: S608 (names from the models' meta; every value is a parameter)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def related_household_ids(*, household_ids) -> dict[int, set[int]]:
    """Each household with itself and every household of its municipality that shares a
    member's national ID or the payout account with it. One query (none for no household);
    the groups are made here, by (municipality, account) and (municipality, national ID).
    """
    ids = sorted({int(pk) for pk in household_ids if pk is not None})
    if not ids:
        return {}
    rows = _related_rows(ids)
    ids = set(ids)
    found: dict[int, tuple] = {}
    national_ids = defaultdict(set)
    by_account: dict[tuple, set[int]] = defaultdict(set)
    by_person: dict[tuple, set[int]] = defaultdict(set)
    for pk, municipality, account, national_id in rows:
        if pk in ids:
            found[pk] = (municipality, account)
            if national_id:
                national_ids[pk].add(national_id)
        if account:
            by_account[(municipality, account)].add(pk)
        if national_id:
            by_person[(municipality, national_id)].add(pk)
    related = {}
    for pk, (municipality, account) in found.items():
        group = {pk}
        if account:
            group |= by_account[(municipality, account)]
        for national_id in national_ids[pk]:
            group |= by_person[(municipality, national_id)]
        related[pk] = group
    return related


# Payments that no longer pay their line: the bank sent them back, or they were cancelled.
SPENT_STATUSES = (PaymentStatus.RETURNED, PaymentStatus.CANCELLED)


@functools.cache
def _amount() -> Columns:
    """The decision's amount column, with its converters (SQLite's sums are numbers)."""
    return Columns(Decision, ("amount",))


def _granted_per_household(household_ids) -> dict[int, Decimal]:
    """{household: what `final_decisions_this_year` granted it} for those granted
    anything: one written-out statement, as `final_decisions_this_year()` filtered by
    household and summed (the ORM took about 1.5 ms to build that on every meeting page,
    more than the database took to answer it, issue 14). The year's bounds are the ORM's
    own (`year_lookup_bounds_for_datetime_field`, in the current time zone); each sum
    goes through the amount field's converters, as `Sum("amount")` does."""
    ids = sorted({int(pk) for pk in household_ids})
    if not ids:
        return {}
    if connection.vendor == "postgresql":
        asked, ids_params = "= ANY(%s::bigint[])", [ids]
    else:
        asked, ids_params = f"IN ({', '.join(['%s'] * len(ids))})", ids
    first, last = connection.ops.year_lookup_bounds_for_datetime_field(timezone.localdate().year)
    quote = connection.ops.quote_name
    amount = _amount()
    household = "r." + quote(SupportRequest._meta.get_field("household").column)
    sql = (
        f"SELECT {household}, SUM(d.{quote(Decision._meta.get_field('amount').column)})"  # noqa: S608 (names)
        f" FROM {quote(Decision._meta.db_table)} d"
        f" INNER JOIN {quote(SupportRequest._meta.db_table)} r ON r.id = d.request_id"
        " WHERE d.decided_at BETWEEN %s AND %s AND d.cancelled_at IS NULL"
        f" AND NOT (d.outcome = %s) AND {household} {asked}"
        f" GROUP BY {household}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [first, last, Outcome.DECLINED, *ids_params])
        rows = cursor.fetchall()
    return {household: amount.values((total,))[0] or ZERO for household, total in rows}


def _received_per_household(household_ids) -> dict[int, Decimal]:
    """Support decided per household this year, less lines whose latest payment the bank
    sent back (or was cancelled); a line paid again counts once more (2 queries; 1 when
    none of them was granted anything this year)."""
    received = _granted_per_household(household_ids)
    if not received:
        return received
    later = Payment.objects.filter(support_line=OuterRef("support_line"), pk__gt=OuterRef("pk"))
    spent = (
        Payment.objects.filter(
            status__in=SPENT_STATUSES,
            support_line__request__household_id__in=received,
            # Only lines of decisions that still count: a cancelled decision's cancelled
            # payments are not subtracted from what it no longer adds.
            support_line__request__decision__in=final_decisions_this_year(),
        )
        .exclude(Exists(later))
        .values("support_line__request__household_id")
        .annotate(total=Sum("amount"))
    )
    for row in spent:
        received[row["support_line__request__household_id"]] -= row["total"]
    return received


@dataclass(frozen=True)
class HouseholdYear:
    """What a household's people and payout account got this year, and how many other
    registrations of the municipality share a person or the account with it."""

    received: Decimal
    related: int


def household_year(*, household_ids) -> dict[int, HouseholdYear]:
    """`household_received_this_year` with the number of related households. Two queries
    (three when one of them was granted something this year)."""
    related = related_household_ids(household_ids=household_ids)
    per_household = _received_per_household(set().union(*related.values()) if related else [])
    return {
        pk: HouseholdYear(
            received=sum((per_household.get(other, ZERO) for other in group), start=ZERO),
            related=len(group) - 1,
        )
        for pk, group in related.items()
    }


def household_received_this_year(*, household_ids) -> dict[int, Decimal]:
    """Support decided this calendar year for each household's people and payout account
    (every related household of the municipality), less what the bank sent back.

    Two or three queries whatever the number of households.
    """
    return {pk: year.received for pk, year in household_year(household_ids=household_ids).items()}


class ReceivedThisYear:
    """`household_received_this_year` for the households of a meeting, read once (two or
    three queries) and kept up to date as the meeting decides: `add` counts a final
    decision's amount for its household, so a later request of the same people or payout account in
    the same meeting sees it, as it would read it from the database."""

    def __init__(self, *, household_ids):
        self.related = related_household_ids(household_ids=household_ids)
        self.per_household = defaultdict(
            lambda: ZERO,
            _received_per_household(set().union(*self.related.values()) if self.related else []),
        )

    def of(self, household_id: int) -> Decimal:
        group = self.related.get(household_id, {household_id})
        return sum((self.per_household[other] for other in group), start=ZERO)

    def add(self, household_id: int, amount: Decimal) -> None:
        self.per_household[household_id] += amount


def second_approval_reasons(
    *, user_id, proposed_by_id, authority: Authority | None, amount: Decimal, received: Decimal
) -> list[str]:
    """Why a decision of `amount` by this user would wait for a second approver; empty when
    it would not. The one rule the meeting applies and the agenda shows beforehand."""
    if amount <= 0:
        return []
    reasons = []
    if proposed_by_id == user_id:
        reasons.append(_("you proposed it yourself"))
    if authority is None:
        reasons.append(_("you have no delegated authority here"))
        return reasons
    per_decision = authority.max_per_decision
    if per_decision is not None and amount > per_decision:
        reasons.append(
            _("above your limit per decision (%(limit)s)") % {"limit": format_nok(per_decision)}
        )
    per_year = authority.max_per_household_per_year
    if per_year is not None and received + amount > per_year:
        reasons.append(
            _("above your limit per household this year (%(limit)s, already %(received)s)")
            % {"limit": format_nok(per_year), "received": format_nok(received)}
        )
    return reasons


class Level(StrEnum):
    """Who must confirm a decision above the first approver's authority."""

    TEAM = "team"  # a team member with authority that covers it
    LEAD = "lead"  # nobody else on the team: the sub-project's lead
    ECONOMY = "economy"  # nobody on the team: the economist (up to the ceiling)
    NOBODY = "nobody"  # above the sub-project's ceiling: it can only be declined


@dataclass
class ApprovalNeed:
    """Who may confirm one waiting decision, and the sentence the team sees about it."""

    level: Level
    amount: Decimal
    received: Decimal
    approvers: list = field(default_factory=list)

    @property
    def label(self) -> str:
        names = ", ".join(str(user) for user in self.approvers)
        if self.level == Level.TEAM:
            return _("Needs approval by a team member with authority: %(names)s.") % {
                "names": names
            }
        if self.level == Level.LEAD:
            return _("Needs approval by the sub-project lead: %(names)s.") % {"names": names}
        if self.level == Level.ECONOMY:
            return _(
                "Needs approval by the economist: no one on the team has authority for %(amount)s."
            ) % {"amount": format_nok(self.amount)}
        return _(
            "Above the sub-project's ceiling: no one can approve %(amount)s. "
            "It can only be declined."
        ) % {"amount": format_nok(self.amount)}

    def may_confirm(self, user) -> bool:
        return any(approver.pk == user.pk for approver in self.approvers)


def _covers(authority: Authority | None, *, amount: Decimal, received: Decimal) -> bool:
    return authority is not None and authority.covers(amount=amount, received=received)


@dataclass(frozen=True)
class Proposal:
    """An amount someone decides (or would decide) on a request; `key` names it."""

    key: object
    request: object
    amount: Decimal
    decided_by_id: int | None


def approval_needs(*, decisions) -> dict[int, ApprovalNeed]:
    """Who may confirm each decision: team members (not the proposer, not the first
    approver) whose own authority covers the amount and the household's year; when
    none but the lead does, the lead; when nobody on the team does, the economist, up
    to the sub-project's ceiling.

    Queries: two or three for what the households received, one for the teams, three per
    sub-project; none per decision.
    """
    return needs_for(
        proposals=[
            Proposal(key=d.pk, request=d.request, amount=d.amount, decided_by_id=d.decided_by_id)
            for d in decisions
        ]
    )


def needs_for(*, proposals, received: dict[int, Decimal] | None = None) -> dict:
    """`approval_needs` for proposals that need not be stored yet (the agenda's "if we
    approve this"); pass `received` when the caller already has it (saves two or three
    queries)."""
    proposals = list(proposals)
    if not proposals:
        return {}
    requests = [proposal.request for proposal in proposals]
    subprojects = {request.subproject_id: request.subproject for request in requests}
    if received is None:
        received = household_received_this_year(household_ids={r.household_id for r in requests})
    seats: dict[int, list[TeamMembership]] = defaultdict(list)
    # A deactivated user decides nothing more: never offered as an approver.
    active = TeamMembership.objects.filter(subproject_id__in=subprojects, user__is_active=True)
    for seat in active.select_related("user"):
        seats[seat.subproject_id].append(seat)
    by_role = {
        pk: funding_selectors.authority_by_role(subproject=sub) for pk, sub in subprojects.items()
    }
    economy = {
        pk: funding_selectors.economy_authority(subproject=sub) for pk, sub in subprojects.items()
    }
    needs = {}
    for proposal in proposals:
        request = proposal.request
        had = received.get(request.household_id, ZERO)
        amount = proposal.amount
        covering = [
            seat
            for seat in seats[request.subproject_id]
            if seat.user_id not in (request.proposed_by_id, proposal.decided_by_id)
            and _covers(by_role[request.subproject_id][seat.team_role], amount=amount, received=had)
        ]
        if any(seat.team_role != TeamRole.LEAD for seat in covering):
            level = Level.TEAM
        elif covering:
            level = Level.LEAD
        elif economy[request.subproject_id].covers(amount=amount, received=had):
            level = Level.ECONOMY
        else:
            level = Level.NOBODY
        needs[proposal.key] = ApprovalNeed(
            level=level,
            amount=amount,
            received=had,
            approvers=sorted((seat.user for seat in covering), key=str),
        )
    return needs
