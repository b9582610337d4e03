"""The state viewer walks every URL of Samskap (two municipalities, a household at every
stage in each): no page about one household, person, letter, request, decision, task,
survey or payment opens, and the pages that do open name none of them.

The statuses of every role are the authorization matrix's business
(tests/test_authorization_matrix.py); this walk is about what the state can read.
"""

import copy
import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from samskap.accounts.models import User
from samskap.payments.models import Payment
from samskap.people.models import Household, Member
from samskap.support.models import MotivationLetter
from tests import test_authorization_matrix as matrix
from tests.authorization_world import VALID_ACCOUNT
from tests.test_authorization_matrix import LOGIN, URLS, answer, scopes_of

# The matrix's world (two municipalities, a household at every stage in each) and its
# quick workbook, as this module's fixtures.
world = matrix.world
quick_workbook = matrix.quick_workbook

# Objects a URL may name for the state: the programme's own (agreements, sub-projects)
# and the outside account's shipped unit costs. Every other object is about people.
PROGRAMME_KEYWORDS = {"agreement_id", "subproject_id", "unit_cost_id", "goal_id"}
# The pages the state viewer opens (200); each is checked below for names.
STATE_PAGES = {
    "web:home",
    "subprojects:list",
    "subprojects:detail",
    "people:list",
    "people:create",
    "support:meetings",
    "support:tasks",
    "support:case_start",
    "effects:index",
    "effects:goal",
    "effects:goals",
    "outside_account:index",
    "outside_account:library",
    "outside_account:scenario",
    "outside_account:workbook",
    "outside_account:pdf",
    "oversight:state",
    "oversight:state_report_pdf",
    # The guide to ethics in the work: a text for everyone, about no one.
    "oversight:ethics",
}


@pytest.fixture(scope="module")
def stat(world, django_db_blocker):
    with django_db_blocker.unblock():
        client = Client()
        client.force_login(world.users["stat"])
        return client, copy.deepcopy(client.cookies)


@pytest.fixture(scope="module")
def secrets(world, django_db_blocker):
    """What names a household: aliases, members' names, account numbers, letter texts."""
    with django_db_blocker.unblock():
        words = set(Household.objects.values_list("alias", flat=True))
        words |= set(Member.objects.values_list("name", flat=True))
        words |= set(Payment.objects.values_list("creditor_name", flat=True))
        words |= set(Payment.objects.values_list("creditor_account", flat=True))
        words |= set(MotivationLetter.objects.values_list("need", flat=True))
        words |= {VALID_ACCOUNT}
        # Staff are named on team pages; a citizen who shares a staff member's first
        # name cannot be told apart by the word alone.
        staff = {
            part
            for first, last in User.objects.values_list("first_name", "last_name")
            for part in (first, last)
        }
    words = {word for word in words if len(word) > 3 and word not in staff}
    assert "Matrisen Ung i Stjørdal" in words and "Matti Matrise" in words
    return sorted(word for word in words if word)


def _cases():
    for name, keywords in sorted(URLS.items()):
        for scope in scopes_of(keywords):
            yield pytest.param(name, scope, id=f"{name}|{scope or '-'}")


def _text(response) -> str:
    if response["Content-Type"].startswith("application/pdf"):
        pages = PdfReader(io.BytesIO(response.content)).pages
        return "".join(page.extract_text() for page in pages)
    if response["Content-Type"].startswith("text/"):
        return response.content.decode()
    return ""  # a workbook: its figures are the pages' own


@pytest.mark.parametrize(("name", "scope"), list(_cases()))
def test_the_state_reaches_no_one(world, stat, secrets, db, name, scope):
    keywords = URLS[name]
    kwargs = {}
    if keywords:
        (keyword,) = keywords
        kwargs[keyword] = world.url_value(keyword, scope)
    client, cookies = stat
    client.cookies = copy.deepcopy(cookies)
    response = client.get(reverse(name, kwargs=kwargs))
    got = answer(response)
    if set(keywords) - PROGRAMME_KEYWORDS:
        # A page about one household, person, letter, decision, payment...: never.
        assert got in {LOGIN, 302, 400, 403, 404, 405}, f"{name} ({scope}) answered {got}"
    if got == 200:
        assert name in STATE_PAGES, f"{name} opens for the state viewer: add it on purpose"
        text = _text(response)
        named = [word for word in secrets if word in text]
        assert not named, f"{name} ({scope}) shows the state viewer {named}"


@pytest.mark.parametrize(
    "params",
    [
        {"husstand": "1"},
        {"household_id": "1"},
        {"kommune": "1", "husstand": "1"},
        {"delprosjekt": "1"},
        {"vedtak": "1"},
        {"q": "Matrisen"},
    ],
)
def test_no_filter_narrows_the_state_view_to_a_household(world, stat, secrets, db, params):
    client, cookies = stat
    client.cookies = copy.deepcopy(cookies)
    for name in ("oversight:state", "oversight:state_report_pdf"):
        response = client.get(reverse(name), params)
        assert response.status_code in {200, 400}
        text = _text(response)
        assert not [word for word in secrets if word in text]
