"""Who may change what the time-to-help page compares against.

Everyone who decides sees the page (`oversight.access`). The ordinary route's baseline is
the municipality's economist's or administrator's to set. Unit indicators are typed in by
the economist (any unit of the municipality) or a unit lead (their own unit).
"""

from samskap.accounts.access import manages_municipality
from samskap.accounts.models import Organisation, Role
from samskap.core.errors import NotFoundOrForbidden


def sets_baseline(user) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and user.municipality_id is not None
        and manages_municipality(user, user.municipality_id)
    )


def indicator_organisation_ids(user) -> list[int]:
    if user is None or not user.is_authenticated or user.municipality_id is None:
        return []
    organisations = Organisation.objects.filter(municipality_id=user.municipality_id)
    if manages_municipality(user, user.municipality_id):
        return list(organisations.values_list("pk", flat=True))
    if user.role == Role.UNIT_LEAD and user.organisation_id:
        return list(organisations.filter(pk=user.organisation_id).values_list("pk", flat=True))
    return []


def records_indicators(user) -> bool:
    return bool(indicator_organisation_ids(user))


def access_indicator_organisation(*, user, organisation_id) -> Organisation:
    """An organisation `user` may type indicators for (the system: any); else
    NotFoundOrForbidden, the same for a missing or foreign id."""
    try:
        organisation = Organisation.objects.get(pk=organisation_id)
    except (Organisation.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden("organisation") from error
    if user is not None and organisation.pk not in indicator_organisation_ids(user):
        raise NotFoundOrForbidden("organisation")
    if organisation.municipality_id is None:
        raise NotFoundOrForbidden("organisation")
    return organisation
