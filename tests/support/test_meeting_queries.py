"""The meeting page runs the same number of queries for 5 or 50 requests on the agenda,
with each request's letter, needs mapping, year and second-approver mark."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samskap.support import services
from tests.support.factories import (
    SUBPROJECT,
    confirmed_letter,
    consent_to_map,
    fund,
    household,
    organisations,
    set_limits,
)

# 32 before the agenda read the chair's authority once instead of twice (issue 14); 29
# before the household's year took two queries instead of five and the second-approver
# list read the team's seats as a subquery of its own (19 on SQLite then); 20 before the
# access log was one INSERT without BEGIN and COMMIT, this year's budget and the chair's
# authority one statement, the needs mappings came with their services present, and the
# access check read the team's seats as a subquery (14 on both databases then), 14 before
# the requests statement told the page that no decision awaits a second approver, so the
# list of those needs no statement of its own (one more when one awaits).
MEETING_PAGE_QUERIES = 13


def add_requests(demo, count: int, start: int = 0) -> None:
    kontakt = demo["users"]["kontakt"]
    for number in range(start, start + count):
        home = household(demo, alias=f"Husstand {number}")
        consent_to_map(demo, home)
        services.needs_mapping_record(
            acting_user=kontakt,
            household=home,
            subproject=demo["subprojects"][SUBPROJECT],
            place="home",
            services_present=organisations(demo),
            basic_needs=["transport", "leisure"],
        )
        letter = confirmed_letter(demo, home)
        services.support_request_create(
            acting_user=kontakt,
            letter=letter,
            lines=[
                services.LineInput(form="cash", description="Sykkel", amount="700"),
                services.LineInput(form="voucher", description="Kort", amount="300"),
            ],
        )


def meeting_queries(client, subproject) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("support:meeting", args=[subproject.pk]))
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("count", [5, 50])
def test_meeting_page_query_count_is_constant(
    demo, client_for, django_assert_max_num_queries, count
):
    subproject = demo["subprojects"][SUBPROJECT]
    fund(demo, subproject, Decimal("100000"))
    add_requests(demo, count)
    client = client_for("leder")
    with django_assert_max_num_queries(MEETING_PAGE_QUERIES):
        response = client.get(reverse("support:meeting", args=[subproject.pk]))
    html = response.content.decode()
    assert html.count('class="ds-fieldset stack agenda-item"') == count


def test_meeting_page_same_queries_for_5_and_50(demo, client_for):
    subproject = demo["subprojects"][SUBPROJECT]
    fund(demo, subproject, Decimal("100000"))
    set_limits(demo, per_decision="500")  # every request of 1 000 kr needs a second approver
    client = client_for("leder")
    add_requests(demo, 5)
    few, _html = meeting_queries(client, subproject)
    add_requests(demo, 45, start=5)
    many, html = meeting_queries(client, subproject)
    assert few == many
    assert "Husstand 49" in html
    assert html.count("Trenger godkjenner nummer to") == 50
    assert html.count("Kjøretimer") >= 50  # each request's letter
    assert html.count("Transport, Fritid") == 50  # each household's needs mapping
