"""Menu entry of the effects context; the label lives here so this app translates it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def effects_navigation(user) -> list[tuple[str, str]]:
    """Everyone who sees sub-projects sees their evaluation (aggregates only)."""
    return [(_("Effects"), reverse("effects:index"))]
