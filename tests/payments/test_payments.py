"""Payment files: schema-valid pain.001, paid exactly once, returns give money back."""

from decimal import Decimal

import pytest
import xmlschema
from django.urls import reverse
from lxml import etree

from samskap.audit.models import AuditRecord
from samskap.funding import selectors as funding_selectors
from samskap.funding.models import LedgerTransaction
from samskap.payments import services
from samskap.payments.models import Payment, PaymentBatch, PaymentStatus
from samskap.payments.pain001 import NAMESPACE, SCHEMA_PATH
from tests.support.factories import SUBPROJECT, VALID_ACCOUNT

SCHEMA = xmlschema.XMLSchema(str(SCHEMA_PATH))


def assert_valid(xml) -> etree._Element:
    data = xml if isinstance(xml, str) else xml.decode()
    SCHEMA.validate(data)
    return etree.fromstring(data.encode())


def budget(demo):
    return funding_selectors.subproject_budget(subproject=demo["subprojects"][SUBPROJECT])


def test_export_makes_one_valid_file_and_moves_money_to_paid(approved):
    before = budget(approved)
    batch = services.payment_batch_export(
        acting_user=approved["users"]["okonom"], municipality=approved["municipality"]
    )
    tree = assert_valid(batch.xml)
    ns = {"p": NAMESPACE}
    assert tree.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs", namespaces=ns) == "2"
    assert tree.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", namespaces=ns) == "4200.50"
    creditors = tree.findall(".//p:CdtrAcct/p:Id/p:Othr/p:Id", namespaces=ns)
    assert {c.text for c in creditors} == {VALID_ACCOUNT, "12345678903"}
    debtor = tree.findtext(".//p:DbtrAcct/p:Id/p:Othr/p:Id", namespaces=ns)
    assert debtor == "86011117947"
    assert batch.payment_count == 2 and batch.total == Decimal("4200.50")
    after = budget(approved)
    assert after.paid == before.paid + Decimal("4200.50")
    assert after.committed == before.committed - Decimal("4200.50")
    assert set(batch.payments.values_list("status", flat=True)) == {PaymentStatus.EXPORTED}


def test_second_export_makes_no_new_payments_and_download_is_the_same_file(approved, client_for):
    first = services.payment_batch_export(
        acting_user=approved["users"]["okonom"], municipality=approved["municipality"]
    )
    paid = budget(approved).paid
    assert (
        services.payment_batch_export(
            acting_user=approved["users"]["okonom"], municipality=approved["municipality"]
        )
        is None
    )
    assert PaymentBatch.objects.latest("id") == first
    assert budget(approved).paid == paid
    response = client_for("okonom").get(reverse("payments:batch_file", args=[first.pk]))
    assert response.status_code == 200
    assert response.content.decode() == first.xml
    assert_valid(response.content)
    download = AuditRecord.objects.get(action="payment_batch.download", object_id=str(first.pk))
    assert download.actor == approved["users"]["okonom"]
    assert (
        client_for("kontakt").get(reverse("payments:batch_file", args=[first.pk])).status_code
        == 404
    )


def test_economist_exports_on_the_page_and_others_get_404(approved, client_for):
    url = reverse("payments:overview")
    for role in ("kontakt", "leder", "stat"):
        assert client_for(role).get(url).status_code == 404
    client = client_for("okonom")
    page = client.get(url)
    assert page.status_code == 200
    assert "Testesen" not in page.content.decode()  # payee names stay in the file, not on the page
    batches = PaymentBatch.objects.count()
    assert client.post(reverse("payments:export")).status_code == 302
    assert PaymentBatch.objects.count() == batches + 1
    client.post(reverse("payments:export"))  # double click
    assert PaymentBatch.objects.count() == batches + 1


def test_one_live_instruction_per_support_line(approved):
    payment = Payment.objects.filter(subproject__name=SUBPROJECT).first()
    again = services.payment_instruct(
        acting_user=approved["users"]["leder"],
        support_line=payment.support_line,
        subproject=payment.subproject,
        creditor_name="X",
        creditor_account=VALID_ACCOUNT,
        amount=payment.amount,
        remittance="again",
        settles=payment.settles,
    )
    assert again.pk == payment.pk
    assert Payment.objects.filter(subproject__name=SUBPROJECT).count() == 2


def _instruction(payment, **changes):
    values = {
        "support_line": payment.support_line,
        "subproject": payment.subproject,
        "creditor_name": "X",
        "creditor_account": VALID_ACCOUNT,
        "amount": payment.amount,
        "remittance": "again",
        "settles": payment.settles,
    }
    return services.Instruction(**{**values, **changes})


