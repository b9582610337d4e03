"""Read side of funding, already narrowed to what the user may see."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from samskap.core.errors import NotFoundOrForbidden
from samskap.funding.models import GrantScheme, ProgrammeAgreement, SchemeYearAmount


def agreements_visible_to(*, user) -> QuerySet[ProgrammeAgreement]:
    agreements = ProgrammeAgreement.objects.select_related("municipality")
    if user.is_superuser or user.is_state_viewer:
        return agreements
    return agreements.filter(municipality_id=user.municipality_id)


def agreement_for(*, user, agreement_id: int) -> ProgrammeAgreement:
    try:
        return agreements_visible_to(user=user).get(pk=agreement_id)
    except ProgrammeAgreement.DoesNotExist as error:
        raise NotFoundOrForbidden("agreement") from error


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
