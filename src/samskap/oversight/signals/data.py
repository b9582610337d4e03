"""What the misuse signals read: one municipality's year, in a fixed number of queries.

Every query is set-based (whatever the number of decisions, households or staff, the
count is the same); the rules in `rules.py` only group these rows in Python.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from samskap.audit.models import AuditRecord
from samskap.funding.models import AuthorityCeiling, AuthorityLimit
from samskap.payments.models import Payment, PaymentStatus
from samskap.people.models import Enrolment, Household, Member
from samskap.subprojects.models import SubProject, TeamMembership
from samskap.support.models import Decision, Outcome, SecondVerdict, SupportForm


@dataclass(frozen=True)
class Support:
    """One final, not cancelled decision that granted money."""

    decision_id: int
    household_id: int
    subproject_id: int
    proposed_by_id: int
    decided_by_id: int
    second_approver_id: int | None
    confirmed_by_second: bool
    needs_second_approval: bool
    amount: Decimal
    decided_at: datetime.datetime


@dataclass(frozen=True)
class AccountChange:
    household_id: int
    at: datetime.datetime


@dataclass(frozen=True)
class CashPayment:
    payment_id: int
    household_id: int
    subproject_id: int
    amount: Decimal
    at: datetime.datetime


# How far back the window-based rules (split, several, repeat) look from 1 January: a
# window never stops at the turn of the year (the longest window is a year).
LOOKBACK = datetime.timedelta(days=366)


def local_year(moment: datetime.datetime) -> int:
    return timezone.localtime(moment).year


@dataclass
class YearData:
    """The year's supports (`supports`: what the per-year rules count) and, for the
    window-based rules, the supports of the year and the `LOOKBACK` before it
    (`history`): a window that ends in the year is the year's signal, wherever it began."""

    municipality_id: int
    year: int
    supports: list[Support] = field(default_factory=list)
    history: list[Support] = field(default_factory=list)
    subprojects: dict[int, SubProject] = field(default_factory=dict)
    staff_names: dict[int, str] = field(default_factory=dict)
    # household -> [(birth year, national id)]
    members: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    accounts: dict[int, str] = field(default_factory=dict)  # household -> payout account
    shared_accounts: dict[str, list[int]] = field(default_factory=dict)
    enrolled: dict[int, set[int]] = field(default_factory=dict)  # household -> sub-projects
    seats: dict[int, dict[int, str]] = field(default_factory=dict)  # sub-project -> user -> role
    limits: dict = field(default_factory=dict)  # see _limits
    account_changes: list[AccountChange] = field(default_factory=list)
    cash_payments: list[CashPayment] = field(default_factory=list)


def _limits(municipality_id: int) -> dict:
    """Each (sub-project, team role)'s limit per decision: the sub-project's own limit over
    the municipality's default, capped by the sub-project's ceiling (two queries)."""
    rows = list(AuthorityLimit.objects.filter(municipality_id=municipality_id))
    ceilings = dict(
        AuthorityCeiling.objects.filter(
            subproject__agreement__municipality_id=municipality_id
        ).values_list("subproject_id", "max_per_decision")
    )
    return {
        "defaults": {r.team_role: r.max_per_decision for r in rows if r.subproject_id is None},
        "own": {
            (r.subproject_id, r.team_role): r.max_per_decision
            for r in rows
            if r.subproject_id is not None
        },
        "ceilings": ceilings,
    }


def limit_for(data: YearData, subproject_id: int, role: str | None) -> Decimal | None:
    if role is None:
        return None
    limits = data.limits
    limit = limits["own"].get((subproject_id, role), limits["defaults"].get(role))
    ceiling = limits["ceilings"].get(subproject_id)
    if limit is None:
        return None
    return min(limit, ceiling) if ceiling is not None else limit


