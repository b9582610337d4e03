"""Writes on sub-projects, their effect goals and teams."""

from django.db import transaction
from django.utils.translation import gettext as _

from samskap.accounts.access import require_system_or_manager
from samskap.audit.services import audit_record_create
from samskap.core import blank_text
from samskap.core.errors import DomainError, full_clean_or_refuse
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
    """Create a sub-project; effect goals are (description, indicator) pairs.

    Only the municipality's economist or administrator (None: the system)."""
    require_system_or_manager(
        user=acting_user, municipality_id=agreement.municipality_id, what="agreement"
    )
    if agreement.closed_at is not None:
        raise DomainError(_("The agreement is closed: no new sub-projects."), field="agreement")
    if age_from is None or age_to is None or not 0 <= age_from <= 24 or not 0 <= age_to <= 24:
        raise DomainError(_("The target group must be within ages 0 to 24."), field="age_from")
    if age_from > age_to:
        raise DomainError(_("The lowest age cannot be above the highest."), field="age_to")
    name = (name or "").strip()
    if SubProject.objects.filter(agreement=agreement, name__iexact=name).exists():
        raise DomainError(_("The agreement already has a sub-project by this name."), field="name")
    subproject = SubProject(
        agreement=agreement,
        name=name,
        summary=(summary or "").strip(),
        target_group=(target_group or "").strip(),
        age_from=age_from,
        age_to=age_to,
    )
    full_clean_or_refuse(subproject)
    subproject.save()
    blank_text.bulk_create(
        EffectGoal.objects,
        [
            EffectGoal(
                subproject=subproject, position=position, description=text, indicator=indicator
            )
            for position, (text, indicator) in enumerate(effect_goals, start=1)
        ],
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
    """Give `user` a seat on the team; only the municipality's economist or administrator
    (None: the system). The seat is what lets them see the sub-project's households."""
    require_system_or_manager(
        user=acting_user, municipality_id=subproject.agreement.municipality_id, what="subproject"
    )
    if team_role not in TeamRole.values:
        raise DomainError(_("Choose a role in the team."), field="team_role")
    if not user.is_active:
        raise DomainError(_("This user is deactivated."), field="user")
    if user.municipality_id != subproject.agreement.municipality_id:
        raise DomainError(_("Only staff of the same municipality can join the team."), field="user")
    if TeamMembership.objects.filter(subproject=subproject, user=user).exists():
        raise DomainError(_("%(user)s is already on this team.") % {"user": user}, field="user")
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
