"""Who sees the shared pot's distribution: everyone who decides in the municipality.

Team roles (unit lead, contact person, team member) and the municipality's economy see
every sub-project of their own municipality's pot: openness about the shared pot is the
point ("if one youth gets a lot, another must get less"). The figures are aggregates over
at least five households; no household is ever named. The state viewer has its own,
anonymised view across municipalities, not this one.
"""

from samskap.accounts.access import manages_municipality
from samskap.accounts.models import TEAM_ROLES
from samskap.core.errors import NotFoundOrForbidden
from samskap.funding.models import ProgrammeAgreement


def sees_pot_distribution(user) -> bool:
    if not user.is_authenticated or user.municipality_id is None:
        return False
    return user.role in TEAM_ROLES or manages_municipality(user, user.municipality_id)


def access_agreement(*, user, agreement_id) -> ProgrammeAgreement:
    """An agreement of the user's own municipality, for someone who decides there;
    NotFoundOrForbidden otherwise (also for a foreign or missing id)."""
    if not sees_pot_distribution(user):
        raise NotFoundOrForbidden("agreement")
    try:
        return ProgrammeAgreement.objects.get(pk=agreement_id, municipality_id=user.municipality_id)
    except (ProgrammeAgreement.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden("agreement") from error


def agreements_for(*, user):
    """The agreements whose distribution the user may see, newest first."""
    if not sees_pot_distribution(user):
        return ProgrammeAgreement.objects.none()
    return ProgrammeAgreement.objects.filter(municipality_id=user.municipality_id).order_by(
        "-starts_on", "-pk"
    )
