"""Navigation for the page shell: each context contributes its own entries."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samskap.effects.navigation import effects_navigation
from samskap.funding.navigation import funding_navigation
from samskap.outside_account.navigation import outside_account_navigation
from samskap.oversight.navigation import oversight_navigation
from samskap.payments.navigation import payments_navigation
from samskap.people.navigation import people_navigation
from samskap.subprojects.navigation import subprojects_navigation
from samskap.support.navigation import support_navigation

# Menu order: start, the money, the work with families, the bank.
CONTRIBUTORS = (
    funding_navigation,
    subprojects_navigation,
    people_navigation,
    support_navigation,
    payments_navigation,
    effects_navigation,
    outside_account_navigation,
    oversight_navigation,
)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = [(_("Start"), reverse("web:home"))]
    for contribute in CONTRIBUTORS:
        items += contribute(user)
    current = request.path
    return {
        "navigation": [
            {"label": label, "url": url, "current": current == url} for label, url in items
        ]
    }
