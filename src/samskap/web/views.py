"""Start pages: each role lands on the overview of what it works with."""

from django.shortcuts import render

from samskap.accounts.models import Role
from samskap.funding import selectors as funding_selectors
from samskap.people import services as people_services
from samskap.subprojects import selectors as subproject_selectors
from samskap.support import selectors as support_selectors

START_TEMPLATES = {
    Role.ECONOMIST: "web/start_economist.html",
    Role.UNIT_LEAD: "web/start_team.html",
    Role.CONTACT_PERSON: "web/start_team.html",
    Role.TEAM_MEMBER: "web/start_team.html",
    Role.STATE_VIEWER: "web/start_state.html",
    Role.ADMINISTRATOR: "web/start_economist.html",
}


def home(request):
    user = request.user
    waiting = support_selectors.waiting_for(user=user)
    # The list names households: log the look like every page that shows several.
    people_services.household_access_log_many(
        user=user, household_ids=waiting.household_ids, purpose="start page"
    )
    context = {
        "waiting": waiting,
        "agreements": funding_selectors.agreements_visible_to(user=user),
        "subprojects": subproject_selectors.subprojects_visible_to(user=user),
        "memberships": subproject_selectors.memberships_of(user=user),
    }
    return render(request, START_TEMPLATES.get(user.role, "web/start_team.html"), context)
