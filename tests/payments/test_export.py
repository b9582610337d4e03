"""The export: one debtor per municipality, the next bank day, and one bad payment never
blocks the others; withdrawing a file that never reached the bank."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import etree

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError
from samskap.funding import selectors as funding_selectors
from samskap.funding.models import LedgerTransaction
from samskap.payments import export_services, services
from samskap.payments.models import DebtorAccount, Payment, PaymentBatch, PaymentStatus
from samskap.payments.pain001 import NAMESPACE
from tests.payments.test_payments import assert_valid
from tests.support.factories import SUBPROJECT

NS = {"p": NAMESPACE}


def budget(demo):
    return funding_selectors.subproject_budget(subproject=demo["subprojects"][SUBPROJECT])


def export(demo):
    return services.payment_batch_export(
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )


def waiting(demo) -> list[Payment]:
    return list(
        Payment.objects.filter(
            municipality=demo["municipality"], status=PaymentStatus.PENDING
        ).order_by("id")
    )


def names_in(xml: str) -> list[str]:
    return [n.text for n in etree.fromstring(xml.encode()).findall(".//p:Cdtr/p:Nm", NS)]


# --- one debtor per municipality ---------------------------------------------------------


def test_each_municipality_debits_its_own_account_never_trondheims(demo):
    from tests.authorization_world import build_world

    world = build_world(demo)
    foreign = world.batches["foreign"]
    tree = assert_valid(foreign.xml)
    assert tree.findtext(".//p:DbtrAcct/p:Id/p:Othr/p:Id", namespaces=NS) == "12345678903"
    assert tree.findtext(".//p:Dbtr/p:Nm", namespaces=NS) == "Stjørdal kommune"
    assert tree.findtext(".//p:Dbtr/p:Id/p:OrgId/p:Othr/p:Id", namespaces=NS) == "972418013"
    own = assert_valid(world.batches["own"].xml)
    assert own.findtext(".//p:DbtrAcct/p:Id/p:Othr/p:Id", namespaces=NS) == "86011117947"
    assert [e.text for e in tree.findall(".//p:DbtrAcct/p:Id/p:Othr/p:Id", NS)] == ["12345678903"]
    assert "942110464" not in foreign.xml  # Trondheim's organisation number


def test_export_without_a_registered_account_is_refused_and_nothing_moves(approved, client_for):
    DebtorAccount.objects.filter(municipality=approved["municipality"]).delete()
    before, batches = budget(approved), PaymentBatch.objects.count()
    response = client_for("okonom").post(reverse("payments:export"), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Programmets bankkonto er ikke registrert for Trondheim" in page
    assert reverse("payments:debtor") in page
    assert PaymentBatch.objects.count() == batches
    assert budget(approved) == before
    assert len(waiting(approved)) == 2


def test_economist_registers_the_account_on_the_page(approved, client_for):
    DebtorAccount.objects.filter(municipality=approved["municipality"]).delete()
    client = client_for("okonom")
    assert client.get(reverse("payments:overview")).status_code == 200
    response = client.post(
        reverse("payments:debtor"),
        {
            "name": "Trondheim kommune",
            "organisation_number": "942 110 464",
            "account": "1206.00.00008",
            "bic": "dnbanokkxxx",
        },
    )
    assert response.status_code == 302
    assert DebtorAccount.objects.get(municipality=approved["municipality"]).account == (
        "12060000008"
    )
    bad = client.post(
        reverse("payments:debtor"),
        {"name": "Trondheim kommune", "organisation_number": "1", "account": "1", "bic": "X"},
    )
    assert bad.status_code == 200
    assert 'aria-invalid="true"' in bad.content.decode()
    assert DebtorAccount.objects.get(municipality=approved["municipality"]).account == (
        "12060000008"
    )


def test_the_demo_registers_trondheims_account_from_the_settings(demo):
    debtor = DebtorAccount.objects.get(municipality=demo["municipality"])
    assert (debtor.account, debtor.bic) == ("86011117947", "DNBANOKKXXX")


# --- bank days ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "bank_day"),
    [
        (datetime.date(2025, 5, 17), datetime.date(2025, 5, 19)),  # Saturday, Constitution Day
        (datetime.date(2025, 5, 29), datetime.date(2025, 5, 30)),  # Ascension Day
        (datetime.date(2025, 12, 24), datetime.date(2025, 12, 29)),  # Christmas Eve
        (datetime.date(2025, 5, 20), datetime.date(2025, 5, 20)),  # an ordinary Tuesday
    ],
)
def test_the_file_asks_for_the_next_bank_day_and_the_batch_keeps_it(
    approved, monkeypatch, today, bank_day
):
    monkeypatch.setattr(export_services, "today", lambda: today)
    batch = export(approved)
    assert batch.requested_execution_date == bank_day
    tree = assert_valid(batch.xml)
    assert tree.findtext(".//p:ReqdExctnDt", namespaces=NS) == bank_day.isoformat()


def test_an_old_batch_downloads_with_its_own_date(approved, client_for, monkeypatch):
    from tests.support.factories import decide, request

    monkeypatch.setattr(export_services, "today", lambda: datetime.date(2025, 5, 17))
    first = export(approved)
    decide(approved, [request(approved, amount="700", alias="Senere")], key="meeting-later")
    monkeypatch.setattr(export_services, "today", lambda: datetime.date(2025, 5, 21))
    second = export(approved)
    assert second.requested_execution_date == datetime.date(2025, 5, 21)
    response = client_for("okonom").get(reverse("payments:batch_file", args=[first.pk]))
    tree = etree.fromstring(response.content)
    assert tree.findtext(".//p:ReqdExctnDt", namespaces=NS) == "2025-05-19"
    page = client_for("okonom").get(reverse("payments:batch", args=[first.pk])).content.decode()
    assert "19.05.2025" in page


# --- one bad payment never blocks the others ---------------------------------------------


def test_a_pasted_control_character_never_stops_the_export(approved, client_for):
    """The issue's case: `Ola\\x02Syntetisk` stored on an old payment."""
    old, other = waiting(approved)
    Payment.objects.filter(pk=old.pk).update(creditor_name="Ola\x02Syntetisk")
    response = client_for("okonom").post(reverse("payments:export"))
    assert response.status_code == 302
    batch = PaymentBatch.objects.latest("id")
    assert_valid(batch.xml)
    assert other.end_to_end_id in batch.xml
    assert "\x02" not in batch.xml
    for payment in (old, other):
        payment.refresh_from_db()
        assert payment.status == PaymentStatus.EXPORTED


