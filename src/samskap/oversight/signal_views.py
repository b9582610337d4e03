"""Pages of the misuse signals: the list, one signal with its review, the thresholds."""

from collections import Counter

from django.contrib import messages
from django.db.models import Max, Min
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samskap.accounts.access import manages_municipality
from samskap.core.forms import add_problems, named_message, passed_fields
from samskap.core.http import get_or_404, refusal_on
from samskap.funding.models import ProgrammeAgreement
from samskap.oversight import signal_access
from samskap.oversight.models import SignalReview
from samskap.oversight.services import (
    signal_review_record,
    signal_thresholds_check,
    signal_thresholds_update,
)
from samskap.oversight.signal_forms import ReviewForm, ThresholdsForm
from samskap.oversight.signals import KINDS, thresholds_for
from samskap.subprojects.models import SubProject


def _years(user) -> list[int]:
    """The years of the municipality's programme agreements up to this one, newest first:
    there are no supports (so no signals) outside them."""
    this_year = timezone.localdate().year
    span = ProgrammeAgreement.objects.filter(municipality_id=user.municipality_id).aggregate(
        first=Min("starts_on"), last=Max("ends_on")
    )
    if span["first"] is None:
        return [this_year]
    last = min(span["last"].year, this_year)
    return list(range(last, span["first"].year - 1, -1)) or [this_year]


def _year(value, years: list[int]) -> int | None:
    """The year asked for (this year, or the agreement's last, when none is), or None when
    it is not one of `years`."""
    if value in (None, ""):
        return timezone.localdate().year if timezone.localdate().year in years else years[0]
    try:
        year = int(str(value).strip())
    except ValueError:
        return None
    return year if year in years else None


def _require_reviewer(user) -> None:
    if not signal_access.sees_signals(user):
        raise Http404


def _latest_reviews(user, keys) -> dict[str, SignalReview]:
    latest = {}
    for review in SignalReview.objects.filter(
        municipality_id=user.municipality_id, key__in=list(keys)
    ).select_related("reviewed_by"):
        latest.setdefault(review.key, review)
    return latest


@require_GET
def signals(request):
    """The year's signals the user reviews, by kind, with their latest review."""
    _require_reviewer(request.user)
    years = _years(request.user)
    year = _year(request.GET.get("aar"), years)
    context = {"years": years, "kinds": KINDS, "year": year, "error": None}
    if year is None:
        context["error"] = message = _("Choose one of the years in the list.")
        context["summary"] = [{"message": named_message(_("Year"), message), "anchor": "aar"}]
        return render(request, "oversight/signals.html", context, status=400)
    found = signal_access.signals_for(user=request.user, year=year)
    reviews = _latest_reviews(request.user, [s.key for s in found])
    counts = Counter(signal.kind for signal in found)
    context.update(
        {
            "rows": [(signal, reviews.get(signal.key)) for signal in found],
            "counts": [(label, counts.get(kind, 0)) for kind, label in KINDS.items()],
            "is_economy": manages_municipality(request.user, request.user.municipality_id),
        }
    )
    return render(request, "oversight/signals.html", context)


@require_http_methods(["GET", "POST"])
def signal(request):
    """One signal: why it fired, the data behind it, and the review form."""
    _require_reviewer(request.user)
    source = request.POST if request.method == "POST" else request.GET
    year = _year(source.get("aar"), _years(request.user))
    key = str(source.get("signal", ""))[:120]
    if year is None or not key:
        raise Http404
    found = get_or_404(signal_access.access_signal, user=request.user, key=key, year=year)
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            signal_review_record(
                acting_user=request.user,
                key=key,
                year=year,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        if not form.errors:
            messages.success(request, _("The review is recorded."))
            return redirect(
                f"{reverse('oversight:signal')}?{urlencode({'signal': key, 'aar': year})}"
            )
    names = signal_access.household_names(user=request.user, household_ids=found.household_ids)
    subprojects = dict(
        SubProject.objects.filter(pk__in=found.subproject_ids).values_list("pk", "name")
    )
    context = {
        "signal": found,
        "year": year,
        "form": form,
        "households": names,
        "hidden_households": len(found.household_ids) - len(names),
        "subprojects": subprojects,
        "reviews": SignalReview.objects.filter(
            municipality_id=request.user.municipality_id, key=key
        ).select_related("reviewed_by"),
        "about_me": found.involves(request.user.pk),
    }
    return render(request, "oversight/signal.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def signal_thresholds(request):
    """The economist or administrator sets when the signals fire."""
    user = request.user
    if not user.is_authenticated or not manages_municipality(user, user.municipality_id):
        raise Http404
    current = thresholds_for(municipality_id=user.municipality_id)
    form = ThresholdsForm(request.POST or None, instance=current)
    if request.method == "POST" and not form.is_valid():
        add_problems(
            form,
            signal_thresholds_check(
                acting_user=user, municipality_id=user.municipality_id, **passed_fields(form)
            ),
        )
    elif request.method == "POST":
        with refusal_on(form):
            signal_thresholds_update(
                acting_user=user,
                municipality_id=user.municipality_id,
                values=form.cleaned_data,
            )
        if not form.errors:
            messages.success(request, _("The thresholds are saved."))
            return redirect("oversight:signal_thresholds")
    if form.errors:
        # Shown beside the fields; nothing was saved.
        form.instance = thresholds_for(municipality_id=user.municipality_id)
    return render(
        request,
        "oversight/signal_thresholds.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
