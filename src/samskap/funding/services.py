"""Writes on grant schemes, programme agreements, the pot's ledger and delegated limits."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from samskap.audit.services import audit_record_create
from samskap.core.errors import DomainError
from samskap.core.money import parse_amount
from samskap.funding.authority_services import authority_ceiling_set, authority_limit_set
from samskap.funding.guards import lock_subprojects
from samskap.funding.models import (
    GrantScheme,
    ProgrammeAgreement,
    ProgrammeEffectGoal,
    SchemeYearAmount,
)
from samskap.funding.money_services import (
    Payout,
    money_commit,
    money_pay,
    money_pay_many,
    money_release,
    money_unpay,
)
from samskap.funding.pot_services import (
    agreement_close,
    allocation_create,
    carry_over_create,
    grant_receipt_create,
    reallocation_create,
    transaction_reverse,
)

__all__ = [
    "Payout",
    "agreement_close",
    "agreement_create",
    "allocation_create",
    "authority_ceiling_set",
    "authority_limit_set",
    "carry_over_create",
    "grant_receipt_create",
    "grant_scheme_create",
    "lock_subprojects",
    "money_commit",
    "money_pay",
    "money_pay_many",
    "money_release",
    "money_unpay",
    "reallocation_create",
    "transaction_reverse",
]


@transaction.atomic
def grant_scheme_create(
    *,
    acting_user,
    name: str,
    ministry: str,
    directorate: str,
    budget_chapter: str,
    budget_post: str,
    reporting_duties: str = "",
) -> GrantScheme:
    scheme = GrantScheme(
        name=name,
        ministry=ministry,
        directorate=directorate,
        budget_chapter=budget_chapter,
        budget_post=budget_post,
        reporting_duties=reporting_duties,
    )
    scheme.full_clean()
    scheme.save()
    audit_record_create(
        actor=acting_user,
        action="grant_scheme.create",
        target=scheme,
        new_values={"name": name, "budget_line": scheme.budget_line},
    )
    return scheme


@transaction.atomic
def agreement_create(
    *,
    acting_user,
    municipality,
    name: str,
    reference: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    yearly_amounts: dict[GrantScheme, dict[int, Decimal]],
    effect_goals: list[str] = (),
) -> ProgrammeAgreement:
    """Register a programme agreement with each scheme's amount per calendar year."""
    if starts_on >= ends_on:
        raise DomainError(_("The agreement must end after it starts."), field="ends_on")
    agreement = ProgrammeAgreement(
        municipality=municipality,
        name=name,
        reference=reference,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    agreement.full_clean()
    agreement.save()
    years = set(agreement.years)
    lines = []
    for scheme, per_year in yearly_amounts.items():
        for year, amount in per_year.items():
            if year not in years:
                raise DomainError(
                    _("%(year)s is outside the agreement period.") % {"year": year}, field="year"
                )
            lines.append(
                SchemeYearAmount(
                    agreement=agreement, scheme=scheme, year=year, amount=parse_amount(amount)
                )
            )
    SchemeYearAmount.objects.bulk_create(lines)
    ProgrammeEffectGoal.objects.bulk_create(
        ProgrammeEffectGoal(agreement=agreement, position=position, description=text)
        for position, text in enumerate(effect_goals, start=1)
    )
    audit_record_create(
        actor=acting_user,
        action="agreement.create",
        target=agreement,
        new_values={
            "reference": reference,
            "starts_on": starts_on,
            "ends_on": ends_on,
            # [budget line, year, amount] rows: the trail's keys are fixed names only.
            "yearly_amounts": [
                [scheme.budget_line, year, str(amount)]
                for scheme, per_year in yearly_amounts.items()
                for year, amount in per_year.items()
            ],
        },
        municipality=municipality,
    )
    return agreement
