"""Menu entries of the support flow; the labels live here so this app translates them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samskap.accounts.models import MUNICIPALITY_WIDE_ROLES, TEAM_ROLES


def support_navigation(user) -> list[tuple[str, str]]:
    """By role, without a query: pages still check the team seat themselves."""
    if user.role in MUNICIPALITY_WIDE_ROLES:
        # Requests no one on a team has authority for come to the economy, without names.
        return [
            (_("Escalated decisions"), reverse("support:escalated")),
            (_("Repayments"), reverse("support:repayments")),
        ]
    if user.role not in TEAM_ROLES:
        return []
    return [
        (_("New case"), reverse("support:case_start")),
        (_("Team meetings"), reverse("support:meetings")),
        (_("Help tasks"), reverse("support:tasks")),
    ]
