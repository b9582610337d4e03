"""Access choke points for sub-projects and their team seats.

Every service that acts for a sub-project calls these itself, so a caller that is not a
view (an API, an import, a job) cannot skip them. "Missing" and "not yours" raise the
same NotFoundOrForbidden.
"""

from django.utils.translation import gettext as _

from samskap.accounts.access import manages_municipality, sets_up_municipality
from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.subprojects.models import SubProject, TeamMembership
from samskap.subprojects.selectors import subproject_ids_for_team_member, subprojects_visible_to


class NotOnTeam(DomainError):
    """The user may see the sub-project but holds no seat on its team."""


def require_team_seat(*, user, subproject) -> None:
    """Raise NotOnTeam unless `user` sits on `subproject`'s team (work with families is
    done by the team; an economist's overview grants no seat)."""
    if user is None or subproject.pk not in subproject_ids_for_team_member(user=user):
        raise NotOnTeam(_("Only members of the sub-project's team can do this."))


def access_subproject(*, user, subproject_id: int, for_write: bool = False) -> SubProject:
    """The sub-project if `user` may see it (or, with for_write, act for it: a team seat
    or managing its municipality); NotFoundOrForbidden otherwise."""
    try:
        subproject = subprojects_visible_to(user=user).get(pk=subproject_id)
    except (SubProject.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden("subproject") from error
    if for_write and not (
        manages_municipality(user, subproject.agreement.municipality_id)
        or subproject.pk in subproject_ids_for_team_member(user=user)
    ):
        raise NotFoundOrForbidden("subproject")
    return subproject


def access_subproject_for_setup(*, user, subproject_id: int) -> SubProject:
    """A sub-project of the municipality `user` sets up (its economist or administrator),
    else NotFoundOrForbidden."""
    if not sets_up_municipality(user):
        raise NotFoundOrForbidden("subproject")
    try:
        return SubProject.objects.select_related("agreement__municipality").get(
            pk=subproject_id, agreement__municipality_id=user.municipality_id
        )
    except (SubProject.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden("subproject") from error


def access_membership_for_setup(*, user, membership_id: int) -> TeamMembership:
    """A team seat in the municipality `user` sets up (its economist or administrator),
    else NotFoundOrForbidden."""
    if not sets_up_municipality(user):
        raise NotFoundOrForbidden("membership")
    try:
        return TeamMembership.objects.select_related(
            "user", "subproject__agreement__municipality"
        ).get(pk=membership_id, subproject__agreement__municipality_id=user.municipality_id)
    except (TeamMembership.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden("membership") from error
