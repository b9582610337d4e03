"""The bank's answers applied: all or nothing, a report per line, the same file once.

The payments are the two of `approved` (1 200.50 cash to a household, 3 000 to a
supplier), exported into one batch; the sample files in samples/ get their ids.
"""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError
from samskap.funding import selectors as funding_selectors
from samskap.funding.models import LedgerTransaction
from samskap.payments import services
from samskap.payments.models import Payment, PaymentStatus, ReturnsFile
from samskap.support.models import ReturnedPaymentTask
from samskap.support.selectors import household_received_this_year
from tests.support.factories import SUBPROJECT, decide, request

SAMPLES = Path(__file__).parent / "samples"
SAMPLE_MESSAGE = "SAMSKAP-20250517101500-9F3A2C"
SAMPLE_A, SAMPLE_B = "SAMSKAP-101-A1B2C3D4", "SAMSKAP-102-E5F6A7B8"
ISSUE_REASON = "Konto avsluttet, ukjent mottaker"


@pytest.fixture
def sent(approved):
    """The two payments in one exported batch: (batch, cash payment, purchase payment)."""
    batch = services.payment_batch_export(
        acting_user=approved["users"]["okonom"], municipality=approved["municipality"]
    )
    cash, purchase = batch.payments.order_by("id")
    return batch, cash, purchase


def budget(demo):
    return funding_selectors.subproject_budget(subproject=demo["subprojects"][SUBPROJECT])


def import_(demo, data: bytes, filename: str = "retur.csv"):
    return services.payment_returns_import(
        acting_user=demo["users"]["okonom"],
        municipality=demo["municipality"],
        data=data,
        filename=filename,
    )


def sample(name: str, batch, cash, purchase) -> bytes:
    """A sample file answering this test's batch instead of the sample's own."""
    text = (SAMPLES / name).read_text(encoding="utf-8")
    text = text.replace(SAMPLE_MESSAGE, batch.message_id)
    return (
        text.replace(SAMPLE_A, cash.end_to_end_id)
        .replace(SAMPLE_B, purchase.end_to_end_id)
        .encode()
    )


def refresh(*payments):
    for payment in payments:
        payment.refresh_from_db()


def returns_posted(payment) -> int:
    return LedgerTransaction.objects.filter(idempotency_key=f"payment:{payment.pk}:return").count()


def snapshot(demo) -> tuple:
    """What an import may change: the budget, stored files, tasks and postings."""
    return (
        budget(demo).remaining,
        ReturnsFile.objects.count(),
        ReturnedPaymentTask.objects.count(),
        LedgerTransaction.objects.count(),
        AuditRecord.objects.count(),
    )


def nothing_changed(demo, before, *payments, status=PaymentStatus.EXPORTED):
    refresh(*payments)
    assert all(payment.status == status for payment in payments)
    assert snapshot(demo) == before


# --- the issue's line -------------------------------------------------------------


def test_the_issue_line_returns_the_payment_with_its_reason_and_money_once(approved, sent):
    _batch, cash, purchase = sent
    before = budget(approved)
    report = import_(approved, f"{cash.end_to_end_id};RJCT;{ISSUE_REASON}\n".encode())
    [row] = report.lines
    assert (row.end_to_end_id, row.result, row.status, row.reason) == (
        cash.end_to_end_id,
        "returned",
        "RJCT",
        ISSUE_REASON,
    )
    assert ISSUE_REASON in row.message and "1\xa0200,50\u00a0kr" in row.message
    refresh(cash, purchase)
    assert cash.status == PaymentStatus.RETURNED and cash.return_reason == ISSUE_REASON
    assert purchase.status == PaymentStatus.EXPORTED
    after = budget(approved)
    assert after.remaining == before.remaining + Decimal("1200.50")
    assert after.paid == before.paid - Decimal("1200.50")
    assert returns_posted(cash) == 1
    stored = ReturnsFile.objects.get(pk=report.returns_file.pk)
    assert (stored.kind, stored.returned_count, stored.filename) == ("csv", 1, "retur.csv")
    audit = AuditRecord.objects.get(action="returns_file.import", object_id=str(stored.pk))
    assert audit.new_values["returned"] == 1
    assert ISSUE_REASON not in str(audit.new_values)  # the bank's free text stays out
    payment_audit = AuditRecord.objects.get(action="payment.return", object_id=str(cash.pk))
    assert ISSUE_REASON not in str(payment_audit.new_values)


