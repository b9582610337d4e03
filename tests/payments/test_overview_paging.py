"""The payments overview pages each of its lists in the database, on a parameter of its
own, with a constant number of queries."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samskap.core import paging
from tests.support.factories import SUBPROJECT, decide, fund, request


def _queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("payments:overview"), params or {}).status_code == 200
    return len(captured)


def test_waiting_payments_page_with_constant_queries(approved, client_for, monkeypatch):
    monkeypatch.setattr(paging, "PER_PAGE", 1)
    client = client_for("okonom")
    small = _queries(client)
    first = client.get(reverse("payments:overview")).content.decode()
    second = client.get(reverse("payments:overview"), {"ventende": 2}).content.decode()
    assert "Side 1 av 2 (2 i alt)" in first and "Side 2 av 2 (2 i alt)" in second
    assert 'href="?ventende=2"' in first

    fund(approved, approved["subprojects"][SUBPROJECT], Decimal("50000"))
    more = [request(approved, amount="100", alias=f"Flere {n}") for n in range(3)]
    decide(approved, more, key="meeting-more")
    assert _queries(client) == small
    assert _queries(client, {"ventende": 4, "sendt": 2}) == small
    # A broken page number shows a page, never an error.
    assert client.get(reverse("payments:overview"), {"ventende": "x"}).status_code == 200


def test_the_overview_never_reads_a_stored_bank_file(demo, client_for):
    """Issue 14 (make bench at `medium`): every payment on a page joined its batch with
    the batch's whole XML; a worker grew to 1 GB serving the payments overview."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from benchmarks import data
    from samskap.payments import services as payment_services

    data.pending_payments(demo, 30)
    payment_services.payment_batch_export(
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )
    with CaptureQueriesContext(connection) as queries:
        response = client_for("okonom").get(reverse("payments:overview"))
    assert response.status_code == 200
    assert "SAMSKAP-" in response.content.decode()
    assert not [q["sql"] for q in queries if '"payments_paymentbatch"."xml"' in q["sql"]]
