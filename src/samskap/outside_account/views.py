"""Pages of the outside account: a sub-project's live scenario (with exports and saving)
and the parameter library. Views only translate errors; services and selectors check."""

from contextlib import nullcontext
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samskap.accounts.access import manages_municipality
from samskap.core.errors import DomainError
from samskap.core.forms import add_domain_error
from samskap.core.http import back_to_page, get_or_404, refusal_on
from samskap.outside_account import access, cpi, engine, exports, live, selectors, services
from samskap.outside_account.forms import ScenarioForm, UnitCostForm
from samskap.outside_account.presentation import (
    break_even_svg,
    parameter_label,
    payer_label,
    payer_sentence,
    tornado_svg,
    year_label,
)
from samskap.subprojects.selectors import subprojects_visible_to

# Form fields that name an engine field, to show an engine refusal where it belongs.
ENGINE_FIELDS = {
    "participants": "participants",
    "successes": "successes",
    "horizon_years": "horizon_years",
    "deadweight": "deadweight",
    "attribution": "attribution",
    "displacement": "displacement",
    "drop_off": "drop_off",
    "optimism_bias": "optimism_bias",
    "discount_rate": "discount_rate",
    "monte_carlo.draws": "draws",
}


def index(request):
    subprojects = subprojects_visible_to(user=request.user).order_by("agreement_id", "name")
    return render(request, "outside_account/index.html", {"subprojects": subprojects})


def _settings_data(request_data, subproject) -> dict:
    """Form data: the defaults, the demo's documented assumptions for the thesis's
    sub-project, then whatever the request says."""
    data = {key: ("" if value is None else value) for key, value in live.DEFAULT_SETTINGS.items()}
    if subproject.name == live.THESIS_SUBPROJECT:
        data.update(live.THESIS_SETTINGS)
    data["tax_financing"] = "on" if data.get("tax_financing") else ""
    for key in live.DEFAULT_SETTINGS:
        if key in request_data:
            data[key] = request_data.get(key)
    if "target_group" in request_data and "tax_financing" not in request_data:
        data["tax_financing"] = ""
    return data


def _compute(request, subproject, request_data):
    counts = [c for c in selectors.outcome_counts(user=request.user, subproject_id=subproject.pk)]
    groups = list(selectors.target_groups())
    form = ScenarioForm(
        _settings_data(request_data, subproject), target_groups=groups, indicators=counts
    )
    if not form.is_valid():
        return form, None
    settings = {key: form.cleaned_data[key] for key in live.DEFAULT_SETTINGS}
    settings = {k: (float(v) if hasattr(v, "as_tuple") else v) for k, v in settings.items()}
    group = next(g for g in groups if g.key == settings["target_group"])
    source = "entered"
    n, k = settings["participants"], settings["successes"]
    if settings["outcome"].startswith("indicator:"):
        chosen = next(
            (c for c in counts if f"indicator:{c.indicator_id}" == settings["outcome"]), None
        )
        if chosen is None or chosen.suppressed:
            form.add_error(
                "outcome",
                _(
                    "Fewer than 5 participants have this indicator recorded, so its numbers "
                    "are not shown or used. Enter N and k instead."
                ),
            )
            return form, None
        n, k, source = chosen.n, chosen.k, "effects"
        if n == 0:
            form.add_error("outcome", _("No participant has this indicator recorded yet."))
            return form, None
    unit_costs = selectors.unit_costs_in_force(
        target_group=group, municipality_id=subproject.agreement.municipality_id
    )
    if not unit_costs:
        form.add_error("target_group", _("This target group has no unit costs in force."))
        return form, None
    ledger = selectors.ledger_costs(subproject=subproject, basis=settings["cost_basis"])
    inputs = live.build_inputs(
        start_year=subproject.agreement.starts_on.year,
        settings=settings,
        participants=n,
        successes=k,
        unit_costs=unit_costs,
        ledger_costs=ledger,
        agreement_years=subproject.agreement.years,
    )
    try:
        scenario, result, sensitivity, run = live.run(inputs)
    except engine.ScenarioError as error:
        add_domain_error(
            form, DomainError(error.translated(_), field=ENGINE_FIELDS.get(error.field))
        )
        return form, None
    computed = live.Live(
        settings=settings,
        inputs=inputs,
        scenario=scenario,
        result=result,
        sensitivity=sensitivity,
        monte_carlo=run,
        unit_costs=unit_costs,
        costs_by_year=ledger,
        counts_source=source,
        price_year=cpi.current_price_year(),
    )
    computed.target_group = group
    return form, computed


def _context(request, subproject, form, computed):
    context = {
        "subproject": subproject,
        "form": form,
        "computed": computed,
        "cpi_label": cpi.label(),
        "cpi_url": cpi.SOURCE_URL,
        "query": urlencode({k: v for k, v in form.data.items() if v not in (None, "")}),
        "can_save": _can_save(request.user, subproject),
        "saved": selectors.saved_results(user=request.user, subproject_id=subproject.pk)[:10],
    }
    if computed is None:
        return context
    result = computed.result
    thesis = subproject.name == live.THESIS_SUBPROJECT
    cumulative = result.cumulative(discounted=True)
    cumulative_plain = result.cumulative(discounted=False)
    context.update(
        {
            "result": result,
            "chart": break_even_svg(
                result,
                marker_year=live.THESIS_BREAK_EVEN if thesis else None,
                marker_label=_("Thesis: 2031") if thesis else "",
            ),
            "tornado": tornado_svg(result, computed.sensitivity),
            "payers": [
                {
                    "label": payer_label(name),
                    "result": payer,
                    "sentence": payer_sentence(payer),
                    "discounted": year_label(payer.break_even_year_discounted),
                    "undiscounted": year_label(payer.break_even_year_undiscounted),
                }
                for name, payer in result.payers.items()
            ],
            "payer_labels": [payer_label(name) for name in engine.PAYERS],
            "break_even_discounted": year_label(result.break_even_year_discounted),
            "break_even_undiscounted": year_label(result.break_even_year_undiscounted),
            "rows": [
                {
                    "year": year,
                    "costs": result.costs[t].sum(),
                    "benefits": result.benefits[t].sum(),
                    "net": result.net[t].sum(),
                    "by_payer": list(cumulative[t, :-1]),
                    "total": cumulative[t, -1],
                    "total_plain": cumulative_plain[t, -1],
                }
                for t, year in enumerate(result.years)
            ],
            "sensitivity": [
                {"label": parameter_label(row.parameter), "row": row}
                for row in computed.sensitivity
            ],
            "mc": computed.monte_carlo,
            "mc_percentiles": computed.monte_carlo.percentiles(),
            "mc_histogram": computed.monte_carlo.break_even_histogram(),
            "unit_costs": computed.unit_costs,
            "thesis": _thesis_comparison(computed) if thesis else None,
        }
    )
    return context


