"""Who sees and makes plans for after the pilot.

A plan is work with a family: only a seat on the participant's sub-project's team may see
the participant by name or write their plan (any team role: the unit lead, the contact
person or a service's team member). The municipality's economist and administrator see
how many participants lack a plan per sub-project, never who. The state viewer sees
nothing here. "Missing" and "not yours" raise the same NotFoundOrForbidden.
"""

from samskap.core.errors import NotFoundOrForbidden
from samskap.effects.models import Participant
from samskap.subprojects.models import SubProject
from samskap.subprojects.selectors import subproject_ids_for_team_member, subprojects_visible_to


def sees_continuation(user) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and not user.is_state_viewer
        and user.municipality_id is not None
    )


def continuation_subprojects(*, user):
    """Sub-projects whose figures `user` may see (without names)."""
    if not sees_continuation(user):
        return SubProject.objects.none()
    return subprojects_visible_to(user=user).filter(agreement__municipality_id=user.municipality_id)


def team_subprojects(*, user):
    """Sub-projects whose participants `user` may see by name and plan for: a team seat."""
    if not sees_continuation(user):
        return SubProject.objects.none()
    return SubProject.objects.filter(
        pk__in=subproject_ids_for_team_member(user=user),
        agreement__municipality_id=user.municipality_id,
    )


def access_participant(*, user, participant_id) -> Participant:
    """A participant of a sub-project on whose team `user` sits (None is the system: any)."""
    participants = Participant.objects.select_related(
        "subproject__agreement", "member__household", "continuation_plan"
    )
    if user is not None:
        participants = participants.filter(subproject__in=team_subprojects(user=user).values("pk"))
    try:
        return participants.get(pk=participant_id)
    except (Participant.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden("participant") from error
