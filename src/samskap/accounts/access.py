"""Role checks shared by every context: who manages a municipality's money and pot.

The economist and the administrator of a municipality manage its pot, its payments and
its delegated authority; superusers manage every municipality. The other roles act only
through their team seats (see `samskap.subprojects.access`).
"""

from samskap.accounts.models import MUNICIPALITY_WIDE_ROLES
from samskap.core.errors import NotFoundOrForbidden


def manages_municipality(user, municipality_id: int | None) -> bool:
    """True when `user` is the economist or administrator of `municipality_id` (or a
    superuser); False for anonymous users, other roles and other municipalities."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return (
        user.role in MUNICIPALITY_WIDE_ROLES
        and user.municipality_id is not None
        and user.municipality_id == municipality_id
    )


def require_municipality_manager(*, user, municipality_id: int | None, what: str) -> None:
    """Raise NotFoundOrForbidden(what) unless `user` manages `municipality_id`; the same
    error as a missing object, so ids leak nothing."""
    if not manages_municipality(user, municipality_id):
        raise NotFoundOrForbidden(what)
