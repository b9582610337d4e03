"""Menu entry of the pot; the label lives here so this app translates it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def funding_navigation(user) -> list[tuple[str, str]]:
    """Every role sees the pot (the state viewer across municipalities)."""
    return [(_("The pot"), reverse("funding:pot"))]
