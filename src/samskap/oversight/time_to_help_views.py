"""The time-to-help page and its two small forms: thin wrappers around selectors and
services."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samskap.core.forms import add_problems, passed_fields
from samskap.core.http import get_or_404, refusal_on
from samskap.oversight import access, time_to_help_access, time_to_help_services
from samskap.oversight.agreement_choice import refused_agreement
from samskap.oversight.time_to_help import SPANS, organisations_for_indicators, time_to_help
from samskap.oversight.time_to_help_chart import bar_chart
from samskap.oversight.time_to_help_forms import BaselineForm, UnitIndicatorForm


def _last_ended_quarter(today) -> dict:
    quarter = (today.month - 1) // 3  # the running quarter's number minus one
    if quarter == 0:
        return {"year": today.year - 1, "quarter": "4"}
    return {"year": today.year, "quarter": str(quarter)}


def _render(request, *, chosen=None, baseline_form=None, indicator_form=None, status=200):
    agreements, agreement = get_or_404(access.chosen_agreement, user=request.user, chosen=chosen)
    if agreement is None:
        return refused_agreement(request, "oversight/time_to_help.html", agreements)
    figures = time_to_help(agreement=agreement)
    user = request.user
    if baseline_form is None and time_to_help_access.sets_baseline(user):
        b = figures.baseline
        baseline_form = BaselineForm(
            initial={
                "ordinary_days": b.ordinary_days,
                "hours_per_ordinary_decision": str(b.hours_per_ordinary_decision).replace(".", ","),
                "hours_per_person_per_case": str(b.hours_per_person_per_case).replace(".", ","),
            }
        )
    organisations = list(organisations_for_indicators(user=user))
    if indicator_form is None and organisations:
        today = timezone.localdate()
        indicator_form = UnitIndicatorForm(
            organisations=organisations,
            # The last quarter that has ended: the running one is refused.
            initial=_last_ended_quarter(today),
        )
    chart = bar_chart(
        [
            (row.label, row.spans["mapped_to_decided"].median)
            for row in figures.shown
            if row.spans["mapped_to_decided"].median is not None
        ],
        baseline=(_("Ordinary route (assumed)"), float(figures.baseline.ordinary_days)),
    )
    context = {
        "agreements": agreements,
        "agreement": agreement,
        "t": figures,
        "spans": SPANS,
        "chart": chart,
        "baseline_form": baseline_form,
        "indicator_form": indicator_form,
    }
    return render(request, "oversight/time_to_help.html", context, status=status)


@require_GET
def time_to_help_page(request):
    """Days from needs mapped to paid, against the ordinary route, with unit indicators."""
    return _render(request, chosen=request.GET.get("avtale"))


@require_POST
def baseline_set(request):
    if not time_to_help_access.sets_baseline(request.user):
        raise Http404
    form = BaselineForm(request.POST)
    if not form.is_valid():
        add_problems(
            form,
            time_to_help_services.route_baseline_check(
                acting_user=request.user,
                municipality=request.user.municipality,
                **passed_fields(form),
            ),
        )
    else:
        with refusal_on(form):
            time_to_help_services.route_baseline_set(
                acting_user=request.user,
                municipality=request.user.municipality,
                **form.cleaned_data,
            )
        if not form.errors:
            messages.success(request, _("The baseline of the ordinary route was saved."))
            return redirect(reverse("oversight:time_to_help") + "#baseline-heading")
    return _render(request, baseline_form=form, status=400)


@require_POST
def unit_indicator_record(request):
    organisations = list(organisations_for_indicators(user=request.user))
    if not organisations:
        raise Http404
    form = UnitIndicatorForm(request.POST, organisations=organisations)
    if not form.is_valid():
        fields = passed_fields(form)
        if "organisation" in fields:
            fields["organisation_id"] = fields.pop("organisation")
        add_problems(
            form,
            time_to_help_services.unit_indicator_check(acting_user=request.user, **fields),
        )
    else:
        data = form.cleaned_data
        with refusal_on(form):
            time_to_help_services.unit_indicator_record(
                acting_user=request.user,
                organisation_id=data["organisation"],
                year=data["year"],
                quarter=data["quarter"],
                sick_leave_percent=data["sick_leave_percent"],
                substitute_costs=data["substitute_costs"],
            )
        if not form.errors:
            messages.success(request, _("The unit's figures were saved."))
            return redirect(reverse("oversight:time_to_help") + "#indicators-heading")
    return _render(request, indicator_form=form, status=400)