def test_the_same_file_twice_changes_nothing_and_says_so(approved, sent):
    _batch, cash, _purchase = sent
    data = f"{cash.end_to_end_id};RJCT;{ISSUE_REASON}\n".encode()
    first = import_(approved, data)
    after_first = snapshot(approved)
    again = import_(approved, data, "retur (1).csv")
    assert again.repeated and not first.repeated
    assert again.returns_file == first.returns_file
    assert [row.note for row in again.lines] == ["returned"]  # the stored report
    assert snapshot(approved) == after_first  # no file, task, posting or audit row more
    assert returns_posted(cash) == 1
    assert AuditRecord.objects.filter(action="payment.return", object_id=str(cash.pk)).count() == 1
    assert ReturnedPaymentTask.objects.filter(payment=cash).count() == 1


def test_another_file_returning_the_same_payment_changes_nothing(approved, sent):
    _batch, cash, _purchase = sent
    import_(approved, f"{cash.end_to_end_id};RJCT;{ISSUE_REASON}\n".encode())
    after = budget(approved)
    report = import_(approved, f"{cash.end_to_end_id};RJCT;Annen tekst\n".encode())
    [row] = report.lines
    assert (row.result, row.note) == ("unchanged", "already_returned")
    assert budget(approved) == after and returns_posted(cash) == 1
    cash.refresh_from_db()
    assert cash.return_reason == ISSUE_REASON


# --- all or nothing ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad_line", "note"),
    [
        ("SAMSKAP-999-UNKNOWN;RJCT;Konto avsluttet", "unknown"),
        ("{purchase};KANSKJE;Hva nå", "unreadable"),
        (";RJCT;uten id", "unreadable"),
        ("{purchase};RJCT;dato;19.13.2025", None),  # a fourth cell is part of the reason
    ],
)
def test_one_line_that_cannot_be_applied_refuses_the_whole_file(approved, sent, bad_line, note):
    _batch, cash, purchase = sent
    before = snapshot(approved)
    data = f"{cash.end_to_end_id};RJCT;{ISSUE_REASON}\n{bad_line}\n".format(
        purchase=purchase.end_to_end_id
    )
    if note is None:  # control: a line that can be applied is applied
        report = import_(approved, data.encode())
        assert report.returned == 2
        return
    with pytest.raises(services.ReturnsFileRefused) as refused:
        import_(approved, data.encode())
    report = refused.value.report
    assert [row.result for row in report.lines] == ["returned", "refused"]
    assert report.lines[1].note == note and report.lines[1].line == 2
    assert "1" in refused.value.message
    nothing_changed(approved, before, cash, purchase)
    assert returns_posted(cash) == 0


def test_a_payment_not_yet_sent_refuses_the_file(approved, sent):
    decide(approved, [request(approved, amount="700", alias="C")], key="meeting-2")
    pending = Payment.objects.get(status=PaymentStatus.PENDING, amount=Decimal("700.00"))
    before = snapshot(approved)
    with pytest.raises(services.ReturnsFileRefused) as refused:
        import_(approved, f"{pending.end_to_end_id};RJCT;Feil\n".encode())
    [row] = refused.value.report.lines
    assert row.note == "not_sent"
    assert "Venter på eksport" in row.message
    nothing_changed(approved, before, pending, status=PaymentStatus.PENDING)


def test_a_file_about_nothing_of_ours_is_a_clear_message(approved, sent):
    data = (SAMPLES / "camt054-debits-and-returns.xml").read_bytes()  # the sample's own ids
    before = snapshot(approved)
    with pytest.raises(DomainError, match="noen utbetaling fra Samskap"):
        import_(approved, data, "camt.xml")
    assert snapshot(approved) == before


