"""The demo's outside account: a saved result for "Veien til førerkortet" with the
documented assumptions of live.THESIS_SETTINGS, next to the thesis's 2031."""

from samskap.outside_account import defaults, live, selectors, services
from samskap.outside_account.models import SavedResult, TargetGroup, UnitCost
from samskap.subprojects.models import SubProject


def load(context: dict) -> None:
    defaults.ship(TargetGroup, UnitCost)  # the data migration's rows, after a flush
    subproject = SubProject.objects.filter(name=live.THESIS_SUBPROJECT).first()
    if subproject is None or SavedResult.objects.filter(subproject=subproject).exists():
        return
    group = TargetGroup.objects.filter(key=live.THESIS_SETTINGS["target_group"]).first()
    if group is None:
        return
    settings = {**live.DEFAULT_SETTINGS, **live.THESIS_SETTINGS}
    unit_costs = selectors.unit_costs_in_force(
        target_group=group, municipality_id=subproject.agreement.municipality_id
    )
    inputs = live.build_inputs(
        start_year=subproject.agreement.starts_on.year,
        settings=settings,
        participants=settings["participants"],
        successes=settings["successes"],
        unit_costs=unit_costs,
        ledger_costs=selectors.ledger_costs(subproject=subproject, basis=settings["cost_basis"]),
        agreement_years=subproject.agreement.years,
    )
    context["outside_account"] = services.result_save(
        acting_user=None,
        subproject_id=subproject.pk,
        target_group=group,
        settings=settings,
        inputs=inputs,
        unit_costs=unit_costs,
    )
