"""Pages of oversight: thin wrappers around selectors."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samskap.core.forms import named_message
from samskap.core.http import get_or_404
from samskap.oversight import access, selectors
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


def refused_agreement(request, template: str, agreements):
    """The page with only its agreement chooser and why the asked-for one is not shown."""
    message = _("Choose one of the programme agreements in the list.")
    context = {
        "agreements": agreements,
        "agreement": None,
        "agreement_error": message,
        "summary": [
            {"message": named_message(_("Programme agreement"), message), "anchor": "avtale"}
        ],
    }
    return render(request, template, context, status=400)
