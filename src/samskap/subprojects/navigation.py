"""Menu entry of the sub-projects; the label lives here so this app translates it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def subprojects_navigation(user) -> list[tuple[str, str]]:
    """Every role sees the sub-projects it may see (the list applies the scope)."""
    return [(_("Sub-projects"), reverse("subprojects:list"))]