def test_cyrillic_is_transliterated_in_the_file_and_kept_in_samskap(approved):
    payment = waiting(approved)[0]
    Payment.objects.filter(pk=payment.pk).update(creditor_name="Тарас Шевченко")
    batch = export(approved)
    assert_valid(batch.xml)
    assert "Taras Shevchenko" in names_in(batch.xml)
    assert "Тарас" not in batch.xml
    payment.refresh_from_db()
    assert payment.creditor_name == "Тарас Шевченко"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"creditor_account": "12345678900"}, "kontonummer"),  # wrong check digit
        ({"creditor_name": "\u200b\u200d"}, "navn"),  # nothing the bank can read
        ({"creditor_name": "😀🎉"}, "navn"),
        ({"kid": "202412345673"}, "KID"),  # the mistyped KID
        ({"settles": "no-such-commitment"}, "postering"),  # the ledger refuses it
        # The programme's own paying account (the demo's registered debtor account).
        ({"creditor_account": "86011117947"}, "programmets egen utbetalingskonto"),
    ],
)
def test_an_unwritable_payment_is_set_aside_with_its_reason_and_the_others_go(
    approved, client_for, changes, reason
):
    bad, good = waiting(approved)
    Payment.objects.filter(pk=bad.pk).update(**changes)
    before = budget(approved)
    client = client_for("okonom")
    response = client.post(reverse("payments:export"), follow=True)
    assert response.status_code == 200
    # The file is made: the economist lands where it is downloaded, told what was set aside.
    assert response.redirect_chain[-1][0] == reverse("payments:overview") + "?liste=bunter"
    assert "satt til side; årsaken står under «Satt til side»" in response.content.decode()
    batch = PaymentBatch.objects.latest("id")
    assert batch.payment_count == 1 and good.end_to_end_id in batch.xml
    assert f'{reverse("payments:batch_file", args=[batch.pk])}" download' in (
        response.content.decode()
    )
    assert bad.end_to_end_id not in batch.xml
    assert_valid(batch.xml)
    bad.refresh_from_db()
    assert bad.status == PaymentStatus.PENDING and reason.lower() in bad.problem.lower()
    assert budget(approved).paid == before.paid + good.amount
    page = client.get(reverse("payments:overview"), {"liste": "satt_til_side"}).content.decode()
    assert bad.problem in page.replace("&#x27;", "'")
    assert "Satt til side (1)" in page
    assert AuditRecord.objects.filter(action="payment.set_aside", object_id=str(bad.pk)).exists()


