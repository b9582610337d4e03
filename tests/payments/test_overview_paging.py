"""The payments overview pages each of its lists in the database, on a parameter of its
own, with a constant number of queries."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samskap.core import paging
from samskap.payments import views
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
    client = client_for("okonom")
    for shown in views.LISTS:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("payments:overview"), {"liste": shown})
        assert response.status_code == 200
        assert not [q["sql"] for q in queries if '"payments_paymentbatch"."xml"' in q["sql"]]
        if shown in (views.SETTLED, views.BATCHES):
            assert "SAMSKAP-" in response.content.decode()


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
    client = client_for("okonom")
    lists = {
        views.WAITING: ("waiting", selectors.waiting_payments(user=okonom)),
        views.SET_ASIDE: ("set_aside", selectors.set_aside_payments(user=okonom)),
        views.HELD: ("held", selectors.held_payments(user=okonom)),
        views.SETTLED: ("settled", selectors.settled_payments(user=okonom)),
        views.RETURNED: ("returned", selectors.returned_payments(user=okonom)),
        views.BATCHES: ("batches", selectors.batches_visible_to(user=okonom)),
    }
    counted, tabs = {}, {}
    for shown, (name, _queryset) in lists.items():
        response = client.get(reverse("payments:overview"), {"liste": shown})
        assert response.status_code == 200
        context = response.context
        counted[shown] = context[name].paginator.count
        # Only the chosen list is on the page; every link carries its list's count.
        assert [n for n, _q in lists.values() if n in context] == [name]
        tabs[shown] = {tab["name"]: tab["count"] for tab in context["tabs"]}
    assert counted == {shown: queryset.count() for shown, (_n, queryset) in lists.items()}
    assert all(links == counted for links in tabs.values())
    assert counted[views.HELD] == 1 and counted[views.SET_ASIDE] == 1
    pending = selectors.pending_payments(user=okonom)
    context = client.get(reverse("payments:overview")).context
    assert context["summary"]["count"] == pending.count() == counted[views.WAITING] + 1
    assert context["summary"]["total"] == sum(p.amount for p in pending)


def test_one_list_at_a_time_behind_links_with_their_counts(approved, client_for):
    """Issue 14: the overview showed seven lists at once (42 ms of Python a request at
    `medium`). The waiting list and the bank's answers show by default; each other list is
    a link carrying its count ("Satt til side (1)"), the current one marked for screen
    readers; an unknown list shows the default, never an error."""
    from samskap.payments import services
    from samskap.payments.models import Payment, PaymentStatus

    okonom = approved["users"]["okonom"]
    waiting = list(Payment.objects.filter(status=PaymentStatus.PENDING).order_by("pk"))
    services.payment_hold(acting_user=okonom, payment=waiting[0], reason="Sjekkes")
    Payment.objects.filter(pk=waiting[1].pk).update(problem="Navnet kan ikke leses")
    client = client_for("okonom")
    page = client.get(reverse("payments:overview")).content.decode()
    url = reverse("payments:overview")
    assert f'href="{url}?liste=satt_til_side">Satt til side (1)</a>' in page
    assert f'href="{url}?liste=holdt">Holdt tilbake (1)</a>' in page
    assert 'aria-current="page">Venter på eksport (' in page
    assert "Lag betalingsfilen (pain.001)" in page and "Les inn filen" in page
    assert "Navnet kan ikke leses" not in page and "Sjekkes" not in page
    held = client.get(reverse("payments:overview"), {"liste": "holdt"}).content.decode()
    assert "Sjekkes" in held and "Navnet kan ikke leses" not in held
    assert f'href="{url}?liste=holdt" aria-current="page">Holdt tilbake (1)</a>' in held
    assert "Lag betalingsfilen (pain.001)" not in held
    for nonsense in ("x", "", "bankfiler", "VENTENDE"):
        response = client.get(reverse("payments:overview"), {"liste": nonsense})
        assert response.status_code == 200 and response.context["shown"] == views.WAITING


def test_each_list_pages_on_its_own_link(approved, client_for, monkeypatch):
    """A list's pager keeps its list shown, on the list's own page parameter."""
    from samskap.payments.models import Payment, PaymentStatus

    monkeypatch.setattr(paging, "PER_PAGE", 1)
    Payment.objects.filter(status=PaymentStatus.PENDING).update(problem="Kontoen mangler")
    client = client_for("okonom")
    first = client.get(reverse("payments:overview"), {"liste": "satt_til_side"}).content.decode()
    assert 'href="?liste=satt_til_side&amp;satt_til_side=2"' in first
    second = client.get(
        reverse("payments:overview"), {"liste": "satt_til_side", "satt_til_side": 2}
    ).content.decode()
    assert "Side 2 av" in second and "Kontoen mangler" in second


def test_each_list_runs_the_same_queries_with_more_rows(approved, client_for):
    """Each list's own queries (and only those), pinned: the default shows the waiting
    list with 6 queries where all seven lists took 12 (7 before the batches were counted
    with the statuses; the batches' pager takes that count)."""
    client = client_for("okonom")
    pins = {
        views.WAITING: 6,
        views.SET_ASIDE: 5,
        views.HELD: 5,
        views.SETTLED: 6,
        views.RETURNED: 8,
        views.BATCHES: 6,
    }
    small = {shown: _queries(client, {"liste": shown}) for shown in views.LISTS}
    fund(approved, approved["subprojects"][SUBPROJECT], Decimal("50000"))
    more = [request(approved, amount="100", alias=f"Flere {n}") for n in range(3)]
    decide(approved, more, key="meeting-more")
    assert {shown: _queries(client, {"liste": shown}) for shown in views.LISTS} == small
    assert small == pins
