"""Menu entry of the households; the label lives here so this app translates it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samskap.accounts.models import TEAM_ROLES


def people_navigation(user) -> list[tuple[str, str]]:
    """Team roles work with households; the list still applies the team seats."""
    if user.role not in TEAM_ROLES:
        return []
    return [(_("Households"), reverse("people:list"))]
