"""Pages of oversight: thin wrappers around selectors."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from samskap.core.http import get_or_404
from samskap.oversight import access, selectors
from samskap.oversight.agreement_choice import refused_agreement
from samskap.oversight.charts import lorenz_chart


@require_GET
def pot_distribution(request):
    """How the shared pot is spread: sub-projects, staff, household types, Lorenz/Gini."""
    agreements, agreement = get_or_404(
        access.chosen_agreement, user=request.user, chosen=request.GET.get("avtale")
    )
    if agreement is None:
        return refused_agreement(request, "oversight/pot_distribution.html", agreements)
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
