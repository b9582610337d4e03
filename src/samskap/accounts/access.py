"""Role checks shared by every context: who manages a municipality's money and pot.

The economist and the administrator of a municipality manage its pot, its payments and
its delegated authority; superusers manage every municipality. The other roles act only
through their team seats (see `samskap.subprojects.access`).
"""

from samskap.accounts.models import MUNICIPALITY_WIDE_ROLES, Role, User
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


def require_system_or_manager(*, user, municipality_id: int | None, what: str) -> None:
    """For services: None is the system (commands, the demo loader); anyone else must
    manage `municipality_id`."""
    if user is not None:
        require_municipality_manager(user=user, municipality_id=municipality_id, what=what)


def sets_up_municipality(user) -> bool:
    """True for the economist and the administrator of a municipality: they see the
    set-up screens of their own municipality."""
    return (
        user is not None
        and user.is_authenticated
        and user.municipality_id is not None
        and manages_municipality(user, user.municipality_id)
    )


def assignable_roles(user) -> list[str]:
    """The roles `user` may give a colleague. Nobody gives more than they hold: only an
    administrator (or the system) makes administrators, and state viewers stand outside
    every municipality, so no municipality's staff can make one."""
    roles = [Role.ECONOMIST, Role.UNIT_LEAD, Role.CONTACT_PERSON, Role.TEAM_MEMBER]
    if user is None or user.is_superuser or user.role == Role.ADMINISTRATOR:
        roles.append(Role.ADMINISTRATOR)
    return [str(role) for role in roles]


def access_staff_user(*, user, user_id):
    """A staff user of the municipality `user` sets up, else NotFoundOrForbidden."""
    if not sets_up_municipality(user):
        raise NotFoundOrForbidden("user")
    try:
        return User.objects.get(pk=user_id, municipality_id=user.municipality_id)
    except (User.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden("user") from error
