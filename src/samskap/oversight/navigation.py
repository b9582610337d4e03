"""Menu entry of oversight; the label lives here so this app translates it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samskap.oversight.access import sees_pot_distribution
from samskap.oversight.state_access import sees_state_view


def oversight_navigation(user) -> list[tuple[str, str]]:
    """Everyone who decides sees how the shared pot is spread; the state its own view."""
    if sees_state_view(user):
        return [(_("The state's view"), reverse("oversight:state"))]
    if not sees_pot_distribution(user):
        return []
    return [(_("How the pot is shared"), reverse("oversight:pot_distribution"))]
