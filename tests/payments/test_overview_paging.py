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


def test_each_list_counts_what_it_lists(approved, client_for):
    """The lists take their lengths from the one query that counts every status (issue
    14: six COUNTs fewer); with payments waiting, set aside, held, sent and returned,
    each pager's count is still the number of rows its list holds."""
    from samskap.payments import selectors, services
    from samskap.payments.models import Payment, PaymentStatus

    okonom = approved["users"]["okonom"]
    waiting = list(Payment.objects.filter(status=PaymentStatus.PENDING).order_by("pk"))
    assert len(waiting) >= 2
    services.payment_hold(acting_user=okonom, payment=waiting[0], reason="Sjekkes")
    Payment.objects.filter(pk=waiting[1].pk).update(problem="Navnet kan ikke leses")
    response = client_for("okonom").get(reverse("payments:overview"))
    assert response.status_code == 200
    context = response.context
    lists = {
        "waiting": selectors.waiting_payments(user=okonom),
        "set_aside": selectors.set_aside_payments(user=okonom),
        "held": selectors.held_payments(user=okonom),
        "settled": selectors.settled_payments(user=okonom),
        "returned": selectors.returned_payments(user=okonom),
    }
    counted = {name: context[name].paginator.count for name in lists}
    assert counted == {name: queryset.count() for name, queryset in lists.items()}
    assert counted["held"] == 1 and counted["set_aside"] == 1
    pending = selectors.pending_payments(user=okonom)
    assert context["summary"]["count"] == pending.count() == counted["waiting"] + 1
    assert context["summary"]["total"] == sum(p.amount for p in pending)
