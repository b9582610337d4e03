"""The state's pages: the overview across municipalities and its PDF for the
directorates. Thin: the filters are checked by a form, the figures come from state.py."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samskap.core.http import back_to_page
from samskap.oversight import state, state_exports
from samskap.oversight.state_access import sees_state_view
from samskap.oversight.state_forms import StateFilterForm


def _overview(request):
    """(form, overview or None): None when the filters do not make sense."""
    if not sees_state_view(request.user):
        raise Http404
    municipalities = list(state.municipalities_in_programme())
    form = StateFilterForm(
        request.GET,
        municipalities=municipalities,
        years=state.programme_years(),
        today=timezone.localdate(),
    )
    if not form.is_valid():
        return form, None
    overview = state.state_overview(
        user=request.user,
        starts_on=form.cleaned_data["fra"],
        ends_on=form.cleaned_data["til"],
        municipality_id=form.cleaned_data["kommune"],
    )
    return form, overview


@require_GET
def state_page(request):
    form, overview = _overview(request)
    # The PDF link carries the year shown, also when the page opened on the default one.
    context = {"form": form, "o": overview, "query": form.data.urlencode()}
    return render(request, "oversight/state.html", context, status=200 if overview else 400)


@require_GET
def state_report_pdf(request):
    _form, overview = _overview(request)
    if overview is None:
        return back_to_page(
            request,
            reverse("oversight:state"),
            _(
                "There is no report to download for those filters. Correct the fields and "
                "download again."
            ),
        )
    response = HttpResponse(state_exports.report_pdf(overview), content_type="application/pdf")
    name = f"samskap-staten-{overview.starts_on:%Y%m%d}-{overview.ends_on:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
