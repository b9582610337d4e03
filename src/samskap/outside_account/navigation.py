"""Menu entry of the outside account; the label lives here so this app translates it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def outside_account_navigation(user) -> list[tuple[str, str]]:
    return [(_("Outside account"), reverse("outside_account:index"))]
