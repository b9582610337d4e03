"""Menu entries of oversight; the labels live here so this app translates them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samskap.oversight.access import sees_pot_distribution
from samskap.oversight.continuation_access import sees_continuation
from samskap.oversight.services.ethics import may_acknowledge
from samskap.oversight.signal_access import sees_signals
from samskap.oversight.state_access import sees_state_view


def oversight_navigation(user) -> list[tuple[str, str]]:
    """Everyone who decides sees how the shared pot is spread and the ethics guide; leads
    and the economy see the signals they review; staff who see participants, the plans for
    after the pilot; the state its own view."""
    if sees_state_view(user):
        return [(_("The state's view"), reverse("oversight:state"))]
    items = []
    if sees_pot_distribution(user):
        items.append((_("How the pot is shared"), reverse("oversight:pot_distribution")))
        items.append((_("Time to help"), reverse("oversight:time_to_help")))
    if sees_signals(user):
        items.append((_("Signals"), reverse("oversight:signals")))
    if sees_continuation(user):
        items.append((_("After the pilot"), reverse("oversight:continuation_list")))
    if may_acknowledge(user):
        items.append((_("Ethics in the work"), reverse("oversight:ethics")))
    return items
