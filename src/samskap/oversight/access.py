"""Who sees the shared pot's distribution: everyone who decides in the municipality.

Team roles (unit lead, contact person, team member) and the municipality's economy see
every sub-project of their own municipality's pot: openness about the shared pot is the
point ("if one youth gets a lot, another must get less"). The figures are aggregates over
at least five households; no household is ever named. The state viewer has its own,
anonymised view across municipalities, not this one.
"""

from django.utils import timezone

from samskap.accounts.access import manages_municipality
from samskap.accounts.models import TEAM_ROLES
from samskap.core.errors import NotFoundOrForbidden
from samskap.funding.models import ProgrammeAgreement


def sees_pot_distribution(user) -> bool:
    if not user.is_authenticated or user.municipality_id is None:
        return False
    return user.role in TEAM_ROLES or manages_municipality(user, user.municipality_id)


def agreements_for(*, user):
    """The agreements whose distribution the user may see, newest first."""
    if not sees_pot_distribution(user):
        return ProgrammeAgreement.objects.none()
    return ProgrammeAgreement.objects.filter(municipality_id=user.municipality_id).order_by(
        "-starts_on", "-pk"
    )


def chosen_agreement(*, user, chosen) -> tuple[list[ProgrammeAgreement], ProgrammeAgreement | None]:
    """The agreements the user may see, newest first (NotFoundOrForbidden when none), and
    the one `chosen` names (the `?avtale=` value: a primary key as text). Nothing chosen:
    the agreement running today, not a newer one that has not started. None when `chosen`
    is not one of them: a missing id, another municipality's and text that is no number
    get the same answer, which so tells nothing of agreements the user may not see."""
    agreements = list(agreements_for(user=user))
    if not agreements:
        raise NotFoundOrForbidden("agreement")
    chosen = "" if chosen is None else str(chosen).strip()
    if not chosen:
        today = timezone.localdate()
        running = [a for a in agreements if a.starts_on <= today <= a.ends_on]
        return agreements, (running or agreements)[0]
    return agreements, {str(a.pk): a for a in agreements}.get(chosen)
