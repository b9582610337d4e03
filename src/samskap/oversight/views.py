"""Pages of oversight: thin wrappers around selectors."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from samskap.core.http import get_or_404
from samskap.oversight import access, selectors
from samskap.oversight.charts import lorenz_chart


@require_GET
def pot_distribution(request):
    """How the shared pot is spread: sub-projects, staff, household types, Lorenz/Gini."""
    agreements = list(access.agreements_for(user=request.user))
    if not agreements:
        raise Http404
    chosen = request.GET.get("avtale")
    today = timezone.localdate()
    running = [a for a in agreements if a.starts_on <= today <= a.ends_on]
    agreement = (
        get_or_404(access.access_agreement, user=request.user, agreement_id=chosen)
        if chosen
        # The agreement running today, not a newer one that has not started.
        else (running or agreements)[0]
    )
    distribution = selectors.pot_distribution(agreement=agreement)
    context = {
        "agreements": agreements,
        "agreement": agreement,
        "d": distribution,
        "chart": None
        if distribution.distribution_suppressed
        else lorenz_chart(distribution.lorenz),
    }
    return render(request, "oversight/pot_distribution.html", context)