def test_instructing_many_keeps_one_live_payment_per_line_and_numbers_a_new_attempt(approved):
    """`payment_instruct_many` (a meeting's payments at once, issue 14) applies
    `payment_instruct`'s rules to each line: the live payment is returned, a line whose
    payment came back or was cancelled gets attempt 2, a line named twice gets one
    payment."""
    live, returned = Payment.objects.filter(subproject__name=SUBPROJECT).order_by("pk")
    Payment.objects.filter(pk=returned.pk).update(status=PaymentStatus.CANCELLED)
    returned.refresh_from_db()
    audits = AuditRecord.objects.filter(action="payment.instruct").count()
    made = services.payment_instruct_many(
        acting_user=approved["users"]["leder"],
        instructions=[
            _instruction(live),
            _instruction(returned, creditor_account="12345678903"),
            _instruction(returned, creditor_account="12345678903"),
        ],
    )
    assert made[0].pk == live.pk
    assert made[1].pk not in (live.pk, returned.pk) and made[2].pk == made[1].pk
    assert made[1].idempotency_key == f"support-line:{returned.support_line_id}:2"
    assert made[1].creditor_account == "12345678903" and made[1].status == PaymentStatus.PENDING
    assert Payment.objects.filter(subproject__name=SUBPROJECT).count() == 3
    assert AuditRecord.objects.filter(action="payment.instruct").count() == audits + 1


def test_instructing_many_without_an_account_stores_nothing(approved):
    from samskap.core.errors import DomainError

    live, returned = Payment.objects.filter(subproject__name=SUBPROJECT).order_by("pk")
    Payment.objects.filter(pk__in=[live.pk, returned.pk]).update(status=PaymentStatus.CANCELLED)
    with pytest.raises(DomainError, match="kontonummer"):
        services.payment_instruct_many(
            acting_user=approved["users"]["leder"],
            instructions=[_instruction(live), _instruction(returned, creditor_account="")],
        )
    assert Payment.objects.filter(subproject__name=SUBPROJECT).count() == 2


def test_database_refuses_a_second_live_payment_for_the_same_line(approved):
    from django.db import IntegrityError, transaction

    payment = Payment.objects.filter(subproject__name=SUBPROJECT).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            municipality=payment.municipality,
            subproject=payment.subproject,
            support_line=payment.support_line,
            idempotency_key="other",
            end_to_end_id="OTHER",
            creditor_name="X",
            creditor_account=VALID_ACCOUNT,
            amount=Decimal("1.00"),
            remittance="x",
            settles=payment.settles,  # only the second line of the same support line is wrong
        )


def test_a_debtor_account_the_bank_refuses_is_a_clear_message(approved, client_for):
    from samskap.payments.models import DebtorAccount

    # Stored before the checks existed (or by hand in the database): a wrong check digit.
    DebtorAccount.objects.filter(municipality=approved["municipality"]).update(
        account="86011117940"
    )
    batches = PaymentBatch.objects.count()
    response = client_for("okonom").post(reverse("payments:export"), follow=True)
    assert response.status_code == 200
    assert "Betalerkontoens kontonummer er ikke et gyldig" in response.content.decode()
    assert PaymentBatch.objects.count() == batches


def test_each_payment_names_the_commitment_it_settles(approved):
    from samskap.support.keys import commitment_key

    pending = list(
        Payment.objects.filter(status=PaymentStatus.PENDING).select_related(
            "support_line__request__decision"
        )
    )
    assert pending
    for payment in pending:
        assert payment.settles == commitment_key(payment.support_line.request.decision)
    batch = services.payment_batch_export(
        acting_user=approved["users"]["okonom"], municipality=approved["municipality"]
    )
    for payment in batch.payments.all():
        paid = LedgerTransaction.objects.get(idempotency_key=f"payment:{payment.pk}:pay")
        assert paid.settles.idempotency_key == payment.settles


def test_database_refuses_a_payment_that_settles_nothing(approved):
    from django.db import IntegrityError, transaction

    payment = Payment.objects.filter(status=PaymentStatus.PENDING).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(settles="")


def test_migration_backfills_settles_from_the_decision(approved):
    import importlib

    from django.apps import apps

    from samskap.support.keys import commitment_key

    migration = importlib.import_module("samskap.payments.migrations.0003_payment_settles")
    Payment.objects.update(settles="stale")
    migration.backfill_settles(apps, None)
    for payment in Payment.objects.select_related("support_line__request__decision"):
        assert payment.settles == commitment_key(payment.support_line.request.decision)


def test_the_ready_message_counts_in_the_right_number(approved, client_for):
    """The trial: one payment read "1 utbetalinger"."""
    from samskap.payments.models import PaymentStatus

    waiting = Payment.objects.filter(status=PaymentStatus.PENDING).order_by("pk")
    assert waiting.count() >= 2
    held = list(waiting.values_list("pk", flat=True)[1:])
    Payment.objects.filter(pk__in=held).update(status=PaymentStatus.HELD)
    response = client_for("okonom").post(reverse("payments:export"), follow=True)
    assert "er klar: 1 utbetaling. Last ned" in response.content.decode()