def year_data(*, municipality_id: int, year: int) -> YearData:
    """The year's supports and everything the rules compare them with (13 queries)."""
    data = YearData(municipality_id=municipality_id, year=year)
    start = datetime.date(year, 1, 1)
    rows = (
        Decision.objects.filter(
            request__subproject__agreement__municipality_id=municipality_id,
            decided_at__date__gte=start - LOOKBACK,
            decided_at__year__lte=year,
            cancelled_at__isnull=True,
            amount__gt=0,
        )
        .exclude(outcome=Outcome.DECLINED)
        .order_by("decided_at", "pk")
        .values_list(
            "pk",
            "request__household_id",
            "request__subproject_id",
            "request__proposed_by_id",
            "decided_by_id",
            "second_approver_id",
            "second_verdict",
            "needs_second_approval",
            "amount",
            "decided_at",
        )
    )
    data.history = [
        Support(
            pk,
            household,
            sub,
            proposer,
            decider,
            second,
            verdict == SecondVerdict.CONFIRMED,
            needs,
            amount,
            at,
        )
        for pk, household, sub, proposer, decider, second, verdict, needs, amount, at in rows
    ]
    data.supports = [s for s in data.history if local_year(s.decided_at) == year]
    data.subprojects = {
        s.pk: s for s in SubProject.objects.filter(agreement__municipality_id=municipality_id)
    }
    households = {s.household_id for s in data.history}
    members = defaultdict(list)
    for household, birth_year, national_id in Member.objects.filter(
        household_id__in=households
    ).values_list("household_id", "birth_year", "national_id"):
        members[household].append((birth_year, national_id))
    data.members = dict(members)
    shared = (
        Household.objects.filter(municipality_id=municipality_id)
        .exclude(bank_account="")
        .values("bank_account")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .values_list("bank_account", flat=True)
    )
    by_account = defaultdict(list)
    for pk, account in Household.objects.filter(
        municipality_id=municipality_id, bank_account__in=shared
    ).values_list("pk", "bank_account"):
        by_account[account].append(pk)
    data.shared_accounts = dict(by_account)
    wanted = households | {pk for group in by_account.values() for pk in group}
    data.accounts = dict(
        Household.objects.filter(pk__in=households).values_list("pk", "bank_account")
    )
    enrolled = defaultdict(set)
    for household, subproject in Enrolment.objects.filter(household_id__in=wanted).values_list(
        "household_id", "subproject_id"
    ):
        enrolled[household].add(subproject)
    data.enrolled = dict(enrolled)
    seats = defaultdict(dict)
    for subproject, user, role in TeamMembership.objects.filter(
        subproject__agreement__municipality_id=municipality_id
    ).values_list("subproject_id", "user_id", "team_role"):
        seats[subproject][user] = role
    data.seats = dict(seats)
    data.limits = _limits(municipality_id)
    staff = {s.proposed_by_id for s in data.history} | {s.decided_by_id for s in data.history}
    staff |= {s.second_approver_id for s in data.history if s.second_approver_id}
    data.staff_names = {
        user.pk: str(user) for user in get_user_model().objects.filter(pk__in=staff)
    }
    # Changes of an existing payout account (the first one registered is no change).
    for object_id, at, old in AuditRecord.objects.filter(
        municipality_id=municipality_id,
        action="household.bank_account",
        at__date__gte=start - datetime.timedelta(days=366),
    ).values_list("object_id", "at", "old_values"):
        if (old or {}).get("bank_account_last4"):
            data.account_changes.append(AccountChange(int(object_id), at))
    data.cash_payments = [
        CashPayment(pk, household, subproject, amount, at)
        for pk, household, subproject, amount, at in Payment.objects.filter(
            municipality_id=municipality_id,
            created_at__year=year,
            support_line__form=SupportForm.CASH,
        )
        .exclude(status=PaymentStatus.CANCELLED)
        .values_list(
            "pk", "support_line__request__household_id", "subproject_id", "amount", "created_at"
        )
    ]
    return data
