"""Access choke points of the pot: who may see an agreement, manage it, move its money.

Services call these themselves (an API, an import or a job cannot skip them). An
`acting_user` of None is the system itself (the demo loader, management commands).
"""

from samskap.accounts.access import manages_municipality, require_municipality_manager
from samskap.core.errors import NotFoundOrForbidden
from samskap.funding.models import ProgrammeAgreement
from samskap.funding.selectors import agreements_visible_to
from samskap.subprojects.selectors import subproject_ids_for_team_member


def access_agreement(*, user, agreement_id: int) -> ProgrammeAgreement:
    """The agreement if `user` may see it, else NotFoundOrForbidden."""
    try:
        return agreements_visible_to(user=user).get(pk=agreement_id)
    except (ProgrammeAgreement.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden("agreement") from error


def can_manage_pot(*, user, agreement: ProgrammeAgreement) -> bool:
    """Receipts, allocations, closing and reversals are for the municipality's economist
    or administrator only."""
    return manages_municipality(user, agreement.municipality_id)


def require_pot_manager(*, user, agreement: ProgrammeAgreement) -> None:
    """NotFoundOrForbidden unless `user` manages the agreement's pot (None: the system)."""
    if user is not None:
        require_municipality_manager(
            user=user, municipality_id=agreement.municipality_id, what="agreement"
        )


def require_money_access(*, user, subproject) -> None:
    """Money moves for a sub-project only by its own team or the municipality's economy
    (None: the system); NotFoundOrForbidden otherwise."""
    if user is None or manages_municipality(user, subproject.agreement.municipality_id):
        return
    if (
        user.municipality_id != subproject.agreement.municipality_id
        or subproject.pk not in subproject_ids_for_team_member(user=user)
    ):
        raise NotFoundOrForbidden("subproject")
