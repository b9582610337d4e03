"""Item 1: the payment export of 1,000 and 10,000 waiting payments, ledger postings and
schema validation included, against the same rows written with plain SQL."""

from django.db import connection, transaction

from benchmarks import data
from benchmarks.rows import Result, Row, stopwatch
from samskap.payments import services as payment_services
from samskap.payments.models import Payment, PaymentStatus

TITLE = "Payment export (ledger postings and pain.001 validation included)"
ORDER = 10
TARGET = 5000  # payments per second at 10,000


def _floor(count: int) -> float:
    """Seconds to write `count` payouts as plain SQL: per payment one transaction whose
    legs mirror its commitment's (committed -> paid, same accounts' scheme and year), and
    the payments marked exported. The database's own triggers run (deferred ones too),
    then everything is rolled back."""
    pending = "SELECT id FROM payments_payment WHERE status = 'pending' ORDER BY id LIMIT %s"
    with transaction.atomic(), connection.cursor() as cursor:
        sid = transaction.savepoint()
        # Not timed: the paid accounts the payouts need (the export makes them too).
        cursor.execute(
            f"""
            INSERT INTO funding_account
                (agreement_id, kind, scheme_id, subproject_id, year, balance)
            SELECT DISTINCT a.agreement_id, 'paid', a.scheme_id, a.subproject_id, a.year, 0
              FROM payments_payment p
              JOIN funding_ledgertransaction c ON c.idempotency_key = p.settles
              JOIN funding_leg l ON l.transaction_id = c.id AND l.direction = 'D'
              JOIN funding_account a ON a.id = l.account_id
             WHERE p.id IN ({pending})
            ON CONFLICT DO NOTHING
            """,
            [count],
        )
        with stopwatch() as elapsed:
            cursor.execute(
                f"""
                INSERT INTO funding_ledgertransaction
                    (agreement_id, kind, booked_on, created_at, reason, subproject_id,
                     idempotency_key, settles_id)
                SELECT c.agreement_id, 'payment', current_date, now(), 'floor', c.subproject_id,
                       'floor:' || p.id, c.id
                  FROM payments_payment p
                  JOIN funding_ledgertransaction c ON c.idempotency_key = p.settles
                 WHERE p.id IN ({pending})
                """,
                [count],
            )
            cursor.execute(
                """
                INSERT INTO funding_leg (transaction_id, account_id, scheme_id, direction, amount)
                SELECT t.id, CASE d.direction WHEN 'C' THEN a.id ELSE paid.id END,
                       a.scheme_id, d.direction, l.amount
                  FROM funding_ledgertransaction t
                  JOIN funding_leg l ON l.transaction_id = t.settles_id AND l.direction = 'D'
                  JOIN funding_account a ON a.id = l.account_id
                  JOIN funding_account paid
                    ON paid.agreement_id = a.agreement_id AND paid.kind = 'paid'
                   AND paid.scheme_id = a.scheme_id AND paid.subproject_id = a.subproject_id
                   AND paid.year = a.year
                  CROSS JOIN (VALUES ('C'), ('D')) d(direction)
                 WHERE t.idempotency_key LIKE 'floor:%%'
                """
            )
            cursor.execute(
                """
                INSERT INTO payments_paymentbatch (municipality_id, message_id, created_at,
                    payment_count, total, requested_execution_date, xml, withdrawn_reason)
                SELECT municipality_id, 'FLOOR', now(), %s, 1, current_date, '', ''
                  FROM payments_payment LIMIT 1 RETURNING id
                """,
                [count],
            )
            batch = cursor.fetchone()[0]
            cursor.execute(
                "UPDATE payments_payment SET status = 'exported', batch_id = %s,"
                f" exported_at = now() WHERE id IN ({pending})",
                [batch, count],
            )
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            seconds = elapsed()
        transaction.savepoint_rollback(sid)
    return seconds


def _measure(bench, demo, count: int, result: Result) -> None:
    with stopwatch() as build:
        data.pending_payments(demo, count)
    result.notes.append(
        f"{count} waiting payments built in {build():.1f} s (bulk: commitments through "
        "the ledger's checked path, payment rows directly)"
    )
    # The floor needs a paid account per sub-project: the demo's own payouts made them.
    floor = _floor(count)
    with stopwatch() as elapsed:
        batch = payment_services.payment_batch_export(
            acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
        )
    seconds = elapsed()
    exported = batch.payment_count if batch else 0
    left = Payment.objects.filter(status=PaymentStatus.PENDING).count()
    if exported != count or left:
        raise RuntimeError(f"exported {exported} of {count}, {left} left waiting")
    rate = count / seconds
    result.rows.append(
        Row(
            name=f"export {count:,} payments".replace(",", " "),
            figure=rate,
            unit="payments/s",
            floor=count / floor,
            target=f"≥ {TARGET}" if count >= 10_000 else "",
            met=(rate >= TARGET) if count >= 10_000 else None,
        )
    )
    result.rows.append(
        Row(
            name=f"  cost per payment at {count:,}".replace(",", " "),
            figure=seconds / count * 1000,
            unit="ms",
            floor=floor / count * 1000,
        )
    )


def run(bench) -> Result:
    demo = bench.demo()
    result = Result()
    sizes = [bench.size(1_000, 50), bench.size(10_000, 500)]
    for count in sizes:
        _measure(bench, demo, count, result)
    small, large = (row for row in result.rows if row.name.strip().startswith("cost"))
    growth = large.figure / small.figure
    result.rows.append(
        Row(
            name=f"cost per payment, {sizes[1]} vs {sizes[0]}",
            figure=growth,
            unit="×",
            target="flat (≤ 1.5)",
            met=growth <= 1.5,
        )
    )
    return result