def test_an_unreadable_file_is_a_clear_message_and_changes_nothing(approved, sent):
    _batch, cash, purchase = sent
    before = snapshot(approved)
    for data, name in ((b"", "tom.csv"), (b"not xml", "retur.xml"), (b"<a>", "x.xml")):
        with pytest.raises(DomainError):
            import_(approved, data, name)
    nothing_changed(approved, before, cash, purchase)


# --- whole kinds: encodings and delimiters -----------------------------------------


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("header", [True, False])
def test_csv_as_banks_and_excel_save_it(approved, sent, delimiter, encoding, header):
    _batch, cash, purchase = sent
    reason = "Mottaker død; kontoen er sperret" if delimiter != ";" else "Mottaker død"
    rows = [
        ["EndToEndId", "Status", "Årsak"] if header else None,
        [cash.end_to_end_id, "RJCT", f'"{reason}"' if delimiter in reason else reason],
        [purchase.end_to_end_id, "ACSC", ""],
    ]
    text = "\r\n".join(delimiter.join(row) for row in rows if row) + "\r\n"
    report = import_(approved, text.encode(encoding))
    assert [row.result for row in report.lines] == ["returned", "paid"]
    refresh(cash, purchase)
    assert cash.return_reason == reason
    assert purchase.status == PaymentStatus.PAID


def test_windows_1252_and_utf8_bom_samples(approved, sent):
    batch, cash, purchase = sent
    data = (SAMPLES / "returns-excel-windows-1252.csv").read_bytes()
    ids = re.findall(rb"SAMSKAP-[0-9A-Z-]+", data)
    data = data.replace(ids[0], cash.end_to_end_id.encode()).replace(
        ids[1], purchase.end_to_end_id.encode()
    )
    report = import_(approved, data)
    assert [row.result for row in report.lines] == ["returned", "paid"]
    cash.refresh_from_db()
    assert cash.return_reason == "Mottaker død, kontoen er sperret"

    # A file in UTF-8 with BOM and tabs: the same payments again change nothing.
    bom = sample("returns-utf8-bom-tab.csv", batch, cash, purchase)
    assert bom.startswith(b"\xef\xbb\xbf")
    again = import_(approved, bom)
    assert [row.note for row in again.lines] == ["already_returned", "already_paid"]


# --- pain.002 -----------------------------------------------------------------------


def test_pain002_group_rejection_returns_every_payment_of_the_file(approved, sent):
    batch, cash, purchase = sent
    before = budget(approved)
    report = import_(approved, sample("pain002-group-rejected.xml", batch, cash, purchase), "s.xml")
    assert report.kind == "pain.002"
    assert {row.end_to_end_id for row in report.lines} == {
        cash.end_to_end_id,
        purchase.end_to_end_id,
    }
    refresh(cash, purchase)
    assert {cash.status, purchase.status} == {PaymentStatus.RETURNED}
    assert cash.return_reason == "Ugyldig debitorkonto for avtalen"
    assert budget(approved).remaining == before.remaining + Decimal("4200.50")


def test_pain002_for_a_file_samskap_did_not_make_is_refused(approved, sent):
    _batch, _cash, _purchase = sent
    data = (SAMPLES / "pain002-group-rejected.xml").read_bytes()  # answers another file
    with pytest.raises(services.ReturnsFileRefused) as refused:
        import_(approved, data, "s.xml")
    [row] = refused.value.report.lines
    assert row.note == "unknown_file" and SAMPLE_MESSAGE in row.message


