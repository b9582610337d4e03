"""Read side of the outside account: the library in force, counts from effects, costs
from the ledger, saved results. Every function that takes a user applies their scope."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from samskap.effects.selectors import indicator_counts
from samskap.funding.selectors import subproject_budget
from samskap.outside_account.access import access_account_subproject
from samskap.outside_account.models import SavedResult, TargetGroup, UnitCost


def target_groups():
    return TargetGroup.objects.order_by("name")


def unit_costs_in_force(
    *, target_group, municipality_id: int | None, on: date | None = None
) -> list[UnitCost]:
    """Per category and payer, the newest version in force on `on` (default today): the
    municipality's own revision when it has one, else the shipped default."""
    on = on or timezone.localdate()
    rows = (
        UnitCost.objects.filter(target_group=target_group, effective_from__lte=on)
        .filter(Q(municipality__isnull=True) | Q(municipality_id=municipality_id))
        .order_by("category", "payer", "effective_from", "version")
    )
    chosen: OrderedDict[tuple[str, str], UnitCost] = OrderedDict()
    for row in rows:
        key = (row.category, row.payer)
        current = chosen.get(key)
        # the municipality's own versions win over the shipped ones; newest wins within
        if current is None or (row.municipality_id is not None) >= (
            current.municipality_id is not None
        ):
            chosen[key] = row
    return list(chosen.values())


def library(*, user) -> list[dict]:
    """Each target group with every version the user may see, newest first."""
    municipality_id = getattr(user, "municipality_id", None)
    groups = []
    for group in target_groups():
        versions = (
            UnitCost.objects.filter(target_group=group)
            .filter(Q(municipality__isnull=True) | Q(municipality_id=municipality_id))
            .order_by("category", "payer", "-version")
        )
        in_force = {
            row.pk
            for row in unit_costs_in_force(target_group=group, municipality_id=municipality_id)
        }
        groups.append({"group": group, "versions": list(versions), "in_force": in_force})
    return groups


def outcome_counts(*, user, subproject_id: int):
    """N and k per indicator from the recorded outcomes (effects); suppressed ones stay
    hidden by the caller."""
    return indicator_counts(user=user, subproject_id=subproject_id)


def ledger_costs(*, subproject, basis: str = "allocated") -> dict[int, Decimal]:
    """The sub-project's cost per year from the ledger (NOK, the year's prices): with
    basis "allocated" its whole budget (committed + paid + remaining), with "used" what it
    has committed and paid so far. Years with nothing are left out."""
    costs = {}
    for year in subproject.agreement.years:
        budget = subproject_budget(subproject=subproject, year=year)
        amount = budget.allocated if basis == "allocated" else budget.committed + budget.paid
        if amount:
            costs[year] = amount
    return costs


def saved_results(*, user, subproject_id: int):
    subproject = access_account_subproject(user=user, subproject_id=subproject_id)
    return SavedResult.objects.filter(subproject=subproject).select_related(
        "target_group", "saved_by"
    )
