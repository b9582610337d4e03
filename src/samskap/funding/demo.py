"""Demo step for the pot: receipts so far, allocations to the eight sub-projects, limits.

Runs after the foundation step. The year before this one is history: its receipts, its
allocations and the payouts made before Samskap (one summary line per sub-project and
month), and the unused budget carried over. This year has receipts up to today and
fresh allocations. A second run changes nothing.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from samskap.core.money import round_nok
from samskap.funding import services
from samskap.funding.models import GrantReceipt, GrantScheme, SchemeYearAmount
from samskap.subprojects.models import TeamRole

# Share of each year's allocated pot per sub-project (sums to 1).
SHARES = {
    "Tidlig innsats Brundalen": Decimal("0.18"),
    "Fritid for alle barn og unge": Decimal("0.14"),
    "Stødig start": Decimal("0.12"),
    "Veien til førerkortet": Decimal("0.10"),
    "På egne ben, men ikke alene": Decimal("0.12"),
    "Som de andre": Decimal("0.12"),
    "Flyktningefamilien i sentrum": Decimal("0.12"),
    "Praktisk grunnskole": Decimal("0.10"),
}
# Praktisk grunnskole is financed by the education scheme alone (an earmarked allocation).
EARMARKED = {"Praktisk grunnskole": ("225", "64")}
ALLOCATED_SHARE = Decimal("0.85")
# How much of last year's budget each sub-project spent before Samskap took over.
SPENT_SHARE = Decimal("0.80")

# (team role, per decision, per household per year): the municipality's defaults.
DEFAULT_LIMITS = [
    (TeamRole.CONTACT_PERSON, "10000", "30000"),
    (TeamRole.MEMBER, "5000", "15000"),
    (TeamRole.LEAD, "25000", "60000"),
]
# Driving lessons cost more: a higher limit for contact persons in that sub-project.
SUBPROJECT_LIMITS = [("Veien til førerkortet", TeamRole.CONTACT_PERSON, "20000", "40000")]


def load(context: dict) -> None:
    agreement = context["agreement"]
    if GrantReceipt.objects.filter(agreement=agreement).exists():
        return
    economist = context["users"]["okonom"]
    subprojects = context["subprojects"]
    today = timezone.localdate()
    last_year, this_year = today.year - 1, today.year

    for year in (last_year, this_year):
        _receive(economist, agreement, year, today)
        # The budget meeting after each payment from the state shares out most of it.
        for month in (2, 8):
            booked_on = _day(year, month, 20)
            if booked_on <= today:
                _allocate(economist, agreement, subprojects, year, month, booked_on)
    _spend_history(subprojects, last_year)
    services.carry_over_create(
        acting_user=economist,
        agreement=agreement,
        year=last_year,
        reason=f"Ubrukt budsjett {last_year} overført til {this_year}",
        booked_on=_day(this_year, 1, 5),
    )
    _limits(economist, agreement, subprojects)


def _day(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


def _receive(economist, agreement, year: int, today: datetime.date) -> None:
    """The state pays each scheme in two halves, in February and August."""
    for line in SchemeYearAmount.objects.filter(agreement=agreement, year=year).select_related(
        "scheme"
    ):
        half = round_nok(line.amount / 2)
        for number, (received_on, amount) in enumerate(
            [(_day(year, 2, 15), half), (_day(year, 8, 15), line.amount - half)], start=1
        ):
            if received_on > today:
                continue
            services.grant_receipt_create(
                acting_user=economist,
                agreement=agreement,
                scheme=line.scheme,
                received_on=received_on,
                amount=amount,
                reference=f"{line.scheme.budget_line}-{year}-{number}",
            )


def _thousands(amount: Decimal) -> Decimal:
    return round_nok(amount / 1000).quantize(Decimal("1")) * 1000


def _allocate(economist, agreement, subprojects, year: int, month: int, booked_on) -> None:
    """Allocate a share of what the state paid that month; earmarked sub-projects first."""
    receipts = GrantReceipt.objects.filter(
        agreement=agreement, received_on__year=year, received_on__month=month
    )
    budget = sum((r.amount for r in receipts), Decimal("0")) * ALLOCATED_SHARE
    for name in sorted(SHARES, key=lambda name: name not in EARMARKED):
        scheme = None
        if name in EARMARKED:
            chapter, post = EARMARKED[name]
            scheme = GrantScheme.objects.get(budget_chapter=chapter, budget_post=post)
        amount = _thousands(budget * SHARES[name])
        if amount <= 0:
            continue
        services.allocation_create(
            acting_user=economist,
            subproject=subprojects[name],
            year=year,
            amount=amount,
            reason=f"Fordeling etter budsjettmøtet {booked_on:%d.%m.%Y}",
            earmarked_scheme=scheme,
            booked_on=booked_on,
        )


def _spend_history(subprojects, year: int) -> None:
    """Last year's support, decided and paid before Samskap: one line per month, March on."""
    from samskap.funding.selectors import subproject_budget

    for subproject in subprojects.values():
        monthly = round_nok(
            subproject_budget(subproject=subproject, year=year).remaining * SPENT_SHARE / 10
        )
        if monthly <= 0:
            continue
        for month in range(3, 13):
            day = _day(year, month, 28)
            key = f"demo-history-{subproject.pk}-{year}-{month}"
            reason = f"Utbetalt støtte {month:02d}/{year} (overført fra økonomisystemet)"
            services.money_commit(
                acting_user=None,
                subproject=subproject,
                amount=monthly,
                idempotency_key=f"{key}-commit",
                reason=reason,
                booked_on=day,
            )
            services.money_pay(
                acting_user=None,
                subproject=subproject,
                amount=monthly,
                idempotency_key=f"{key}-pay",
                reason=reason,
                booked_on=day,
            )


def _limits(economist, agreement, subprojects) -> None:
    for team_role, per_decision, per_year in DEFAULT_LIMITS:
        services.authority_limit_set(
            acting_user=economist,
            municipality=agreement.municipality,
            team_role=team_role,
            max_per_decision=per_decision,
            max_per_household_per_year=per_year,
        )
    for name, team_role, per_decision, per_year in SUBPROJECT_LIMITS:
        services.authority_limit_set(
            acting_user=economist,
            municipality=agreement.municipality,
            subproject=subprojects[name],
            team_role=team_role,
            max_per_decision=per_decision,
            max_per_household_per_year=per_year,
        )