def test_pain002_per_transaction_all_or_nothing(approved, sent):
    batch, cash, purchase = sent
    data = sample("pain002-transactions.xml", batch, cash, purchase)
    before = snapshot(approved)
    # The sample also rejects a third payment this municipality never made.
    with pytest.raises(services.ReturnsFileRefused) as refused:
        import_(approved, data, "s.xml")
    assert [row.result for row in refused.value.report.lines] == ["returned", "paid", "refused"]
    nothing_changed(approved, before, cash, purchase)
    # Without it the file applies: the rejection with its reason, the acceptance as paid.
    data = re.sub(rb"<TxInfAndSts>\s*<StsId>STS-3</StsId>.*?</TxInfAndSts>", b"", data, flags=re.S)
    report = import_(approved, data, "s.xml")
    assert (report.returned, report.paid) == (1, 1)
    refresh(cash, purchase)
    assert cash.return_reason == "Konto avsluttet ukjent mottaker"
    assert purchase.status == PaymentStatus.PAID and purchase.confirmed_at is not None


# --- camt.054 ----------------------------------------------------------------------


def test_camt054_booked_debits_are_paid_and_a_return_credit_returns(approved, sent):
    batch, cash, purchase = sent
    before = budget(approved)
    data = sample("camt054-debits-and-returns.xml", batch, cash, purchase)
    report = import_(approved, data, "camt054.xml")
    by_id = {}
    for row in report.lines:
        by_id.setdefault(row.end_to_end_id, []).append(row.note)
    # Booked on 19 May, then returned on 21 May: paid first, then returned.
    assert by_id[cash.end_to_end_id] == ["paid", "returned"]
    assert by_id[purchase.end_to_end_id] == ["paid"]
    assert by_id["SAMSKAP-104-0A1B2C3D"] == ["not_ours"]  # another system's payment
    refresh(cash, purchase)
    assert cash.status == PaymentStatus.RETURNED
    assert cash.return_reason == ISSUE_REASON
    assert str(purchase.paid_on) == "2025-05-19"
    assert purchase.status == PaymentStatus.PAID
    assert budget(approved).remaining == before.remaining + Decimal("1200.50")
    assert returns_posted(cash) == 1


def test_a_paid_payment_later_returned_in_camt054_becomes_returned(approved, sent):
    batch, cash, purchase = sent
    import_(approved, f"{cash.end_to_end_id};ACSC\n{purchase.end_to_end_id};ACSC\n".encode())
    cash.refresh_from_db()
    assert cash.status == PaymentStatus.PAID
    paid_before = budget(approved).paid
    data = sample("camt054-debits-and-returns.xml", batch, cash, purchase)
    report = import_(approved, data, "camt054.xml")
    notes = [row.note for row in report.lines if row.end_to_end_id == cash.end_to_end_id]
    assert notes == ["already_paid", "returned"]
    cash.refresh_from_db()
    assert cash.status == PaymentStatus.RETURNED
    assert budget(approved).paid == paid_before - Decimal("1200.50")


def test_camt054_batch_booked_without_details_pays_the_whole_file(approved, sent):
    batch, cash, purchase = sent
    report = import_(approved, sample("camt054-batch-booked.xml", batch, cash, purchase), "c.xml")
    assert report.paid == 2
    refresh(cash, purchase)
    assert {cash.status, purchase.status} == {PaymentStatus.PAID}


# --- the family is not forgotten ------------------------------------------------------


def test_a_return_opens_a_task_for_the_contact_person_in_the_same_transaction(approved, sent):
    _batch, cash, purchase = sent
    import_(approved, f"{cash.end_to_end_id};RJCT;{ISSUE_REASON}\n".encode())
    task = ReturnedPaymentTask.objects.get(payment__end_to_end_id=cash.end_to_end_id)
    assert task.payment == cash and task.done_at is None
    assert task.assigned_to == approved["users"]["kontakt"]  # who proposed the support
    assert task.request == cash.support_line.request
    # A refused file opens none.
    with pytest.raises(services.ReturnsFileRefused):
        import_(approved, f"{purchase.end_to_end_id};RJCT;x\nSAMSKAP-NOPE;RJCT;x\n".encode())
    assert not ReturnedPaymentTask.objects.filter(payment=purchase).exists()


