"""Every long list pages the way the household list does (core.paging and its pager):
the economist's escalated decisions, a payment batch's payments, an imported bank file's
lines and the recorded repayments. Each page costs the same number of queries at two
data sizes, and a broken page number shows a page, never an error."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samskap.core import paging
from samskap.payments import services as payment_services
from samskap.payments.models import Payment
from samskap.support import services as support_services
from tests.support.factories import SUBPROJECT, decide, fund, request, set_limits


def _queries(client, url, params=None) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.fixture
def per_page_two(monkeypatch):
    monkeypatch.setattr(paging, "PER_PAGE", 2)


@pytest.fixture
def funded(demo):
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("500000"))
    set_limits(demo)
    # Clear the demo's own pending payments, so each batch holds only a test's payments.
    payment_services.payment_batch_export(
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )
    return demo


def _approved(demo, count: int, key: str):
    requests = [request(demo, amount="100", alias=f"Liste {key} {n}") for n in range(count)]
    return decide(demo, requests, key=key)


def _export(demo):
    return payment_services.payment_batch_export(
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )


def test_escalated_decisions_page_with_constant_queries(funded, client_for, per_page_two):
    set_limits(funded, per_decision="50", per_year="50")  # nobody on the team covers 100 kr
    _approved(funded, 3, "eskalert-1")
    client = client_for("okonom")
    url = reverse("support:escalated")
    small, first = _queries(client, url)
    assert "Side 1 av 2 (3 i alt)" in first and 'href="?side=2"' in first
    _approved(funded, 4, "eskalert-2")
    large, first = _queries(client, url)
    assert large == small
    assert "Side 1 av 4 (7 i alt)" in first
    forms = first.count('/bekreft/"') + first.count('/avslaa/"')
    assert forms <= 2 * 2  # confirm and decline per row
    assert _queries(client, url, {"side": 4})[0] == small
    assert client.get(url, {"side": "x"}).status_code == 200


def test_a_batch_pages_its_payments_with_constant_queries(funded, client_for, per_page_two):
    _approved(funded, 3, "bunt-1")
    small_batch = _export(funded)
    _approved(funded, 7, "bunt-2")
    large_batch = _export(funded)
    assert large_batch.payments.count() == 7
    client = client_for("okonom")
    small, html = _queries(client, reverse("payments:batch", args=[small_batch.pk]))
    assert "Side 1 av 2 (3 i alt)" in html
    large, html = _queries(client, reverse("payments:batch", args=[large_batch.pk]))
    assert large == small
    assert "Side 1 av 4 (7 i alt)" in html
    # Withdrawal is still offered: every payment of the file, not only this page's, waits.
    assert "Trekk tilbake filen" in html
    last = client.get(reverse("payments:batch", args=[large_batch.pk]), {"side": 4})
    assert "Side 4 av 4" in last.content.decode()


def test_a_batch_with_one_answered_payment_on_a_later_page_cannot_be_withdrawn(
    funded, client_for, per_page_two
):
    _approved(funded, 3, "bunt-3")
    batch = _export(funded)
    last = batch.payments.order_by("id").last()
    payment_services.payment_returns_import(
        acting_user=funded["users"]["okonom"],
        municipality=funded["municipality"],
        data=f"{last.end_to_end_id};ACSC\n".encode(),
    )
    html = client_for("okonom").get(reverse("payments:batch", args=[batch.pk])).content.decode()
    assert "Side 1 av 2" in html and "Trekk tilbake filen" not in html


def test_a_bank_files_lines_page_with_constant_queries(funded, client_for, per_page_two):
    _approved(funded, 8, "retur-1")
    batch = _export(funded)
    payments = list(batch.payments.order_by("id"))

    def imported(chosen):
        report = payment_services.payment_returns_import(
            acting_user=funded["users"]["okonom"],
            municipality=funded["municipality"],
            data="".join(f"{p.end_to_end_id};ACSC\n" for p in chosen).encode(),
        )
        return reverse("payments:returns_file", args=[report.returns_file.pk])

    client = client_for("okonom")
    small, html = _queries(client, imported(payments[:3]))
    assert "Side 1 av 2 (3 i alt)" in html
    url = imported(payments[3:])
    large, html = _queries(client, url)
    assert large == small
    assert "Side 1 av 3 (5 i alt)" in html
    last = client.get(url, {"side": 3}).content.decode()
    assert payments[-1].end_to_end_id in last and payments[3].end_to_end_id not in last


def test_repayments_use_the_shared_pager(funded, client_for, per_page_two):
    _approved(funded, 3, "tilbake-1")
    batch = _export(funded)
    okonom = funded["users"]["okonom"]
    payment_services.payment_returns_import(
        acting_user=okonom,
        municipality=funded["municipality"],
        data="".join(f"{p.end_to_end_id};ACSC\n" for p in batch.payments.all()).encode(),
    )

    def repay(payments, tag):
        for n, payment in enumerate(payments):
            support_services.repayment_record(
                acting_user=okonom,
                decision=payment.support_line.request.decision,
                amount="10",
                received_on=payment.paid_on,
                note="",
                form_token=f"liste-{tag}-{n}",
            )

    paid = list(Payment.objects.filter(batch=batch).select_related("support_line__request"))
    repay(paid, "a")
    client = client_for("okonom")
    url = reverse("support:repayments")
    small, html = _queries(client, url)
    assert "Side 1 av 2 (3 i alt)" in html and 'rel="next"' in html
    repay(paid, "b")
    large, html = _queries(client, url)
    assert large == small and "Side 1 av 3 (6 i alt)" in html


def test_a_refused_file_shows_the_first_page_of_its_refused_lines(funded, client_for, per_page_two):
    _approved(funded, 1, "avvist-1")
    [payment] = _export(funded).payments.all()
    lines = [f"{payment.end_to_end_id};ACSC"] + [f"SAMSKAP-UKJENT-{n};ACSC" for n in range(3)]
    response = client_for("okonom").post(
        reverse("payments:returns_import"), {"lines": "\n".join(lines)}
    )
    html = response.content.decode()
    assert response.status_code == 200
    table = html.split('id="returns-report-caption"')[1].split("</table>")[0]
    assert "SAMSKAP-UKJENT-0" in table and "SAMSKAP-UKJENT-1" in table
    assert "SAMSKAP-UKJENT-2" not in table and payment.end_to_end_id not in table
    assert "De første 2 av 3 linjene som ikke kan brukes, vises." in html
