"""View decorators shared by the contexts' pages (role checks live in `access.py`)."""

import functools

from django.http import Http404

from samskap.accounts.models import TEAM_ROLES


def team_roles_only(view):
    """404 for everyone but the team roles (unit lead, contact person, team member): the
    pages that work with families or team meetings (the household list, a new household
    or case, the meetings, the help tasks) show the economist, the administrator and the
    state viewer nothing, so they answer like any other page outside their scope, and
    their menus do not link to them. The pages still apply the user's team seats."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if getattr(request.user, "role", None) not in TEAM_ROLES:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped
