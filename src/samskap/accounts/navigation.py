"""Menu entries of the set-up pages; the labels live here so this app translates them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samskap.accounts.access import sets_up_municipality


def accounts_navigation(user) -> list[tuple[str, str]]:
    """The economist and the administrator set up their municipality's staff."""
    if not sets_up_municipality(user):
        return []
    return [
        (_("Organisations"), reverse("accounts:organisations")),
        (_("Users"), reverse("accounts:users")),
    ]
