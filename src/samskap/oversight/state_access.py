"""Who sees the state's view: the state viewer only (directorates, Statsforvalteren).

The state viewer stands outside every municipality and sees only aggregates over all the
municipalities in the programme, every group under five households suppressed. Every
municipal role is refused (the same 404 as a missing page): a municipality sees its own
figures in its own pages, never another municipality's through this one.
"""

from samskap.core.errors import NotFoundOrForbidden


def sees_state_view(user) -> bool:
    return bool(user.is_authenticated and getattr(user, "is_state_viewer", False))


def require_state_viewer(*, user) -> None:
    """NotFoundOrForbidden unless `user` is a state viewer."""
    if not sees_state_view(user):
        raise NotFoundOrForbidden("state view")