def _thesis_comparison(computed) -> dict:
    ours = computed.result.break_even_year_discounted
    share = live.benefit_share_for_break_even(computed.scenario, live.THESIS_BREAK_EVEN)
    return {
        "year": live.THESIS_BREAK_EVEN,
        "ours": year_label(ours),
        # "finds break-even in not within the horizon" is no sentence: the page says it.
        "found": ours is not None,
        "percent": None if share is None else round(share * 100),
    }


def _can_save(user, subproject) -> bool:
    try:
        access.access_account_subproject(user=user, subproject_id=subproject.pk, for_write=True)
    except DomainError:
        return False
    return True


@require_http_methods(["GET", "POST"])
def scenario(request, subproject_id: int):
    subproject = get_or_404(
        access.access_account_subproject, user=request.user, subproject_id=subproject_id
    )
    if request.method == "POST":
        return _save(request, subproject)
    form, computed = _compute(request, subproject, request.GET)
    return render(
        request, "outside_account/scenario.html", _context(request, subproject, form, computed)
    )


def _save(request, subproject):
    if not _can_save(request.user, subproject):
        raise PermissionDenied
    form, computed = _compute(request, subproject, request.POST)
    if computed is None:
        return render(
            request,
            "outside_account/scenario.html",
            _context(request, subproject, form, computed),
            status=400,
        )
    try:
        services.result_save(
            acting_user=request.user,
            subproject_id=subproject.pk,
            target_group=computed.target_group,
            settings=computed.settings,
            inputs=computed.inputs,
            unit_costs=computed.unit_costs,
        )
    except DomainError as error:
        add_domain_error(form, error)
        return render(
            request,
            "outside_account/scenario.html",
            _context(request, subproject, form, None),
            status=400,
        )
    messages.success(request, _("The outside account was saved with the versions it used."))
    query = urlencode({k: v for k, v in form.data.items() if v not in (None, "")})
    return redirect(reverse("outside_account:scenario", args=[subproject.pk]) + "?" + query)


def _export(request, subproject_id: int, *, language: str | None = None):
    """The figures of an export; `language` fixes the language of its labels (a workbook
    is bokmål whatever the reader's language)."""
    subproject = get_or_404(
        access.access_account_subproject, user=request.user, subproject_id=subproject_id
    )
    form, computed = _compute(request, subproject, request.GET)
    if computed is None:
        return None, back_to_page(
            request,
            reverse("outside_account:scenario", args=[subproject.pk]),
            _(
                "There is no result to download yet. Correct the fields, choose Calculate, "
                "and download again."
            ),
        )
    with translation.override(language) if language else nullcontext():
        context = _context(request, subproject, form, computed)
    return (subproject, computed, context), None


@require_GET
def export_workbook(request, subproject_id: int):
    done, refused = _export(request, subproject_id, language="nb")
    if refused:
        return refused
    subproject, _computed, context = done
    with translation.override("nb"):
        workbook = exports.workbook_bytes(context)
    response = HttpResponse(
        workbook,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="utenforregnskap-{subproject.pk}.xlsx"'
    return response


@require_GET
def export_pdf(request, subproject_id: int):
    done, refused = _export(request, subproject_id)
    if refused:
        return refused
    subproject, _computed, context = done
    response = HttpResponse(exports.pdf_bytes(request, context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="utenforregnskap-{subproject.pk}.pdf"'
    return response


def library(request):
    context = {
        "groups": selectors.library(user=request.user),
        "can_edit": manages_municipality(request.user, request.user.municipality_id),
        "cpi_label": cpi.label(),
        "cpi_url": cpi.SOURCE_URL,
        "cpi_rows": sorted(cpi.series().items()),
    }
    return render(request, "outside_account/library.html", context)


@require_http_methods(["GET", "POST"])
def unit_cost_revise(request, unit_cost_id: int):
    unit_cost = get_or_404(access.access_unit_cost, user=request.user, unit_cost_id=unit_cost_id)
    if not manages_municipality(request.user, request.user.municipality_id):
        raise PermissionDenied
    initial = {
        "amount": unit_cost.amount,
        "price_year": unit_cost.price_year,
        "effective_from": timezone.localdate(),
        "source": unit_cost.source,
    }
    form = UnitCostForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            services.unit_cost_revise(
                acting_user=request.user, unit_cost_id=unit_cost.pk, **form.cleaned_data
            )
        if not form.errors:
            messages.success(request, _("A new version was saved; saved results keep theirs."))
            return redirect("outside_account:library")
    return render(
        request,
        "outside_account/unit_cost_form.html",
        {"form": form, "unit_cost": unit_cost},
        status=400 if form.errors else 200,
    )
