"""Writes on sub-projects, their effect goals and teams."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.accounts.access import require_system_or_manager
from samskap.accounts.departures import departure_refusals
from samskap.audit.services import audit_record_create
from samskap.core import blank_text
from samskap.core.errors import DomainError, Problems, full_clean_or_refuse
from samskap.subprojects.models import EffectGoal, SubProject, TeamMembership, TeamRole
from samskap.subprojects.participants import participant_birth_years


def _name_taken(agreement_id, name, *, other_than=None) -> bool:
    """Whether another sub-project of the agreement has `name` (case ignored)."""
    if not name:
        return False
    taken = SubProject.objects.filter(agreement_id=agreement_id, name__iexact=name)
    return taken.exclude(pk=other_than).exists() if other_than else taken.exists()


def _new_subproject_problems(fields: dict) -> Problems:
    """Every problem of a new sub-project's fields in `fields` (a field not there was
    refused by its form: its checks, and those of the pairs it is half of, are left out),
    so a reversed age range comes in the same answer as a missing name."""
    problems = Problems()
    agreement, name = fields.get("agreement"), fields.get("name")
    if agreement is not None and agreement.closed_at is not None:
        problems.add(_("The agreement is closed: no new sub-projects."), field="agreement")
    if "age_from" in fields and "age_to" in fields:
        # A pair: checked when both halves were read (the form keeps each within 0–24).
        problems.check(_check_ages, fields["age_from"], fields["age_to"])
    if agreement is not None and _name_taken(agreement.pk, name):
        problems.add(_("The agreement already has a sub-project by this name."), field="name")
    return problems


def subproject_check(*, acting_user, **fields) -> list[DomainError]:
    """What `subproject_create` would refuse the fields that passed their form with
    (`fields`: any of agreement, name, age_from, age_to), without writing: for the page
    when other fields were refused, so every problem shows in one answer."""
    agreement = fields.get("agreement")
    if agreement is not None:
        require_system_or_manager(
            user=acting_user, municipality_id=agreement.municipality_id, what="agreement"
        )
    return _new_subproject_problems(fields).items


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
    name = (name or "").strip()
    _new_subproject_problems(
        {"agreement": agreement, "name": name, "age_from": age_from, "age_to": age_to}
    ).refuse()
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


def _check_ages(age_from, age_to) -> None:
    if age_from is None or age_to is None or not 0 <= age_from <= 24 or not 0 <= age_to <= 24:
        raise DomainError(_("The target group must be within ages 0 to 24."), field="age_from")
    if age_from > age_to:
        raise DomainError(_("The lowest age cannot be above the highest."), field="age_to")


def _ages_left_out(subproject, age_from: int, age_to: int) -> list[int]:
    """Ages (this year) of enrolled participants inside the sub-project's present range
    whom the new range would leave out; someone who has aged out already is not held
    against a change."""
    year = timezone.localdate().year
    ages = (year - born for born in participant_birth_years(subproject=subproject))
    return sorted(
        age
        for age in ages
        if subproject.age_from <= age <= subproject.age_to and not age_from <= age <= age_to
    )


def _changed_subproject_problems(subproject, fields: dict) -> Problems:
    """Every problem of a sub-project's changed fields in `fields` (a field not there was
    refused by its form and its checks are left out), so a reversed age range, a taken
    name and a range leaving out enrolled young people come in one answer."""
    problems = Problems()
    if "age_from" in fields and "age_to" in fields:
        age_from, age_to = fields["age_from"], fields["age_to"]
        problems.check(_check_ages, age_from, age_to)
        # Checked first: who a range leaves out is only asked of a range that holds.
        if not problems.items:
            left_out = _ages_left_out(subproject, age_from, age_to)
            if left_out:
                problems.add(
                    _(
                        "%(count)s young people already enrolled are %(ages)s years old: the "
                        "age range %(age_from)s–%(age_to)s would leave them out. Choose a "
                        "range that includes them."
                    )
                    % {
                        "count": len(left_out),
                        "ages": ", ".join(str(age) for age in sorted(set(left_out))),
                        "age_from": age_from,
                        "age_to": age_to,
                    },
                    field="age_from",
                )
    name = fields.get("name")
    if _name_taken(subproject.agreement_id, name, other_than=subproject.pk):
        problems.add(_("The agreement already has a sub-project by this name."), field="name")
    return problems


def subproject_update_check(*, acting_user, subproject, **fields) -> list[DomainError]:
    """What `subproject_update` would refuse the fields that passed their form with
    (`fields`: any of name, age_from, age_to), without writing: for the edit page when
    other fields were refused, so every problem shows in one answer."""
    require_system_or_manager(
        user=acting_user, municipality_id=subproject.agreement.municipality_id, what="subproject"
    )
    if "name" in fields:
        fields["name"] = (fields["name"] or "").strip()
    return _changed_subproject_problems(subproject, fields).items


@transaction.atomic
def subproject_update(
    *,
    acting_user,
    subproject,
    name: str,
    summary: str,
    target_group: str,
    age_from: int,
    age_to: int,
) -> SubProject:
    """Change a sub-project's name, summary, target group and age range; only the
    municipality's economist or administrator (None: the system). An age range that
    would leave out young people already enrolled is refused, with their ages."""
    require_system_or_manager(
        user=acting_user, municipality_id=subproject.agreement.municipality_id, what="subproject"
    )
    subproject = SubProject.objects.select_for_update().get(pk=subproject.pk)
    name = (name or "").strip()
    _changed_subproject_problems(
        subproject, {"name": name, "age_from": age_from, "age_to": age_to}
    ).refuse()
    old = {
        "name": subproject.name,
        "age_from": subproject.age_from,
        "age_to": subproject.age_to,
    }
    summary, target_group = (summary or "").strip(), (target_group or "").strip()
    changed_texts = {
        "summary_changed": summary != subproject.summary,
        "target_group_changed": target_group != subproject.target_group,
    }
    subproject.name, subproject.summary, subproject.target_group = name, summary, target_group
    subproject.age_from, subproject.age_to = age_from, age_to
    full_clean_or_refuse(subproject)
    subproject.save(update_fields=["name", "summary", "target_group", "age_from", "age_to"])
    audit_record_create(
        actor=acting_user,
        action="subproject.update",
        target=subproject,
        # The texts are free text: the trail says only whether they changed.
        old_values=old,
        new_values={"name": name, "age_from": age_from, "age_to": age_to, **changed_texts},
        municipality=subproject.agreement.municipality,
    )
    return subproject


def _locked_seat(acting_user, membership) -> TeamMembership:
    require_system_or_manager(
        user=acting_user,
        municipality_id=membership.subproject.agreement.municipality_id,
        what="membership",
    )
    return (
        TeamMembership.objects.select_for_update()
        .select_related("subproject__agreement__municipality", "user")
        .get(pk=membership.pk)
    )


@transaction.atomic
def team_role_change(*, acting_user, membership, team_role: str) -> TeamMembership:
    """Give a seat another role in the team (its delegated authority follows the role);
    only the municipality's economist or administrator (None: the system)."""
    membership = _locked_seat(acting_user, membership)
    if team_role not in TeamRole.values:
        raise DomainError(_("Choose a role in the team."), field="team_role")
    if team_role == membership.team_role:
        raise DomainError(
            _("%(user)s already has this role in the team.") % {"user": membership.user},
            field="team_role",
        )
    if membership.team_role == TeamRole.LEAD:
        _refuse_leaving_without_lead(membership)
    old_role = membership.team_role
    membership.team_role = team_role
    membership.save(update_fields=["team_role"])
    audit_record_create(
        actor=acting_user,
        action="team_membership.role",
        target=membership,
        old_values={"team_role": old_role},
        new_values={
            "subproject": membership.subproject_id,
            "user": membership.user_id,
            "team_role": team_role,
        },
        municipality=membership.subproject.agreement.municipality,
    )
    return membership


