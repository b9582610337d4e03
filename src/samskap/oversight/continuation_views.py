"""After the pilot: the list of participants without a plan, and one participant's plan."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samskap.accounts.models import Organisation
from samskap.core.forms import own_query
from samskap.core.http import get_or_404, refusal_on
from samskap.oversight import continuation, continuation_access, continuation_services
from samskap.oversight.continuation_forms import PlanForm, WindowForm
from samskap.people import services as people_services


@require_GET
def continuation_list(request):
    user = request.user
    if not continuation_access.sees_continuation(user):
        raise Http404
    form = WindowForm(own_query(request.GET, WindowForm))
    months, status = continuation.DEFAULT_MONTHS, 200
    if form.is_bound:
        if form.is_valid():
            months = form.cleaned_data["maaneder"]
        else:
            status = 400
    else:
        form = WindowForm(initial={"maaneder": continuation.DEFAULT_MONTHS})
    today = timezone.localdate()
    waiting = list(continuation.without_plan(user=user, months=months, today=today))
    plans = list(continuation.plans(user=user))
    counts = continuation.counts_by_subproject(user=user, months=months, today=today)
    people_services.household_access_log_many(
        user=user,
        household_ids=sorted(
            {p.member.household_id for p in waiting}
            | {plan.participant.member.household_id for plan in plans}
        ),
        purpose="continuation plans",
    )
    context = {
        "form": form,
        "months": months,
        "until": continuation.months_ahead(today, months),
        "waiting": waiting,
        "plans": plans,
        "counts": counts,
        "on_a_team": continuation_access.team_subprojects(user=user).exists(),
    }
    return render(request, "oversight/continuation_list.html", context, status=status)


@require_http_methods(["GET", "POST"])
def continuation_plan(request, participant_id: int):
    participant = get_or_404(
        continuation_access.access_participant, user=request.user, participant_id=participant_id
    )
    organisations = Organisation.objects.filter(
        municipality_id=participant.subproject.agreement.municipality_id
    ).order_by("name")
    existing = getattr(participant, "continuation_plan", None)
    status = 200
    if request.method == "POST":
        form = PlanForm(request.POST, organisations=organisations)
        if form.is_valid():
            data = form.cleaned_data
            with refusal_on(form):
                continuation_services.continuation_plan_set(
                    acting_user=request.user,
                    participant_id=participant.pk,
                    service=data["service"],
                    organisation_id=data["organisation"],
                    responsible_role=data["responsible_role"],
                    starts_on=data["starts_on"],
                )
            if not form.errors:
                messages.success(request, _("The plan for after the pilot was saved."))
                return redirect(reverse("oversight:continuation_list"))
        status = 400
    else:
        initial = {}
        if existing is not None:
            initial = {
                "service": existing.service,
                "organisation": str(existing.organisation_id),
                "responsible_role": existing.responsible_role,
                "starts_on": existing.starts_on,
            }
        form = PlanForm(initial=initial, organisations=organisations)
    people_services.household_access_log_many(
        user=request.user,
        household_ids=[participant.member.household_id],
        purpose="continuation plan",
    )
    context = {"participant": participant, "form": form, "existing": existing}
    return render(request, "oversight/continuation_plan.html", context, status=status)