def test_when_nothing_is_writable_there_is_no_batch_and_a_clear_message(approved, client_for):
    for payment in waiting(approved):
        Payment.objects.filter(pk=payment.pk).update(creditor_account="12345678900")
    batches = PaymentBatch.objects.count()
    response = client_for("okonom").post(reverse("payments:export"), follow=True)
    assert response.status_code == 200
    # No file: the economist lands on what was set aside, with the reasons.
    assert response.redirect_chain[-1][0] == reverse("payments:overview") + "?liste=satt_til_side"
    assert "2 utbetalinger kunne ikke skrives til filen" in response.content.decode()
    assert "Mottakerens kontonummer er ikke et gyldig" in response.content.decode()
    assert PaymentBatch.objects.count() == batches
    assert all(payment.problem for payment in waiting(approved))


def test_a_corrected_payment_goes_in_the_next_file_and_its_problem_is_gone(approved):
    bad, _good = waiting(approved)
    Payment.objects.filter(pk=bad.pk).update(creditor_account="12345678900")
    export(approved)
    bad.refresh_from_db()
    assert bad.problem
    services.payment_correct(
        acting_user=approved["users"]["okonom"],
        payment=bad,
        creditor_name="Ola Syntetisk",
        creditor_account="12345678903",
        reason="Riktig konto",
    )
    batch = export(approved)
    assert bad.end_to_end_id in batch.xml
    bad.refresh_from_db()
    assert bad.problem == "" and bad.status == PaymentStatus.EXPORTED


def test_a_payment_is_never_corrected_to_the_paying_account(approved):
    bad, _good = waiting(approved)
    debtor = DebtorAccount.objects.get(municipality=approved["municipality"])
    with pytest.raises(DomainError) as refused:
        services.payment_correct(
            acting_user=approved["users"]["okonom"],
            payment=bad,
            creditor_name="Ola Syntetisk",
            creditor_account=debtor.account,
            reason="Feil konto",
        )
    assert refused.value.field == "creditor_account"
    bad.refresh_from_db()
    assert bad.creditor_account != debtor.account


def test_a_payment_is_never_corrected_to_another_municipalitys_paying_account(approved, stranger):
    bad, _good = waiting(approved)
    services.debtor_account_set(
        acting_user=stranger,
        municipality=stranger.municipality,
        name="Bamble kommune",
        organisation_number="964963193",
        account="15032700028",
        bic="DNBANOKKXXX",
    )
    with pytest.raises(DomainError, match="en annen kommunes konto") as refused:
        services.payment_correct(
            acting_user=approved["users"]["okonom"],
            payment=bad,
            creditor_name="Ola Syntetisk",
            creditor_account="1503.27.00028",
            reason="Feil konto",
        )
    assert refused.value.field == "creditor_account"
    bad.refresh_from_db()
    assert bad.creditor_account != "15032700028"


def test_the_command_still_writes_the_file_and_skips_set_aside_payments(
    approved, tmp_path, capsys, django_capture_on_commit_callbacks
):
    bad, good = waiting(approved)
    Payment.objects.filter(pk=bad.pk).update(creditor_account="12345678900")
    output = tmp_path / "fil.xml"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("export_payments", str(output))
    text = output.read_text(encoding="utf-8")
    assert good.end_to_end_id in text and bad.end_to_end_id not in text
    assert f"{bad.end_to_end_id}: " in capsys.readouterr().out