@transaction.atomic
def team_member_remove(*, acting_user, membership) -> None:
    """Take a seat off the team: the user no longer sees the sub-project's households nor
    decides for it. What they decided or recorded stays. Only the municipality's
    economist or administrator (None: the system)."""
    membership = _locked_seat(acting_user, membership)
    reasons = departure_refusals(user=membership.user, subproject=membership.subproject)
    if reasons:
        raise DomainError(" ".join(reasons), field="membership")
    values = {
        "subproject": membership.subproject_id,
        "user": membership.user_id,
        "team_role": membership.team_role,
    }
    municipality = membership.subproject.agreement.municipality
    audit_record_create(
        actor=acting_user,
        action="team_membership.delete",
        target=membership,
        old_values=values,
        municipality=municipality,
    )
    membership.delete()


def _other_roles(membership) -> set[str]:
    """The roles of the team's other active seats."""
    return set(
        TeamMembership.objects.filter(subproject_id=membership.subproject_id, user__is_active=True)
        .exclude(pk=membership.pk)
        .values_list("team_role", flat=True)
    )


def _refuse_leaving_without_lead(membership) -> None:
    """Demoting the team's only active lead leaves the team (this seat included) without one."""
    if membership.user.is_active and TeamRole.LEAD not in _other_roles(membership):
        raise DomainError(_last_lead_message(membership), field="team_role")


def _last_lead_message(membership) -> str:
    return _(
        "%(user)s is the only sub-project lead of %(subproject)s. Give another team member "
        "the lead role first: a team is never left without a lead."
    ) % {"user": membership.user, "subproject": membership.subproject.name}


def last_lead_departures(*, user, subproject=None) -> list[str]:
    """A departure check (accounts.departures): the teams `user` is the only active lead
    of, among `subproject` (None: every team)."""
    seats = TeamMembership.objects.filter(user=user, team_role=TeamRole.LEAD).select_related(
        "subproject", "user"
    )
    if subproject is not None:
        seats = seats.filter(subproject=subproject)
    # Leaving a team others stay on needs another lead; the last seat of all may go.
    messages = []
    for seat in seats:
        others = _other_roles(seat)
        if user.is_active and others and TeamRole.LEAD not in others:
            messages.append(_last_lead_message(seat))
    return messages
