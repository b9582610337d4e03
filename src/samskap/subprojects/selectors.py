"""Read side of sub-projects: every query here applies the user's scope."""

from django.db.models import Prefetch, QuerySet

from samskap.core.errors import NotFoundOrForbidden
from samskap.subprojects.models import SubProject, TeamMembership


def subprojects_visible_to(*, user) -> QuerySet[SubProject]:
    subprojects = SubProject.objects.select_related("agreement__municipality")
    if user.is_superuser or user.is_state_viewer:
        return subprojects
    if user.sees_whole_municipality:
        return subprojects.filter(agreement__municipality_id=user.municipality_id)
    return subprojects.filter(
        agreement__municipality_id=user.municipality_id, memberships__user=user
    ).distinct()


def subproject_for(*, user, subproject_id: int) -> SubProject:
    """One sub-project with goals and team, or NotFoundOrForbidden (shown as 404)."""
    members = TeamMembership.objects.select_related("user__organisation").order_by(
        "team_role", "user__last_name", "user__first_name"
    )
    try:
        return (
            subprojects_visible_to(user=user)
            .prefetch_related("effect_goals", Prefetch("memberships", queryset=members))
            .get(pk=subproject_id)
        )
    except SubProject.DoesNotExist as error:
        raise NotFoundOrForbidden("subproject") from error


def subproject_visible(*, user, subproject_id: int) -> SubProject:
    """One sub-project with its agreement and municipality, without goals and team (for
    pages that show neither), or NotFoundOrForbidden (shown as 404)."""
    try:
        return subprojects_visible_to(user=user).get(pk=subproject_id)
    except SubProject.DoesNotExist as error:
        raise NotFoundOrForbidden("subproject") from error


def leads_team(*, user, subproject) -> bool:
    """True when the user sits on the sub-project's team as its lead."""
    from samskap.subprojects.models import TeamRole

    return TeamMembership.objects.filter(
        subproject=subproject, user=user, team_role=TeamRole.LEAD
    ).exists()


def memberships_of(*, user) -> QuerySet[TeamMembership]:
    return TeamMembership.objects.filter(user=user).select_related("subproject")


def team_seat_subproject_ids(*, user) -> QuerySet:
    """The ids of the sub-projects `user` sits on the team of, not yet read: as
    `field__in=` a subquery of the caller's statement, or read into a set."""
    # order_by(): a set or a subquery needs no order, and TeamMembership's default one
    # joins the sub-project and the user tables only to sort (issue 14).
    return (
        TeamMembership.objects.filter(user=user).order_by().values_list("subproject_id", flat=True)
    )


def subproject_ids_for_team_member(*, user) -> set[int]:
    """Sub-projects whose households this user may see: only where they sit on the team."""
    return set(team_seat_subproject_ids(user=user))


def subprojects_of_team_member(*, user) -> QuerySet[SubProject]:
    """The sub-projects `user` sits on the team of (the same as
    `subproject_ids_for_team_member`), by name, as one query with the seats as a subquery."""
    return SubProject.objects.filter(pk__in=team_seat_subproject_ids(user=user)).order_by("name")
