"""The support flow's choke points: only the team of the sub-project opens a family's papers,
and "missing" and "not yours" are the same refusal."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from samskap.accounts import services as accounts_services
from samskap.accounts.models import Role
from samskap.core.errors import NotFoundOrForbidden
from samskap.support import access, services
from samskap.support.models import OtherHelp, Place
from tests.support.factories import SUBPROJECT, decide, fund, organisations, request, set_limits

TEAM = ("leder", "kontakt", "nav.berg")  # the seats on SUBPROJECT
# Another sub-project's team, the municipality's economist and administrator (who see the
# sub-project's figures but hold no seat), and the state's viewer.
OUTSIDERS = ("team", "okonom", "admin", "stat")


@pytest.fixture
def papers(demo):
    """One of each thing on SUBPROJECT: a mapping, a letter, a request, its decision and task."""
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("50000"))
    set_limits(demo)
    support = request(demo, amount="1000")
    decision = decide(demo, [support]).decisions[0]
    mapping = services.needs_mapping_record(
        acting_user=demo["users"]["kontakt"],
        household=support.household,
        subproject=support.subproject,
        place=Place.HOME,
        services_present=organisations(demo),
        basic_needs=[],
    )
    return {
        "subproject": support.subproject,
        "mapping": mapping,
        "letter": support.letter,
        "request": support,
        "decision": decision,
        "task": OtherHelp.objects.get(request=support),
    }


def lookups(papers):
    """(access function, keyword for the id, the object it must return)."""
    return [
        (access.access_team_subproject, "subproject_id", papers["subproject"]),
        (access.access_needs_mapping, "needs_mapping_id", papers["mapping"]),
        (access.access_letter, "letter_id", papers["letter"]),
        (access.access_support_request, "support_request_id", papers["request"]),
        (access.access_decision, "decision_id", papers["decision"]),
        (access.access_help_task, "help_task_id", papers["task"]),
    ]


@pytest.mark.parametrize("for_write", [False, True])
@pytest.mark.parametrize("username", TEAM)
def test_the_team_opens_every_paper(demo, papers, username, for_write):
    user = demo["users"][username]
    for lookup, key, expected in lookups(papers):
        assert lookup(user=user, **{key: expected.pk}, for_write=for_write) == expected


@pytest.mark.parametrize("for_write", [False, True])
@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_open_nothing(demo, papers, username, for_write):
    user = demo["users"][username]
    for lookup, key, expected in lookups(papers):
        with pytest.raises(NotFoundOrForbidden):
            lookup(user=user, **{key: expected.pk}, for_write=for_write)


@pytest.mark.parametrize("bad_id", [999_999_999, "abc", None])
def test_missing_is_refused_like_forbidden(demo, papers, bad_id):
    user = demo["users"]["kontakt"]
    for lookup, key, _expected in lookups(papers):
        with pytest.raises(NotFoundOrForbidden):
            lookup(user=user, **{key: bad_id})


def test_a_team_member_of_another_municipality_opens_nothing(demo, papers):
    bamble = accounts_services.municipality_create(acting_user=None, name="Bamble", number="4012")
    stranger = accounts_services.user_create(
        acting_user=None,
        username="bamble.kontakt",
        role=Role.CONTACT_PERSON,
        municipality=bamble,
        first_name="Bente",
        last_name="Bamble",
        password="bamble-demo-pass",
    )
    for lookup, key, expected in lookups(papers):
        with pytest.raises(NotFoundOrForbidden):
            lookup(user=stranger, **{key: expected.pk}, for_write=True)


def test_pages_answer_missing_and_forbidden_with_the_same_404(demo, papers):
    outsider = Client()
    outsider.force_login(demo["users"]["team"])
    urls = [
        reverse("support:letter_detail", args=[papers["letter"].pk]),
        reverse("support:request_create", args=[papers["letter"].pk]),
        reverse("support:request_detail", args=[papers["request"].pk]),
        reverse("support:meeting", args=[papers["subproject"].pk]),
    ]
    for url in urls:
        assert outsider.get(url).status_code == 404, url
    posts = [
        reverse("support:decision_confirm", args=[papers["decision"].pk]),
        reverse("support:decision_refuse", args=[papers["decision"].pk]),
        reverse("support:task_done", args=[papers["task"].pk]),
        reverse("support:decision_confirm", args=[999_999_999]),
        reverse("support:task_done", args=[999_999_999]),
    ]
    for url in posts:
        assert outsider.post(url).status_code == 404, url