# --- withdrawal --------------------------------------------------------------------------


def withdraw(demo, batch, reason="Aldri lastet opp i nettbanken"):
    return services.payment_batch_withdraw(
        acting_user=demo["users"]["okonom"], batch=batch, reason=reason
    )


def test_withdrawing_puts_payments_back_and_undoes_the_payouts(approved):
    before = budget(approved)
    batch = export(approved)
    withdrawn = withdraw(approved, batch)
    assert withdrawn.is_withdrawn and withdrawn.withdrawn_by == approved["users"]["okonom"]
    assert budget(approved) == before
    payments = waiting(approved)
    assert len(payments) == 2 and all(p.batch is None for p in payments)
    reversals = LedgerTransaction.objects.filter(
        idempotency_key__in=[f"payment:{p.pk}:withdraw:{batch.pk}" for p in payments]
    )
    assert reversals.count() == 2
    # Withdrawing again changes nothing.
    withdraw(approved, batch)
    assert budget(approved) == before
    # The next file pays them anew, with a new payout each.
    again = export(approved)
    assert again.payment_count == 2
    after = budget(approved)
    assert after.paid == before.paid + Decimal("4200.50")
    for payment in again.payments.all():
        assert LedgerTransaction.objects.filter(idempotency_key=payment.pay_key).exists()
    record = AuditRecord.objects.get(action="payment_batch.withdraw", object_id=str(batch.pk))
    assert "Aldri" not in str(record.new_values)
    call_command("ledger_check")


def test_a_withdrawn_batch_is_marked_and_never_downloaded_as_current(approved, client_for):
    batch = export(approved)
    client = client_for("okonom")
    response = client.post(reverse("payments:batch", args=[batch.pk]), {"reason": "Feil fil"})
    assert response.status_code == 302
    download = client.get(reverse("payments:batch_file", args=[batch.pk]), follow=True)
    assert download.status_code == 200
    assert "trukket tilbake" in download.content.decode()
    assert download["Content-Type"].startswith("text/html")
    batch.refresh_from_db()
    with pytest.raises(DomainError):
        services.payment_batch_download(acting_user=approved["users"]["okonom"], batch=batch)
    assert response["Location"] == reverse("payments:overview") + "?liste=bunter"
    overview = client.get(response["Location"]).content.decode()
    assert "Trukket tilbake" in overview


def test_a_file_the_bank_answered_cannot_be_withdrawn(approved):
    batch = export(approved)
    first = batch.payments.order_by("id").first()
    services.payment_returns_import(
        acting_user=approved["users"]["okonom"],
        municipality=approved["municipality"],
        data=f"{first.end_to_end_id};RJCT;Konto avsluttet\n".encode(),
    )
    paid = budget(approved).paid
    with pytest.raises(DomainError, match="allerede svart"):
        withdraw(approved, batch)
    batch.refresh_from_db()
    assert not batch.is_withdrawn and budget(approved).paid == paid


def test_a_withdrawn_payment_can_be_cancelled_and_its_money_goes_back(approved):
    before = budget(approved)
    batch = export(approved)
    withdraw(approved, batch)
    payment = waiting(approved)[0]
    services.payment_cancel(
        acting_user=approved["users"]["okonom"], payment=payment, reason="Familien flyttet"
    )
    after = budget(approved)
    assert after.committed == before.committed - payment.amount
    assert after.remaining == before.remaining + payment.amount


@pytest.mark.parametrize("role", ["kontakt", "leder", "team", "stat"])
def test_only_the_economist_withdraws(approved, role):
    from samskap.core.errors import NotFoundOrForbidden

    batch = export(approved)
    with pytest.raises(NotFoundOrForbidden):
        services.payment_batch_withdraw(
            acting_user=approved["users"][role], batch=batch, reason="x"
        )
    batch.refresh_from_db()
    assert not batch.is_withdrawn
