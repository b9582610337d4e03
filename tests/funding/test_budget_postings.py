"""The sub-project budget page's postings: a year column and an amount on every line (the
carry-over shows what left one year and arrived in the next), paged in the database,
Samskap's own posting texts in the reader's language."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from samskap.core import paging
from samskap.funding import selectors
from samskap.funding.ledger_texts import ledger_reason, render_reason
from samskap.funding.models import LedgerTransaction, TransactionKind
from samskap.support.models import SupportRequest


def test_carry_over_shows_its_amount_on_each_year(demo, client_for):
    carry = LedgerTransaction.objects.get(
        agreement=demo["agreement"], kind=TransactionKind.CARRY_OVER, reverses=None
    )
    leg = carry.legs.select_related("account__subproject").filter(direction="D").first()
    subproject = leg.account.subproject
    lines = [
        line
        for line in selectors.posting_lines(
            selectors.posting_lines_for_subproject(subproject=subproject)
        )
        if line.transaction.pk == carry.pk
    ]
    by_year = {line.year: line.budget for line in lines}
    new_year = leg.account.year
    moved = by_year[new_year]
    assert moved > 0 and by_year[new_year - 1] == -moved

    html = client_for("okonom").get(reverse("funding:subproject", args=[subproject.pk]))
    text = html.content.decode()
    assert f"<td>{new_year - 1}</td>" in text and f"<td>{new_year}</td>" in text
    assert '<th scope="col">År</th>' in text


def test_postings_page_in_the_database_with_constant_queries(world, monkeypatch):
    monkeypatch.setattr(paging, "PER_PAGE", 4)
    world.receive("900000")
    client = Client()
    client.force_login(world.users["okonom"])
    url = reverse("funding:subproject", args=[world.subprojects[0].pk])
    for _number in range(3):
        world.allocate("1000")

    def queries(params=None):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params or {}).status_code == 200
        return len(captured)

    small = queries()
    for _number in range(20):
        world.allocate("10")
    assert queries() == small
    assert queries({"side": 3}) == small
    page = client.get(url, {"side": 2}).content.decode()
    assert "Side 2 av 6 (23 i alt)" in page


def test_own_posting_texts_follow_the_language(demo, client_for):
    decided = SupportRequest.objects.filter(status="approved").first()
    stored = ledger_reason("support", request=decided.pk)
    assert stored == f"Support #{decided.pk}"
    assert LedgerTransaction.objects.filter(reason=stored).exists()
    with translation.override("nb"):
        assert render_reason(stored) == f"Støtte, søknad #{decided.pk}"
        assert render_reason("Returned payment E2E-1") == "Utbetaling E2E-1 returnert av banken"
        assert render_reason("Payment SAMSKAP-1-2") == "Utbetaling SAMSKAP-1-2"
        assert render_reason("Fordeling etter møtet") == "Fordeling etter møtet"
        # A longer code is never read as a shorter one with a long parameter.
        assert render_reason("Support #12 cancelled") == "Støtte, søknad #12 annullert"
        assert render_reason("Support #12 repaid") == "Støtte, søknad #12, tilbakebetalt"
    with translation.override("en"):
        assert render_reason(stored) == f"Support, request #{decided.pk}"

    subproject = decided.subproject
    page = client_for("okonom").get(reverse("funding:subproject", args=[subproject.pk]))
    text = page.content.decode()
    assert "Support #" not in text and "Payment SAMSKAP" not in text


def test_the_pager_counts_one_line_per_transaction_and_year(demo):
    """The pager's count groups the legs without the transactions' dates: the carry-over
    (two years in one transaction) still counts as two lines, as the page shows it."""
    carry = LedgerTransaction.objects.get(
        agreement=demo["agreement"], kind=TransactionKind.CARRY_OVER, reverses=None
    )
    subproject = carry.legs.filter(direction="D").first().account.subproject
    postings = selectors.posting_lines_for_subproject(subproject=subproject)
    rows = list(postings.rows())
    assert postings.count() == len(rows) == len(postings)
    assert len([row for row in rows if row["transaction_id"] == carry.pk]) == 2
    assert len({row["transaction_id"] for row in rows}) < len(rows)
