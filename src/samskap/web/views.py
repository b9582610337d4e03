"""Start pages: each role lands on the overview of what it works with."""

from django.db.models import Count
from django.http import Http404
from django.shortcuts import render

from samskap.accounts.access import sets_up_municipality
from samskap.accounts.models import Organisation, Role, User
from samskap.funding import selectors as funding_selectors
from samskap.oversight import continuation
from samskap.payments import selectors as payment_selectors
from samskap.people import services as people_services
from samskap.subprojects import selectors as subproject_selectors
from samskap.subprojects.models import TeamMembership
from samskap.support import selectors as support_selectors

START_TEMPLATES = {
    Role.ECONOMIST: "web/start_economist.html",
    Role.UNIT_LEAD: "web/start_team.html",
    Role.CONTACT_PERSON: "web/start_team.html",
    Role.TEAM_MEMBER: "web/start_team.html",
    Role.STATE_VIEWER: "web/start_state.html",
    Role.ADMINISTRATOR: "web/start_admin.html",
}


def home(request):
    user = request.user
    waiting = support_selectors.waiting_for(user=user)
    # The list names households: log the look like every page that shows several.
    people_services.household_access_log_many(
        user=user, household_ids=waiting.household_ids, purpose="start page"
    )
    if user.role == Role.ADMINISTRATOR and sets_up_municipality(user):
        return render(request, "web/start_admin.html", _setup_context(user))
    context = {
        "waiting": waiting,
        "agreements": funding_selectors.agreements_visible_to(user=user),
        "subprojects": subproject_selectors.subprojects_visible_to(user=user),
        "memberships": subproject_selectors.memberships_of(user=user),
    }
    if user.role == Role.ECONOMIST:
        # Participants whose time in the pilot ends soon without a plan for after it.
        context["without_plan"] = continuation.count_without_plan(user=user)
        context["without_plan_months"] = continuation.DEFAULT_MONTHS
    return render(request, START_TEMPLATES.get(user.role, "web/start_team.html"), context)


def _setup_context(user) -> dict:
    """What is set up in the user's municipality, step by step, with counts."""
    municipality = user.municipality
    agreements = funding_selectors.agreements_visible_to(user=user).annotate(
        scheme_count=Count("scheme_amounts")
    )
    subprojects = subproject_selectors.subprojects_visible_to(user=user)
    return {
        "municipality": municipality,
        "organisations": Organisation.objects.filter(municipality=municipality).count(),
        "users": User.objects.filter(municipality=municipality).count(),
        "agreements": agreements,
        "subprojects": subprojects,
        "memberships": TeamMembership.objects.filter(subproject__in=subprojects).count(),
        "debtor_account": payment_selectors.debtor_account_of(user=user),
    }


def setup(request):
    """The set-up steps of a municipality, for its economist and administrator."""
    if not sets_up_municipality(request.user):
        raise Http404
    return render(request, "web/setup.html", _setup_context(request.user))
