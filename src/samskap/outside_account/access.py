"""Access choke points of the outside account.

A sub-project's outside account is read by whoever may see the sub-project
(subprojects.access) and saved by whoever may act for it (its team or the municipality's
economy). The parameter library is read by every signed-in user and revised only by a
municipality's economist or administrator, for their own municipality.
"""

from samskap.accounts.access import require_municipality_manager
from samskap.core.errors import NotFoundOrForbidden
from samskap.outside_account.models import SavedResult, UnitCost
from samskap.subprojects.access import access_subproject
from samskap.subprojects.models import SubProject


def access_account_subproject(*, user, subproject_id: int, for_write: bool = False):
    """The sub-project if `user` may see it (for_write: act for it); None is the system."""
    if user is None:
        try:
            return SubProject.objects.select_related("agreement").get(pk=subproject_id)
        except (SubProject.DoesNotExist, ValueError, TypeError) as error:
            raise NotFoundOrForbidden("subproject") from error
    return access_subproject(user=user, subproject_id=subproject_id, for_write=for_write)


def require_library_editor(*, user) -> None:
    """NotFoundOrForbidden unless `user` manages a municipality (None: the system)."""
    if user is not None:
        require_municipality_manager(
            user=user, municipality_id=user.municipality_id, what="unit_cost"
        )


def access_unit_cost(*, user, unit_cost_id: int, for_write: bool = False) -> UnitCost:
    """A unit cost the user may see: the shipped defaults and their own municipality's."""
    try:
        unit_cost = UnitCost.objects.select_related("target_group").get(pk=unit_cost_id)
    except (UnitCost.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden("unit_cost") from error
    if (
        user is not None
        and not user.is_superuser
        and unit_cost.municipality_id not in (None, user.municipality_id)
    ):
        raise NotFoundOrForbidden("unit_cost")
    if for_write:
        require_library_editor(user=user)
    return unit_cost


def access_saved_result(*, user, result_id: int) -> SavedResult:
    try:
        saved = SavedResult.objects.get(pk=result_id)
    except (SavedResult.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden("saved_result") from error
    access_account_subproject(user=user, subproject_id=saved.subproject_id)
    return saved
