"""Writes of the outside account: saving a calculated scenario and revising a unit cost.
Each is one transaction with its audit row (ids, amounts, years; never free text)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from samskap.audit.services import audit_record_create
from samskap.core.errors import DomainError
from samskap.outside_account import access, cpi, engine, live, report
from samskap.outside_account.models import SavedResult, TargetGroup, UnitCost


def _domain_error(error: engine.ScenarioError) -> DomainError:
    return DomainError(error.translated(_), field=error.field)


def result_save(
    *,
    acting_user,
    subproject_id: int,
    target_group: TargetGroup,
    settings: dict,
    inputs: dict,
    unit_costs: list[UnitCost],
) -> SavedResult:
    """Recalculate `inputs` and store it with the unit cost versions it used. Bad input
    raises DomainError naming the field and stores nothing."""
    subproject = access.access_account_subproject(
        user=acting_user, subproject_id=subproject_id, for_write=True
    )
    try:
        scenario, result, sensitivity, run = live.run(inputs)
    except engine.ScenarioError as error:
        raise _domain_error(error) from error
    with transaction.atomic():
        saved = SavedResult.objects.create(
            subproject=subproject,
            municipality_id=subproject.agreement.municipality_id,
            target_group=target_group,
            saved_by=acting_user,
            settings=settings,
            scenario=inputs,
            cpi_series=cpi.label(),
            npv=Decimal(str(round(result.npv, 2))),
            break_even_year_discounted=result.break_even_year_discounted,
            break_even_year_undiscounted=result.break_even_year_undiscounted,
            result=report.as_dict(result, monte_carlo=run, sensitivity=sensitivity),
        )
        saved.unit_costs.set(unit_costs)
        audit_record_create(
            actor=acting_user,
            action="outside_account.result_save",
            target=saved,
            municipality=subproject.agreement.municipality,
            new_values={
                "subproject": subproject.pk,
                "target_group": target_group.pk,
                "npv": saved.npv,
                "break_even_year_discounted": saved.break_even_year_discounted,
                "break_even_year_undiscounted": saved.break_even_year_undiscounted,
                "unit_costs": sorted(row.pk for row in unit_costs),
                "draws": scenario.draws,
            },
        )
    return saved


def unit_cost_revise(
    *,
    acting_user,
    unit_cost_id: int,
    amount,
    price_year: int,
    source: str,
    effective_from: date,
) -> UnitCost:
    """A new version of a unit cost for the acting user's municipality, in force from
    `effective_from`. Older versions and the results that used them stay as they were."""
    current = access.access_unit_cost(user=acting_user, unit_cost_id=unit_cost_id, for_write=True)
    try:
        amount = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise DomainError(_("Enter the amount as a number."), field="amount") from error
    if not amount.is_finite() or abs(amount) >= Decimal("1e10"):
        raise DomainError(_("Enter the amount as a number."), field="amount")
    if not 1900 <= int(price_year) <= cpi.current_price_year() + 1:
        raise DomainError(
            _("The price year must be between 1900 and %(year)s.")
            % {"year": cpi.current_price_year() + 1},
            field="price_year",
        )
    if not source or not source.strip():
        raise DomainError(_("Say where the value comes from."), field="source")
    municipality_id = acting_user.municipality_id if acting_user is not None else None
    with transaction.atomic():
        same = UnitCost.objects.select_for_update().filter(
            target_group=current.target_group, category=current.category, payer=current.payer
        )
        version = (same.aggregate(top=Max("version"))["top"] or 0) + 1
        revised = UnitCost.objects.create(
            target_group=current.target_group,
            municipality_id=municipality_id,
            category=current.category,
            payer=current.payer,
            amount=amount.quantize(Decimal("0.01")),
            price_year=int(price_year),
            source=source.strip(),
            effective_from=effective_from,
            version=version,
            created_by=acting_user,
        )
        audit_record_create(
            actor=acting_user,
            action="outside_account.unit_cost_revise",
            target=revised,
            municipality=acting_user.municipality if acting_user is not None else None,
            old_values={
                "unit_cost": current.pk,
                "version": current.version,
                "amount": current.amount,
            },
            new_values={
                "unit_cost": revised.pk,
                "target_group": revised.target_group_id,
                "category": revised.category,
                "payer": revised.payer,
                "version": revised.version,
                "amount": revised.amount,
                "price_year": revised.price_year,
                "effective_from": revised.effective_from,
            },
        )
    return revised
