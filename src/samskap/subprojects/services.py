"""Writes on sub-projects, their effect goals and teams."""

from django.db import transaction
from django.utils.translation import gettext as _

from samskap.audit.services import audit_record_create
from samskap.core.errors import DomainError
from samskap.subprojects.models import EffectGoal, SubProject, TeamMembership, TeamRole


@transaction.atomic
def subproject_create(
    *,
    acting_user,
    agreement,
    name: str,
    summary: str,
    target_group: str,
    age_from: int,
    age_to: int,
    effect_goals: list[tuple[str, str]] = (),
) -> SubProject:
    """Create a sub-project; effect goals are (description, indicator) pairs."""
    if not 0 <= age_from <= age_to <= 24:
        raise DomainError(_("The target group must be within ages 0 to 24."), field="age_from")
    subproject = SubProject(
        agreement=agreement,
        name=name,
        summary=summary,
        target_group=target_group,
        age_from=age_from,
        age_to=age_to,
    )
    subproject.full_clean()
    subproject.save()
    EffectGoal.objects.bulk_create(
        EffectGoal(subproject=subproject, position=position, description=text, indicator=indicator)
        for position, (text, indicator) in enumerate(effect_goals, start=1)
    )
    audit_record_create(
        actor=acting_user,
        action="subproject.create",
        target=subproject,
        new_values={"name": name, "agreement": agreement.pk, "effect_goals": len(effect_goals)},
        municipality=agreement.municipality,
    )
    return subproject


@transaction.atomic
def team_member_add(*, acting_user, subproject, user, team_role: TeamRole) -> TeamMembership:
    if user.municipality_id != subproject.agreement.municipality_id:
        raise DomainError(_("Only staff of the same municipality can join the team."))
    if TeamMembership.objects.filter(subproject=subproject, user=user).exists():
        raise DomainError(_("%(user)s is already on this team.") % {"user": user})
    membership = TeamMembership.objects.create(
        subproject=subproject, user=user, team_role=team_role
    )
    audit_record_create(
        actor=acting_user,
        action="team_membership.create",
        target=membership,
        new_values={"subproject": subproject.pk, "user": user.pk, "team_role": team_role},
        municipality=subproject.agreement.municipality,
    )
    return membership
