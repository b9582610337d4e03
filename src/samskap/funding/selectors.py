"""Read side of funding, already narrowed to what the user may see."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils import timezone

from samskap.funding.models import (
    Account,
    AccountKind,
    AuthorityLimit,
    GrantScheme,
    Leg,
    ProgrammeAgreement,
    SchemeYearAmount,
)
from samskap.subprojects.models import TeamMembership

ZERO = Decimal("0.00")


def agreements_visible_to(*, user) -> QuerySet[ProgrammeAgreement]:
    agreements = ProgrammeAgreement.objects.select_related("municipality")
    if user.is_superuser or user.is_state_viewer:
        return agreements
    return agreements.filter(municipality_id=user.municipality_id)


@dataclass
class SchemeRow:
    scheme: GrantScheme
    amounts: list[Decimal]
    total: Decimal


@dataclass
class PotPlan:
    """The agreed pot: each scheme's yearly amount, and the totals per year."""

    agreement: ProgrammeAgreement
    years: list[int]
    rows: list[SchemeRow] = field(default_factory=list)
    year_totals: list[Decimal] = field(default_factory=list)
    total: Decimal = Decimal("0.00")


def pot_plan(*, agreement: ProgrammeAgreement) -> PotPlan:
    years = agreement.years
    by_scheme: dict[int, dict[int, Decimal]] = defaultdict(dict)
    schemes: dict[int, GrantScheme] = {}
    for line in SchemeYearAmount.objects.filter(agreement=agreement).select_related("scheme"):
        by_scheme[line.scheme_id][line.year] = line.amount
        schemes[line.scheme_id] = line.scheme
    plan = PotPlan(agreement=agreement, years=years)
    for scheme in sorted(schemes.values(), key=lambda s: (s.budget_chapter, s.budget_post)):
        amounts = [by_scheme[scheme.pk].get(year, Decimal("0.00")) for year in years]
        plan.rows.append(
            SchemeRow(scheme=scheme, amounts=amounts, total=sum(amounts, Decimal("0.00")))
        )
    plan.year_totals = [
        sum((row.amounts[i] for row in plan.rows), Decimal("0.00")) for i in range(len(years))
    ]
    plan.total = sum(plan.year_totals, Decimal("0.00"))
    return plan


@dataclass
class SubprojectBudget:
    """One sub-project's money in one year: allocated = committed + paid + remaining."""

    year: int
    allocated: Decimal = ZERO
    committed: Decimal = ZERO
    paid: Decimal = ZERO
    remaining: Decimal = ZERO

    def add(self, kind: str, amount: Decimal) -> None:
        if kind == AccountKind.BUDGET:
            self.remaining += amount
        elif kind == AccountKind.COMMITTED:
            self.committed += amount
        elif kind == AccountKind.PAID:
            self.paid += amount
        else:
            return
        self.allocated += amount


def budget_year(*, agreement: ProgrammeAgreement, day=None) -> int:
    """This year, kept inside the agreement period."""
    year = (day or timezone.localdate()).year
    return min(max(year, agreement.starts_on.year), agreement.ends_on.year)


def subproject_budget(*, subproject, year: int | None = None) -> SubprojectBudget:
    """The sub-project's budget for a year (default: this year), summed over schemes."""
    if year is None:
        year = budget_year(agreement=subproject.agreement)
    budget = SubprojectBudget(year=year)
    rows = (
        Account.objects.filter(subproject=subproject, year=year)
        .values("kind")
        .annotate(total=Sum("balance"))
    )
    for row in rows:
        budget.add(row["kind"], row["total"])
    return budget


def authority_limit_for(*, user, subproject) -> AuthorityLimit | None:
    """The limit for the user's seat on this team; None means no authority to decide alone.

    A limit set for the sub-project wins over the municipality's default for that role.
    """
    membership = TeamMembership.objects.filter(subproject=subproject, user=user).first()
    if membership is None:
        return None
    limits = AuthorityLimit.objects.filter(
        municipality_id=subproject.agreement.municipality_id, team_role=membership.team_role
    )
    return (
        limits.filter(subproject=subproject).first()
        or limits.filter(subproject__isnull=True).first()
    )


def authority_limits_for_subproject(*, subproject) -> list[tuple[str, AuthorityLimit | None]]:
    """Each team role with the limit that applies to it in this sub-project."""
    from samskap.subprojects.models import TeamRole

    limits = AuthorityLimit.objects.filter(
        municipality_id=subproject.agreement.municipality_id
    ).filter(subproject__isnull=True) | AuthorityLimit.objects.filter(subproject=subproject)
    by_role: dict[str, AuthorityLimit] = {}
    for limit in sorted(limits, key=lambda item: item.subproject_id is not None):
        by_role[limit.team_role] = limit
    return [(label, by_role.get(value)) for value, label in TeamRole.choices]


def schemes_of(*, agreement: ProgrammeAgreement) -> QuerySet[GrantScheme]:
    ids = SchemeYearAmount.objects.filter(agreement=agreement).values("scheme_id")
    return GrantScheme.objects.filter(pk__in=ids)


@dataclass
class Posting:
    """One transaction as seen from a sub-project: its net effect on each kind of account."""

    transaction: object
    budget: Decimal = ZERO
    committed: Decimal = ZERO
    paid: Decimal = ZERO


def postings_for_subproject(*, subproject, limit: int = 200) -> list[Posting]:
    """The latest postings touching the sub-project's accounts, newest first."""
    legs = (
        Leg.objects.filter(account__subproject=subproject)
        .select_related("account", "transaction__acting_user", "transaction__earmarked_scheme")
        .order_by("-transaction__booked_on", "-transaction_id", "pk")
    )
    postings: dict[int, Posting] = {}
    for leg in legs:
        posting = postings.get(leg.transaction_id)
        if posting is None:
            if len(postings) >= limit:
                break
            posting = postings[leg.transaction_id] = Posting(transaction=leg.transaction)
        signed = leg.amount if leg.direction == "D" else -leg.amount
        if leg.account.kind == AccountKind.BUDGET:
            posting.budget += signed
        elif leg.account.kind == AccountKind.COMMITTED:
            posting.committed += signed
        elif leg.account.kind == AccountKind.PAID:
            posting.paid += signed
    return list(postings.values())