def test_returned_money_no_longer_counts_as_received_by_the_household(approved, sent):
    _batch, cash, _purchase = sent
    household_id = cash.support_line.request.household_id
    before = household_received_this_year(household_ids=[household_id])[household_id]
    import_(approved, f"{cash.end_to_end_id};RJCT;{ISSUE_REASON}\n".encode())
    after = household_received_this_year(household_ids=[household_id])[household_id]
    assert after == before - cash.amount


# --- the page -------------------------------------------------------------------------


def test_economist_uploads_a_file_and_sees_its_report(approved, sent, client_for):
    _batch, cash, _purchase = sent
    client = client_for("okonom")
    upload = SimpleUploadedFile("retur.csv", f"{cash.end_to_end_id};RJCT;{ISSUE_REASON}\n".encode())
    response = client.post(reverse("payments:returns_import"), {"file": upload}, follow=True)
    assert response.status_code == 200
    stored = ReturnsFile.objects.latest("id")
    files = ReturnsFile.objects.count()
    assert response.redirect_chain[-1][0] == reverse("payments:returns_file", args=[stored.pk])
    page = response.content.decode()
    assert cash.end_to_end_id in page and ISSUE_REASON in page and "Returnert" in page
    # The same file again: a message that nothing changed, the same report.
    upload = SimpleUploadedFile("retur.csv", f"{cash.end_to_end_id};RJCT;{ISSUE_REASON}\n".encode())
    again = client.post(reverse("payments:returns_import"), {"file": upload}, follow=True)
    assert "Ingenting ble endret" in again.content.decode()
    assert ReturnsFile.objects.count() == files
    # Pasted lines work too.
    pasted = client.post(
        reverse("payments:returns_import"), {"lines": f"{cash.end_to_end_id}\tRJCT\tigjen"}
    )
    assert pasted.status_code == 302 and ReturnsFile.objects.count() == files + 1


def test_a_refused_upload_shows_each_line_and_changes_nothing(approved, sent, client_for):
    _batch, cash, purchase = sent
    before = snapshot(approved)
    upload = SimpleUploadedFile(
        "retur.csv", f"{cash.end_to_end_id};RJCT;x\n{purchase.end_to_end_id},MAYBE\n".encode()
    )
    response = client_for("okonom").post(reverse("payments:returns_import"), {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-describedby="id_file_error"' in page
    assert "Kan ikke brukes" in page and purchase.end_to_end_id in page
    nothing_changed(approved, before, cash, purchase)


def test_an_empty_form_asks_for_a_file(approved, client_for):
    response = client_for("okonom").post(reverse("payments:returns_import"), {})
    assert response.status_code == 200
    assert 'aria-describedby="id_file_error"' in response.content.decode()


def test_only_the_economist_of_the_municipality_sees_an_imported_file(
    approved, sent, client_for, stranger
):
    from django.test import Client

    _batch, cash, _purchase = sent
    report = import_(approved, f"{cash.end_to_end_id};RJCT;{ISSUE_REASON}\n".encode())
    url = reverse("payments:returns_file", args=[report.returns_file.pk])
    assert client_for("okonom").get(url).status_code == 200
    for role in ("kontakt", "leder", "stat"):
        assert client_for(role).get(url).status_code == 404
    other = Client()
    other.force_login(stranger)
    assert other.get(url).status_code == 404
    assert client_for("okonom").get(reverse("payments:returns_file", args=[0])).status_code == 404


def test_importing_with_no_file_says_to_choose_one(approved, client_for):
    """The trial: "Importer filen" with no file said "Filen kunne ikke leses inn", as if a
    file had been read. The summary now says nothing was imported and links to the field
    that says to choose the bank's file or paste its lines."""
    before = snapshot(approved)
    response = client_for("okonom").post(reverse("payments:returns_import"), {})
    page = response.content.decode()
    alert = page.split('role="alert"', 1)[1].split("</div>", 1)[0]
    assert "Ingenting ble lest inn, og ingenting ble endret." in alert
    assert 'href="#id_file"' in alert
    assert "Velg filen fra banken, eller lim inn linjene." in alert
    assert "kunne ikke leses inn" not in page
    assert snapshot(approved) == before
