"""The export's cost per payment does not grow with the batch: it pays every payout through
the ledger in one go (issue 14: 1,002 payments took 41 s, each one slower than the last).

Counted in queries, not timed: the same export with 50 and with 500 waiting payments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks import data
from samskap.funding.models import LedgerTransaction, TransactionKind
from samskap.payments import services
from samskap.payments.models import Payment, PaymentStatus


def export(demo):
    return services.payment_batch_export(
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )


def queries_to_export(demo, count: int) -> int:
    ids = data.pending_payments(demo, count)
    with CaptureQueriesContext(connection) as queries:
        batch = export(demo)
    assert batch.payment_count == count
    assert Payment.objects.filter(pk__in=ids, status=PaymentStatus.EXPORTED).count() == count
    keys = [payment.pay_key for payment in Payment.objects.filter(pk__in=ids)]
    assert (
        LedgerTransaction.objects.filter(idempotency_key__in=keys, kind=TransactionKind.PAYMENT)
        .values("idempotency_key")
        .distinct()
        .count()
        == count
    )
    return len(queries)


def test_queries_per_payment_do_not_grow_from_50_to_500(demo):
    queries_to_export(demo, 50)  # the first export makes the paid accounts the payouts need
    small = queries_to_export(demo, 50)
    large = queries_to_export(demo, 500)
    assert large / 500 <= small / 50
    if connection.vendor == "postgresql":
        # Not just per payment: the whole export runs as many queries at 500 as at 50
        # (legs, keys and payment ids go to the database as arrays).
        assert large == small, (small, large)
    else:
        # SQLite splits the bulk statements at its parameter limit (25 and 54 queries).
        assert large <= 3 * small, (small, large)


@pytest.mark.postgres
def test_the_ledger_stays_clean_after_a_batch(demo):
    from django.core.management import call_command

    data.pending_payments(demo, 60)
    export(demo)
    call_command("ledger_check", verbosity=0)
