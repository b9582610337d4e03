"""Navigation for the page shell: each context contributes its own entries."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samskap.accounts.access import sets_up_municipality
from samskap.accounts.models import Role
from samskap.accounts.navigation import accounts_navigation
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
# The administrator sets the municipality up: its start page is the set-up, and the menu
# holds what it sets up (no households: an administrator holds no team seat).
ADMINISTRATOR_CONTRIBUTORS = (
    accounts_navigation,
    subprojects_navigation,
    funding_navigation,
    payments_navigation,
)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = [(_("Start"), reverse("web:home"))]
    if user.role == Role.ADMINISTRATOR:
        contributors = ADMINISTRATOR_CONTRIBUTORS
    else:
        contributors = CONTRIBUTORS
        if sets_up_municipality(user):
            items.append((_("Set-up"), reverse("web:setup")))
    for contribute in contributors:
        items += contribute(user)
    current = request.path
    return {
        "navigation": [
            {"label": label, "url": url, "current": current == url} for label, url in items
        ]
    }
