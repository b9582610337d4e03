"""Menu entries of the support flow; the labels live here so this app translates them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samskap.accounts.models import Role

TEAM_ROLES = frozenset({Role.UNIT_LEAD, Role.CONTACT_PERSON, Role.TEAM_MEMBER})
PAYMENT_ROLES = frozenset({Role.ECONOMIST, Role.ADMINISTRATOR})


def support_navigation(user) -> list[tuple[str, str]]:
    """By role, without a query: pages still check the team seat themselves."""
    items = []
    if user.role in TEAM_ROLES:
        items += [
            (_("Households"), reverse("people:list")),
            (_("Team meetings"), reverse("support:meetings")),
            (_("Help tasks"), reverse("support:tasks")),
        ]
    if user.role in PAYMENT_ROLES:
        items.append((_("Payments"), reverse("payments:overview")))
    return items
