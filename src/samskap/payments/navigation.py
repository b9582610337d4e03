"""Menu entry of payments; the label lives here so this app translates it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samskap.accounts.models import MUNICIPALITY_WIDE_ROLES


def payments_navigation(user) -> list[tuple[str, str]]:
    """The economist and the administrator make the bank files."""
    if user.role not in MUNICIPALITY_WIDE_ROLES:
        return []
    return [(_("Payments"), reverse("payments:overview"))]
