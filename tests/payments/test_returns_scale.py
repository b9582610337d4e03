"""The returns import and the withdrawal post every payment through the ledger in one go:
the number of queries does not grow with the number of payments (issue 14: each payment
was posted one by one, about 19 statements each).

Counted in queries, not timed: the same file answering 50 and 500 payments."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks import data
from samskap.audit.models import AuditRecord
from samskap.funding.models import LedgerTransaction, TransactionKind
from samskap.payments import services
from samskap.payments.models import Payment, PaymentStatus
from samskap.support.models import ReturnedPaymentTask


def exported(demo, count: int):
    ids = data.pending_payments(demo, count)
    batch = services.payment_batch_export(
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )
    assert batch.payment_count == count
    return batch, list(Payment.objects.filter(pk__in=ids).order_by("pk"))


def returns_file(payments, *, paid_every: int = 0) -> bytes:
    """Every payment returned (RJCT), or every `paid_every`-th one paid (ACSC)."""
    rows = ["EndToEndId;Status;Årsak"]
    for index, payment in enumerate(payments):
        paid = paid_every and index % paid_every == 0
        rows.append(f"{payment.end_to_end_id};{'ACSC' if paid else 'RJCT'};Konto avsluttet")
    return "\n".join(rows).encode()


def queries_to_return(demo, count: int) -> int:
    _batch, payments = exported(demo, count)
    content = returns_file(payments, paid_every=5)
    with CaptureQueriesContext(connection) as queries:
        report = services.payment_returns_import(
            acting_user=demo["users"]["okonom"],
            municipality=demo["municipality"],
            data=content,
            filename=f"retur-{count}.csv",
        )
    paid = len(payments[::5])
    assert (report.paid, report.returned) == (paid, count - paid)
    statuses = Payment.objects.filter(pk__in=[p.pk for p in payments])
    assert statuses.filter(status=PaymentStatus.RETURNED).count() == count - paid
    assert statuses.filter(status=PaymentStatus.PAID).count() == paid
    keys = [f"payment:{p.pk}:return" for p in payments]
    assert (
        LedgerTransaction.objects.filter(
            idempotency_key__in=keys, kind=TransactionKind.RELEASE
        ).count()
        == count - paid
    )
    assert ReturnedPaymentTask.objects.filter(payment__in=payments).count() == count - paid
    assert (
        AuditRecord.objects.filter(
            action="payment.return", object_id__in=[str(p.pk) for p in payments]
        ).count()
        == count - paid
    )
    return len(queries)


def test_returns_import_queries_do_not_grow_from_50_to_500(demo):
    small = queries_to_return(demo, 50)
    large = queries_to_return(demo, 500)
    assert large / 500 <= small / 50
    # Not just per payment: ten times the payments, not even three times the queries (on
    # SQLite the bulk INSERTs and UPDATEs split at its limit of parameters per statement;
    # on PostgreSQL the count is the same at both sizes).
    assert large <= 3 * small, (small, large)
    if connection.vendor == "postgresql":
        assert large <= small + 10, (small, large)


def queries_to_withdraw(demo, count: int) -> int:
    batch, payments = exported(demo, count)
    with CaptureQueriesContext(connection) as queries:
        services.payment_batch_withdraw(
            acting_user=demo["users"]["okonom"], batch=batch, reason="Feil dato i filen"
        )
    waiting = Payment.objects.filter(pk__in=[p.pk for p in payments], status=PaymentStatus.PENDING)
    assert waiting.count() == count
    assert (
        LedgerTransaction.objects.filter(
            kind=TransactionKind.REVERSAL,
            reverses__idempotency_key__in=[p.pay_key for p in payments],
        ).count()
        == count
    )
    return len(queries)


def test_withdrawal_queries_do_not_grow_from_50_to_500(demo):
    small = queries_to_withdraw(demo, 50)
    large = queries_to_withdraw(demo, 500)
    assert large / 500 <= small / 50
    assert large <= 3 * small, (small, large)
    if connection.vendor == "postgresql":
        assert large <= small + 10, (small, large)


def test_withdrawn_payments_are_paid_again_by_the_next_export(demo):
    batch, _payments = exported(demo, 30)
    services.payment_batch_withdraw(
        acting_user=demo["users"]["okonom"], batch=batch, reason="Feil dato i filen"
    )
    again = services.payment_batch_export(
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )
    assert again.payment_count == 30
    # A second withdrawal of the first file changes nothing.
    services.payment_batch_withdraw(
        acting_user=demo["users"]["okonom"], batch=batch, reason="Feil dato i filen"
    )
    assert Payment.objects.filter(batch=again).count() == 30


@pytest.mark.postgres
def test_the_ledger_stays_clean_after_bulk_returns_and_a_withdrawal(demo):
    _batch, payments = exported(demo, 40)
    services.payment_returns_import(
        acting_user=demo["users"]["okonom"],
        municipality=demo["municipality"],
        data=returns_file(payments, paid_every=3),
        filename="retur.csv",
    )
    batch, _payments = exported(demo, 40)
    services.payment_batch_withdraw(
        acting_user=demo["users"]["okonom"], batch=batch, reason="Feil dato i filen"
    )
    call_command("ledger_check", verbosity=0)
