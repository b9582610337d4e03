"""Files Samskap exports go to other systems and people: their sheet names, column headers
and codes are bokmål whatever language the economist reads Samskap in. And a reason
Samskap writes itself (a payment cancelled with its decision) is stored as a fixed text
and shown in the reader's language."""

import csv
import importlib
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from samskap.payments.models import Payment, PaymentStatus
from samskap.support import services as support_services
from tests.support.factories import SUBPROJECT, decide, fund, request, set_limits

ENGLISH_WORDS = {"Pot", "Sources", "Postings", "Codes", "Year", "Sub-project", "Summary"}


@pytest.fixture
def english(client_for):
    client = client_for("okonom")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    # The interface is English for this economist...
    assert 'lang="en"' in client.get(reverse("payments:overview")).content.decode()
    return client


def _texts(workbook) -> set[str]:
    texts = set(workbook.sheetnames)
    for sheet in workbook.worksheets:
        texts.update(str(cell) for cell in next(sheet.iter_rows(max_row=1, values_only=True)))
    return texts


def test_the_pot_workbook_is_bokmal_in_an_english_interface(english, demo):
    response = english.get(reverse("funding:workbook", args=[demo["agreement"].pk]))
    book = load_workbook(io.BytesIO(response.content))
    # ...and the file is not.
    sheets = ["Potten", "Kilder", "Per ordning", "Nedtelling", "Posteringer", "Koder"]
    assert book.sheetnames == sheets
    assert not _texts(book) & ENGLISH_WORDS
    postings = list(book["Posteringer"].iter_rows(min_row=2, values_only=True))
    assert not any(str(row[9]).startswith(("Support #", "Payment ")) for row in postings)
    legend = {row[1]: row[2] for row in book["Koder"].iter_rows(min_row=2, values_only=True)}
    # The legend's meanings were never in the catalogue, so they stayed English.
    assert legend["utbetaling"] == "Utbetaling skrevet til en bankfil"
    assert legend["retur_fra_bank"] == "En utbetaling banken sendte tilbake (korrigerer utgiften)"


def test_the_accounting_csv_is_bokmal_in_an_english_interface(english, demo):
    response = english.get(reverse("funding:accounting_csv", args=[demo["agreement"].pk]))
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert header[:3] == ["bilagsdato", "bilag", "posteringstype"]


def test_the_evaluation_workbook_is_bokmal_in_an_english_interface(english, demo):
    veien = demo["subprojects"]["Veien til førerkortet"]
    response = english.get(reverse("effects:report_xlsx", args=[veien.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Evaluering"
    labels = {row[0] for row in sheet.iter_rows(values_only=True) if row}
    assert {"Periode", "Deltakere", "Effektmål"} <= labels
    assert not labels & {"Period", "Participants", "Effect goal"}


def test_the_outside_account_workbook_is_bokmal_in_an_english_interface(english, demo):
    veien = demo["subprojects"]["Veien til førerkortet"]
    response = english.get(reverse("outside_account:workbook", args=[veien.pk]))
    book = load_workbook(io.BytesIO(response.content))
    assert "Sammendrag" in book.sheetnames and "Summary" not in book.sheetnames
    assert not _texts(book) & ENGLISH_WORDS
    # The page itself stays English for this reader.
    page = english.get(reverse("outside_account:scenario", args=[veien.pk])).content.decode()
    assert "Net present value" in page


# --- a payment cancelled with its decision ----------------------------------------------


@pytest.fixture
def cancelled(demo):
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("50000"))
    set_limits(demo)
    decision = decide(demo, [request(demo, amount="5000")]).decisions[0]
    # Cancelled by someone reading Samskap in English: nothing English is stored.
    with translation.override("en"):
        support_services.decision_cancel(
            acting_user=demo["users"]["nav.berg"], decision=decision, reason="Flyttet"
        )
    return Payment.objects.get(support_line__request=decision.request)


def test_a_cancelled_payment_keeps_a_fixed_reason_shown_in_the_readers_language(
    cancelled, client_for, english
):
    request_number = cancelled.support_line.request_id
    assert cancelled.status == PaymentStatus.CANCELLED
    assert cancelled.status_reason == f"Support #{request_number} cancelled"
    url = reverse("payments:payment", args=[cancelled.pk])
    bokmal = client_for("okonom").get(url).content.decode()
    assert f"Støtte, søknad #{request_number} annullert" in bokmal
    assert f"Support, request #{request_number} cancelled" in english.get(url).content.decode()


def test_a_reason_typed_by_a_person_is_shown_as_typed(cancelled, client_for):
    for typed in ("Support #12 paid twice", "Payment of the deposit put off"):
        Payment.objects.filter(pk=cancelled.pk).update(status_reason=typed)
        html = client_for("okonom").get(reverse("payments:payment", args=[cancelled.pk])).content
        assert typed in html.decode()


def test_the_migration_rewrites_reasons_translated_when_written(cancelled):
    migration = importlib.import_module(
        "samskap.support.migrations.0007_cancelled_payment_reason_as_fixed_text"
    )
    decision = cancelled.support_line.request.decision
    request_number = decision.request_id
    for written in (f"Vedtak #{decision.pk} annullert", f"Decision #{decision.pk} cancelled"):
        Payment.objects.filter(pk=cancelled.pk).update(status_reason=written)
        migration.to_fixed_text(apps, None)
        cancelled.refresh_from_db()
        assert cancelled.status_reason == f"Support #{request_number} cancelled"
    # A reason a person typed is left alone, and so is a decision that does not exist.
    for typed in (f"Vedtak #{decision.pk} annullert etter samtale", "Vedtak #999999 annullert"):
        Payment.objects.filter(pk=cancelled.pk).update(status_reason=typed)
        migration.to_fixed_text(apps, None)
        cancelled.refresh_from_db()
        assert cancelled.status_reason == typed
