"""The shared pot made visible: the figures equal the ledger's and the decisions', groups
under five households are suppressed, everyone who decides sees it, nobody else does."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samskap.funding.models import ProgrammeAgreement
from samskap.oversight import access, selectors
from samskap.oversight.stats import MIN_GROUP
from samskap.people.models import Enrolment, Member
from samskap.support.models import Decision
from tests.support.factories import SUBPROJECT, decide, fund, request, set_limits

D = Decimal


def final(agreement):
    return Decision.objects.filter(
        request__subproject__agreement=agreement,
        decided_at__isnull=False,
        cancelled_at__isnull=True,
        amount__gt=0,
    ).exclude(outcome="declined")


def test_totals_match_the_decisions_per_sub_project(demo):
    agreement = demo["agreement"]
    result = selectors.pot_distribution(agreement=agreement)
    assert result.total.total == final(agreement).aggregate(t=Sum("amount"))["t"]
    for row in result.subprojects:
        expected = final(agreement).filter(request__subproject__name=row.label)
        assert row.summary.total == (expected.aggregate(t=Sum("amount"))["t"] or D("0.00"))
        assert row.summary.count == expected.count()
    shares = sum(row.share_of_pot for row in result.subprojects)
    assert abs(shares - 1) < 1e-9


def test_staff_rows_count_what_each_proposed(demo):
    agreement = demo["agreement"]
    result = selectors.pot_distribution(agreement=agreement)
    assert sum(row.summary.count for row in result.staff) == final(agreement).count()


def test_a_group_under_five_households_is_suppressed(demo, client_for):
    fund(demo, demo["subprojects"][SUBPROJECT], D("50000"))
    set_limits(demo)
    # One household speaking Tigrinya gets a support: a group of one.
    support = request(demo, amount="7654,32", alias="Familien Ti")
    Member.objects.filter(household=support.household).update(preferred_language="ti")
    decide(demo, [support], key="ti")
    result = selectors.pot_distribution(agreement=demo["agreement"])
    tigrinya = [row for row in result.languages if row.label == "Tigrinja"]
    assert tigrinya and tigrinya[0].summary.suppressed
    page = client_for("kontakt").get(reverse("oversight:pot_distribution")).content.decode()
    assert "Færre enn 5 husstander" in page
    assert "Familien Ti" not in page
    # The language table shows that the group is too small, never its amount. (The
    # sub-project's ledger total is on the pot page for every role anyway.)
    languages = page[page.index('id="language-table"') :]
    assert "654,32" not in languages


def test_the_page_runs_a_fixed_number_of_queries(demo, client_for):
    client = client_for("okonom")
    url = reverse("oversight:pot_distribution")
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    fund(demo, demo["subprojects"][SUBPROJECT], D("80000"))
    set_limits(demo)
    decide(demo, [request(demo, amount="500", alias=f"Familien {n}") for n in range(6)], key="more")
    assert Enrolment.objects.count() > MIN_GROUP
    assert count() == small


@pytest.mark.parametrize("who", ["okonom", "admin", "leder", "kontakt", "team"])
def test_everyone_who_decides_sees_it(client_for, who):
    page = client_for(who).get(reverse("oversight:pot_distribution"))
    assert page.status_code == 200
    assert "Gini" in page.content.decode()


def test_the_state_viewer_and_strangers_do_not(demo, client_for):
    assert client_for("stat").get(reverse("oversight:pot_distribution")).status_code == 404
    assert access.agreements_for(user=demo["users"]["stat"]).count() == 0


def test_an_agreement_not_in_the_list_answers_at_the_chooser_the_same_for_all(demo, client_for):
    """The new-user trial: `?avtale=abc` answered "Fant ikke siden". Now any value that is
    not one of the user's agreements (text, another municipality's, none at all) gets the
    page's chooser with one message, and the same answer for each: nothing tells a foreign
    agreement from a missing one."""
    from tests.funding.conftest import make_world

    foreign = make_world("oversight-foreign")
    answers = set()
    for value in ("abc", foreign.agreement.pk, "-1", "99999999999999999999", "1.5"):
        page = client_for("okonom").get(reverse("oversight:pot_distribution"), {"avtale": value})
        assert page.status_code == 400
        html = page.content.decode()
        assert "Velg en av programavtalene i listen." in html
        assert 'aria-describedby="avtale_error"' in html and 'href="#avtale"' in html
        assert foreign.agreement.name not in html
        answers.add(html.count("<option"))
    mine = ProgrammeAgreement.objects.filter(municipality_id=demo["agreement"].municipality_id)
    assert answers == {mine.count()}


def test_the_running_agreement_is_shown_before_a_newer_one_not_yet_started(demo, client_for):
    import datetime

    from samskap.funding.models import ProgrammeAgreement

    running = demo["agreement"]
    ProgrammeAgreement.objects.create(
        municipality=running.municipality,
        name="Neste periode",
        reference="NESTE-1",
        starts_on=running.ends_on + datetime.timedelta(days=1),
        ends_on=running.ends_on + datetime.timedelta(days=365 * 3),
    )
    page = client_for("okonom").get(reverse("oversight:pot_distribution"))
    assert page.context["agreement"] == running
