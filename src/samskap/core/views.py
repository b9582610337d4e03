"""The page shell: start page per role and friendly error pages."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from samskap.accounts.models import Role
from samskap.funding import selectors as funding_selectors
from samskap.subprojects import selectors as subproject_selectors

START_TEMPLATES = {
    Role.ECONOMIST: "core/start_economist.html",
    Role.UNIT_LEAD: "core/start_team.html",
    Role.CONTACT_PERSON: "core/start_team.html",
    Role.TEAM_MEMBER: "core/start_team.html",
    Role.STATE_VIEWER: "core/start_state.html",
    Role.ADMINISTRATOR: "core/start_economist.html",
}


def home(request):
    user = request.user
    context = {
        "agreements": funding_selectors.agreements_visible_to(user=user),
        "subprojects": subproject_selectors.subprojects_visible_to(user=user),
        "memberships": subproject_selectors.memberships_of(user=user),
    }
    return render(request, START_TEMPLATES.get(user.role, "core/start_team.html"), context)


@login_not_required
def csrf_failure(request, reason=""):
    message = _(
        "The form had expired or was sent from another page. "
        "Go back, reload the page and try again."
    )
    return render(
        request, "core/error.html", {"title": _("Form expired"), "message": message}, status=403
    )


@login_not_required
def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


@login_not_required
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request):
    # Rendered without the request: whatever failed (often the database) must not fail again.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
