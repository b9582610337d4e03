"""View decorators shared by the contexts' pages (role checks live in `access.py`)."""

import functools

from django.http import Http404


def not_for_state_viewer(view):
    """404 for the state viewer: pages that work with families or team meetings show a
    state viewer nothing, so they answer like any other page outside their scope."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if getattr(request.user, "is_state_viewer", False):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped
