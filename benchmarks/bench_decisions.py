"""Item 2: requests decided per second through the real services (the meeting), against
writing the same ledger rows with COPY (the floor)."""

from decimal import Decimal

from django.db import connection, transaction

from benchmarks import data
from benchmarks.rows import Result, Row, stopwatch
from samskap.funding import services as funding_services
from samskap.funding.models import LedgerTransaction, Leg, TransactionKind

TITLE = "Decisions through the services against COPY of the same ledger rows"
ORDER = 20
TARGET = 0.25  # of the floor, for the ledger part
MEETING = 50

TXN_COLUMNS = (
    "id, agreement_id, kind, booked_on, created_at, acting_user_id, reason, subproject_id,"
    " earmarked_scheme_id, idempotency_key, reverses_id, settles_id"
)
LEG_COLUMNS = "transaction_id, account_id, scheme_id, direction, amount"


def _copy_floor(transaction_ids: list[int]) -> float:
    """Seconds to write the same transactions and legs again with COPY (new ids and keys,
    same accounts and amounts), the database's triggers included (the deferred zero-sum
    check forced at the end); then rolled back."""
    txns = list(
        LedgerTransaction.objects.filter(pk__in=transaction_ids).values_list(
            "pk", "agreement_id", "kind", "booked_on", "acting_user_id", "reason", "subproject_id"
        )
    )
    legs = list(
        Leg.objects.filter(transaction_id__in=transaction_ids).values_list(
            "transaction_id", "account_id", "scheme_id", "direction", "amount"
        )
    )
    with transaction.atomic(), connection.cursor() as cursor:
        sid = transaction.savepoint()
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with stopwatch() as elapsed:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('funding_ledgertransaction', 'id'))"
                " FROM generate_series(1, %s)",
                [len(txns)],
            )
            new_ids = {old[0]: row[0] for old, row in zip(txns, cursor.fetchall(), strict=True)}
            with raw.copy(f"COPY funding_ledgertransaction ({TXN_COLUMNS}) FROM STDIN") as copy:
                for pk, agreement, kind, booked_on, user, reason, subproject in txns:
                    copy.write_row(
                        (
                            new_ids[pk],
                            agreement,
                            kind,
                            booked_on,
                            "now",
                            user,
                            reason,
                            subproject,
                            None,
                            f"floor:{pk}",
                            None,
                            None,
                        )
                    )
            with raw.copy(f"COPY funding_leg ({LEG_COLUMNS}) FROM STDIN") as copy:
                for txn, account, scheme, direction, amount in legs:
                    copy.write_row((new_ids[txn], account, scheme, direction, amount))
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            seconds = elapsed()
        transaction.savepoint_rollback(sid)
    return seconds


def run(bench) -> Result:
    demo = bench.demo()
    result = Result()
    count = bench.size(200, 50)
    subproject = sorted(demo["subprojects"].values(), key=lambda s: s.pk)[0]
    data.set_limits(demo)
    # What is decided, the floor's copy of it, and the ledger part twice (in bulk, one by one).
    data.fund(demo, subproject, Decimal("1000") * count * 5)
    with stopwatch() as build:
        requests = data.agenda(demo, subproject, count, tag="vedtak")
    result.notes.append(
        f"{count} requests put on the agenda through the services in {build():.1f} s "
        "(household, confirmed letter, request each; not timed)"
    )
    before = set(
        LedgerTransaction.objects.filter(kind=TransactionKind.COMMITMENT).values_list(
            "pk", flat=True
        )
    )
    with stopwatch() as elapsed:
        for start in range(0, count, MEETING):
            data.meeting(
                demo, subproject, requests[start : start + MEETING], key=f"benk-vedtak-{start}"
            )
    meetings = elapsed()
    commitments = list(
        LedgerTransaction.objects.filter(kind=TransactionKind.COMMITMENT)
        .exclude(pk__in=before)
        .values_list("pk", flat=True)
    )
    if len(commitments) != count:
        raise RuntimeError(f"{len(commitments)} commitments for {count} decisions")
    floor = _copy_floor(commitments)
    result.rows.append(
        Row(
            name=f"decide {count} requests in meetings of {MEETING} (floor: their ledger rows)",
            figure=count / meetings,
            unit="decisions/s",
            floor=count / floor,
        )
    )
    # The ledger part alone: the same commitments as a meeting makes them, all of a
    # meeting's decisions in one money_commit_many, against COPY of those rows.
    economist = demo["users"]["okonom"]
    with stopwatch() as ledger_part, transaction.atomic():
        for start in range(0, count, MEETING):
            funding_services.money_commit_many(
                acting_user=economist,
                commitments=[
                    funding_services.Commitment(
                        subproject=subproject,
                        amount=Decimal("1000"),
                        idempotency_key=f"benk-commit:{index}",
                        reason="Benchmark decision",
                    )
                    for index in range(start, min(start + MEETING, count))
                ],
            )
    ratio = (count / ledger_part()) / (count / floor)
    result.rows.append(
        Row(
            name=f"  ledger part: {count} commitments, {MEETING} per call as a meeting makes them",
            figure=count / ledger_part(),
            unit="commitments/s",
            floor=count / floor,
            target=f"≥ {TARGET:.0%} of floor",
            met=ratio >= TARGET,
        )
    )
    # For comparison: one money_commit per decision, as meetings did before.
    with stopwatch() as one_by_one, transaction.atomic():
        for index in range(count):
            funding_services.money_commit(
                acting_user=economist,
                subproject=subproject,
                amount=Decimal("1000"),
                idempotency_key=f"benk-commit-one:{index}",
                reason="Benchmark decision",
            )
    result.rows.append(
        Row(
            name=f"  the same {count} commitments one by one (money_commit)",
            figure=count / one_by_one(),
            unit="commitments/s",
            floor=count / floor,
        )
    )
    rows = Leg.objects.filter(transaction_id__in=commitments).count() + len(commitments)
    result.notes.append(
        f"floor: {len(commitments)} transactions and their legs ({rows} rows in all) "
        f"written with COPY in {floor * 1000:.0f} ms, triggers and the deferred zero-sum "
        "check included, then rolled back"
    )
    return result
