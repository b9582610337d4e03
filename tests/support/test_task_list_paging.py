"""The help-task list pages in the database with a constant number of queries."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samskap.core import paging
from tests.support.factories import SUBPROJECT, decide, fund, request, set_limits


def _queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("support:tasks"), params or {}).status_code == 200
    return len(captured)


def test_task_list_pages_with_constant_queries(demo, client_for, monkeypatch):
    monkeypatch.setattr(paging, "PER_PAGE", 2)
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("20000"))
    set_limits(demo)
    decide(demo, [request(demo, amount="100", alias=f"Oppgave {n}") for n in range(3)])
    client = client_for("kontakt")
    small = _queries(client)
    decide(
        demo,
        [request(demo, amount="100", alias=f"Oppgave {n}") for n in range(3, 9)],
        key="meeting-2",
    )
    assert _queries(client) == small
    assert _queries(client, {"side": 3}) == small
    html = client.get(reverse("support:tasks"), {"side": 2}).content.decode()
    assert "Side 2 av" in html and 'rel="prev"' in html
