"""Menu entry of oversight; the label lives here so this app translates it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samskap.oversight.access import sees_pot_distribution


def oversight_navigation(user) -> list[tuple[str, str]]:
    """Everyone who decides sees how the shared pot is spread."""
    if not sees_pot_distribution(user):
        return []
    return [(_("How the pot is shared"), reverse("oversight:pot_distribution"))]
