"""Access choke points for households and their consents.

Views look households up through these; every write service in `people.services` calls
`require_household_write` itself, so a caller that is not a view (an API, an import, a
job) cannot skip the check. "Missing" and "not yours" raise the same NotFoundOrForbidden.
"""

from samskap.core.errors import NotFoundOrForbidden
from samskap.people import selectors
from samskap.people.models import Consent, Household, LegalBasisRecord
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
