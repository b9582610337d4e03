"""Access choke points of the effects context.

A sub-project's goals and indicators (their wording, targets, baselines and tags) are
set by the sub-project's lead (a lead seat on its team) and the municipality's managers
(economist, administrator); a programme goal by the managers only. The rest of the team
(contact persons, team members) reads the goals and records outcomes against them.
Participants, outcomes and participation rounds are work with people: only a seat on the
sub-project's team. "Missing" and "not yours" raise the same NotFoundOrForbidden.
"""

from samskap.accounts.access import manages_municipality
from samskap.core.errors import NotFoundOrForbidden
from samskap.effects.models import Goal, Indicator, Outcome, Participant, Proposal, ProposalRound
from samskap.funding.models import ProgrammeAgreement
from samskap.subprojects.access import access_subproject, require_team_seat
from samskap.subprojects.models import TeamMembership, TeamRole
from samskap.subprojects.selectors import subproject_ids_for_team_member, subprojects_visible_to


def leads_subproject(*, user, subproject) -> bool:
    """Whether `user` holds the lead seat on `subproject`'s team."""
    return (
        user is not None
        and user.is_authenticated
        and user.municipality_id == subproject.agreement.municipality_id
        and TeamMembership.objects.filter(
            user=user, subproject=subproject, team_role=TeamRole.LEAD
        ).exists()
    )


def require_goal_write(*, user, agreement, subproject) -> None:
    """NotFoundOrForbidden unless `user` may set goals here: a sub-project's goals its lead
    and the municipality's managers, the programme's the managers (the system always may).
    A contact person or team member reads the goals and records outcomes, nothing more."""
    if user is None:
        return
    if subproject is not None:
        access_subproject(user=user, subproject_id=subproject.pk)
        if manages_municipality(user, subproject.agreement.municipality_id):
            return
        if not leads_subproject(user=user, subproject=subproject):
            raise NotFoundOrForbidden("goal")
    elif not manages_municipality(user, agreement.municipality_id):
        raise NotFoundOrForbidden("goal")


def require_plan_goal_write(*, user, municipality) -> None:
    """A municipality's plan goals (tags on goals) are added by whoever sets goals there:
    its managers or the lead of one of its sub-projects."""
    if user is None:
        return
    if user.municipality_id != municipality.pk and not user.is_superuser:
        raise NotFoundOrForbidden("municipality")
    if manages_municipality(user, municipality.pk):
        return
    if not TeamMembership.objects.filter(
        user=user,
        team_role=TeamRole.LEAD,
        subproject__agreement__municipality_id=municipality.pk,
    ).exists():
        raise NotFoundOrForbidden("plan_goal")


def require_team_work(*, user, subproject) -> None:
    """A team seat on the sub-project; None is the system (demo loader, commands)."""
    if user is None:
        return
    if user.municipality_id != subproject.agreement.municipality_id:
        raise NotFoundOrForbidden("subproject")
    require_team_seat(user=user, subproject=subproject)


def access_goal(*, user, goal_id: int, for_write: bool = False) -> Goal:
    try:
        goal = Goal.objects.select_related("agreement", "subproject").get(pk=goal_id)
    except (Goal.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden("goal") from error
    visible = subprojects_visible_to(user=user).filter(agreement_id=goal.agreement_id)
    if goal.subproject_id is not None:
        visible = visible.filter(pk=goal.subproject_id)
    if not (visible.exists() or manages_municipality(user, goal.agreement.municipality_id)):
        raise NotFoundOrForbidden("goal")
    if for_write:
        require_goal_write(user=user, agreement=goal.agreement, subproject=goal.subproject)
    return goal


def access_indicator(*, user, indicator_id: int, for_write: bool = False) -> Indicator:
    try:
        indicator = Indicator.objects.only("goal_id").get(pk=indicator_id)
    except (Indicator.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden("indicator") from error
    goal = access_goal(user=user, goal_id=indicator.goal_id, for_write=for_write)
    return Indicator.objects.select_related("goal").get(pk=indicator.pk, goal=goal)


def access_participant(*, user, participant_id: int) -> Participant:
    """A participant of a sub-project on whose team `user` sits."""
    try:
        participant = Participant.objects.select_related(
            "subproject__agreement", "member__household"
        ).get(pk=participant_id, subproject_id__in=subproject_ids_for_team_member(user=user))
    except (Participant.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden("participant") from error
    return participant


def access_round(*, user, round_id: int) -> ProposalRound:
    """A proposal round of a sub-project on whose team `user` sits."""
    try:
        return ProposalRound.objects.select_related("subproject__agreement").get(
            pk=round_id, subproject_id__in=subproject_ids_for_team_member(user=user)
        )
    except (ProposalRound.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden("round") from error


def access_proposal(*, user, proposal_id: int) -> Proposal:
    try:
        return Proposal.objects.select_related("round__subproject__agreement").get(
            pk=proposal_id, round__subproject_id__in=subproject_ids_for_team_member(user=user)
        )
    except (Proposal.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden("proposal") from error


def access_outcome(*, user, outcome_id: int) -> Outcome:
    """An outcome of a participant of a sub-project on whose team `user` sits."""
    try:
        return Outcome.objects.select_related(
            "participant__subproject__agreement", "participant__member", "indicator__goal"
        ).get(
            pk=outcome_id,
            participant__subproject_id__in=subproject_ids_for_team_member(user=user),
        )
    except (Outcome.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden("outcome") from error


def access_programme(*, user, agreement_id: int):
    """A programme agreement whose goals `user` sets: its municipality's managers."""
    try:
        agreement = ProgrammeAgreement.objects.select_related("municipality").get(pk=agreement_id)
    except (ProgrammeAgreement.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden("agreement") from error
    if not manages_municipality(user, agreement.municipality_id):
        raise NotFoundOrForbidden("agreement")
    return agreement
