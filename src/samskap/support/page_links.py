"""Support's link on the sub-project page: the team's meeting, for those on the team.

Registered with `subprojects.page_links` in `SupportConfig.ready()`, because
subprojects sits below support and never imports it.
"""

from django.urls import reverse
from django.utils.translation import gettext as _


def meeting_link(*, subproject, user) -> list[tuple[str, str]]:
    """The agenda and decisions of `subproject`'s team meeting, when `user` has a seat
    on the team (`selectors.team_subproject_seats`; the meeting page checks it again,
    this only spares a dead link). No query: the page has the team's seats already."""
    if not user.is_authenticated or user.is_state_viewer:
        return []
    if not any(seat.user_id == user.pk for seat in subproject.memberships.all()):
        return []
    return [
        (_("Team meeting: agenda and decisions"), reverse("support:meeting", args=[subproject.pk]))
    ]
