"""Menu entry of the pot; the label lives here so this app translates it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def funding_navigation(user) -> list[tuple[str, str]]:
    """Every role of a municipality sees the pot; the state viewer has the state's view
    (oversight) instead."""
    if user.is_authenticated and user.is_state_viewer:
        return []
    return [(_("The pot"), reverse("funding:pot"))]
