"""Access choke points for households and their consents.

Views look households up through these; every write service in `people.services` calls
`require_household_write` itself, so a caller that is not a view (an API, an import, a
job) cannot skip the check. "Missing" and "not yours" raise the same NotFoundOrForbidden.
"""

from django.db.models import Exists, OuterRef

from samskap.accounts.access import manages_municipality
from samskap.accounts.models import User
from samskap.core.errors import NotFoundOrForbidden
from samskap.people import selectors
from samskap.people.models import Consent, Enrolment, Household, LegalBasisRecord
from samskap.subprojects.models import TeamMembership, TeamRole
from samskap.subprojects.selectors import subproject_ids_for_team_member


def require_household_write(*, user, household: Household) -> None:
    """NotFoundOrForbidden unless `user` sits on the team of one of the household's
    sub-projects: the team works with the family, nobody else changes its data."""
    if user is None or not user.is_authenticated or user.is_state_viewer:
        raise NotFoundOrForbidden("household")
    enrolled = {enrolment.subproject_id for enrolment in household.enrolments.all()}
    if (
        household.municipality_id != user.municipality_id
        or not enrolled & subproject_ids_for_team_member(user=user)
    ):
        raise NotFoundOrForbidden("household")


def access_household(*, user, household_id: int, for_write: bool = False) -> Household:
    """The household (members, enrolments and consents loaded) if `user` may see it, and
    with for_write, change it; NotFoundOrForbidden otherwise.

    Today only team seats see households, so both answers agree; for_write keeps it so
    when a wider read (oversight, reports) comes.
    """
    if user is None:
        raise NotFoundOrForbidden("household")
    household = selectors.household_for(user=user, household_id=household_id)
    if for_write:
        require_household_write(user=user, household=household)
    return household


def access_household_page(*, user, household_id: int) -> selectors.HouseholdPage:
    """What the household page shows of people's tables (`selectors.household_page`) if
    `user` may see the household (as `access_household`); NotFoundOrForbidden otherwise."""
    if user is None:
        raise NotFoundOrForbidden("household")
    return selectors.household_page(user=user, household_id=household_id)


def access_consent(*, user, consent_id: int, for_write: bool = False) -> Consent:
    """A consent of a household `user` may see (with for_write, change); the same
    NotFoundOrForbidden for a missing consent and another team's."""
    if user is None:
        raise NotFoundOrForbidden("consent")
    consent = selectors.consent_for(user=user, consent_id=consent_id)
    if for_write:
        require_household_write(user=user, household=consent.household)
    return consent


def access_legal_basis(*, user, basis_id: int, for_write: bool = False) -> LegalBasisRecord:
    """Another legal basis of a household `user` may see (with for_write, change)."""
    if user is None:
        raise NotFoundOrForbidden("legal basis")
    record = selectors.legal_basis_for(user=user, basis_id=basis_id)
    if for_write:
        require_household_write(user=user, household=record.household)
    return record


# --- handing a household to another contact person ---------------------------------------


def led_subproject_ids(*, user) -> set[int]:
    """The sub-projects whose team `user` leads (a seat as sub-project lead)."""
    seats = TeamMembership.objects.filter(user=user, team_role=TeamRole.LEAD).order_by()
    return set(seats.values_list("subproject_id", flat=True))


def may_hand_over(*, user, household: Household, leads_its_team=None) -> bool:
    """Whether `user` may give `household` another contact person: the lead of a team the
    household is enrolled in, or the municipality's economist or administrator (they set
    up staff and seats and deactivate whoever leaves, without seeing the household).
    `leads_its_team`: whether `user` leads one of the household's teams, when the caller
    read it already (the household page, `selectors.household_page`)."""
    if user is None or not user.is_authenticated or not user.is_active or user.is_state_viewer:
        return False
    if manages_municipality(user, household.municipality_id):
        return True
    if household.municipality_id != user.municipality_id:
        return False
    if leads_its_team is not None:
        return leads_its_team
    enrolled = {enrolment.subproject_id for enrolment in household.enrolments.all()}
    return bool(enrolled & led_subproject_ids(user=user))


def require_contact_person_handover(*, user, household: Household) -> None:
    """For the hand-over services: None is the system; anyone else must pass
    `may_hand_over`, or gets the same NotFoundOrForbidden as a missing household."""
    if user is not None and not may_hand_over(user=user, household=household):
        raise NotFoundOrForbidden("household")


def access_household_handover(*, user, household_id: int) -> Household:
    """A household `user` sees through a team seat and may hand over (its team's lead):
    the household page's "change contact person"."""
    household = access_household(user=user, household_id=household_id)
    if user is None or not may_hand_over(user=user, household=household):
        raise NotFoundOrForbidden("household")
    return household


def households_to_hand_over(*, user, from_user):
    """The households whose contact person is `from_user` that `user` may hand over: the
    whole municipality's for its economist or administrator, those enrolled in a team
    `user` leads for a lead, none for anyone else."""
    households = Household.objects.filter(
        contact_person=from_user, municipality_id=from_user.municipality_id
    )
    if user is None:
        return households
    if not user.is_authenticated or not user.is_active or user.is_state_viewer:
        return households.none()
    if manages_municipality(user, from_user.municipality_id):
        return households
    if user.municipality_id != from_user.municipality_id:
        return households.none()
    led = Enrolment.objects.filter(
        household_id=OuterRef("pk"), subproject_id__in=led_subproject_ids(user=user)
    )
    return households.filter(Exists(led))


def access_handover_from(*, user, user_id) -> User:
    """A staff user whose households `user` may hand over: any user of the municipality for
    its economist or administrator; for a lead, someone on a team they lead or the
    contact person of a household enrolled in one. NotFoundOrForbidden otherwise."""
    if user is None or not user.is_authenticated or user.is_state_viewer:
        raise NotFoundOrForbidden("user")
    try:
        person = User.objects.get(pk=user_id, municipality_id=user.municipality_id)
    except (User.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden("user") from error
    if manages_municipality(user, user.municipality_id):
        return person
    led = led_subproject_ids(user=user)
    if led and (
        TeamMembership.objects.filter(user=person, subproject_id__in=led).exists()
        or households_to_hand_over(user=user, from_user=person).exists()
    ):
        return person
    raise NotFoundOrForbidden("user")
