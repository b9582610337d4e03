"""Read side of payments: the economist (and administrator) of the municipality only."""

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum

from samskap.core.rows import sql_money
from samskap.payments.access import sees_payments
from samskap.payments.models import (
    DebtorAccount,
    Payment,
    PaymentBatch,
    PaymentStatus,
    ReturnsFile,
)


def batches_visible_to(*, user) -> QuerySet[PaymentBatch]:
    if not sees_payments(user):
        return PaymentBatch.objects.none()
    # Never the stored file itself (megabytes for a large batch) in a list: `xml` is read
    # only when the file is downloaded.
    return (
        PaymentBatch.objects.filter(municipality_id=user.municipality_id)
        .select_related("created_by", "withdrawn_by")
        .defer("xml")
    )


def payments_visible_to(*, user) -> QuerySet[Payment]:
    if not sees_payments(user):
        return Payment.objects.none()
    # The batch without its stored file: joined to every payment of a page, a 10,000
    # payment batch's XML was copied into each row (1 GB in one worker at `medium`).
    return (
        Payment.objects.filter(municipality_id=user.municipality_id)
        .select_related("subproject", "batch")
        .defer("batch__xml")
    )


def pending_payments(*, user) -> QuerySet[Payment]:
    """Waiting for the next export (set-aside ones included: the export tries them again)."""
    return payments_visible_to(user=user).filter(status=PaymentStatus.PENDING)


def waiting_payments(*, user) -> QuerySet[Payment]:
    """Waiting, with nothing the last export found wrong."""
    return pending_payments(user=user).filter(problem="")


def set_aside_payments(*, user) -> QuerySet[Payment]:
    """Waiting, but the last export could not write them: `problem` says why."""
    return pending_payments(user=user).exclude(problem="")


def held_payments(*, user) -> QuerySet[Payment]:
    return payments_visible_to(user=user).filter(status=PaymentStatus.HELD)


def returned_payments(*, user) -> QuerySet[Payment]:
    return payments_visible_to(user=user).filter(status=PaymentStatus.RETURNED)


# Past the queue: sent to the bank, paid, returned or cancelled.
SETTLED_STATUSES = (
    PaymentStatus.EXPORTED,
    PaymentStatus.PAID,
    PaymentStatus.RETURNED,
    PaymentStatus.CANCELLED,
)


def settled_payments(*, user) -> QuerySet[Payment]:
    """Past the queue: sent to the bank, paid, returned or cancelled; newest first."""
    return payments_visible_to(user=user).filter(status__in=SETTLED_STATUSES).order_by("-id")


def status_summary(*, user) -> list[dict]:
    """Count and total per honest status, in the order of PaymentStatus, and how many of
    each the last export set aside (`set_aside`: a problem noted); one query."""
    rows = {
        row["status"]: row
        for row in payments_visible_to(user=user)
        .order_by()
        .values("status")
        .annotate(
            count=Count("id"), total=Sum("amount"), set_aside=Count("id", filter=~Q(problem=""))
        )
    }
    return _summary(rows)


def _summary(rows: dict) -> list[dict]:
    """Every status in the order of PaymentStatus, with its row's figures (none: 0)."""
    return [
        {
            "status": status,
            "label": status.label,
            "count": rows.get(status, {}).get("count", 0),
            "total": rows.get(status, {}).get("total") or 0,
            "set_aside": rows.get(status, {}).get("set_aside", 0),
        }
        for status in PaymentStatus
    ]


# The overview's counts in one statement: each status's payments (count, total, how many
# the last export set aside), then the batches as a row without a status (issue 14: the
# ORM took longer to build these two queries than the database took to answer them).
_SUMMARY_SQL = (
    "SELECT status, COUNT(*), SUM(amount), COUNT(CASE WHEN problem <> '' THEN 1 END)"
    " FROM payments_payment WHERE municipality_id = %s GROUP BY status"
    " UNION ALL"
    " SELECT NULL, COUNT(*), NULL, NULL FROM payments_paymentbatch WHERE municipality_id = %s"
)


def overview_summary(*, user) -> tuple[list[dict], int]:
    """`status_summary` and the number of `batches_visible_to`, in one written-out
    statement (the payments overview shows both on every list)."""
    rows: dict = {}
    batches = 0
    if sees_payments(user):
        with connection.cursor() as cursor:
            cursor.execute(_SUMMARY_SQL, [user.municipality_id, user.municipality_id])
            fetched = cursor.fetchall()
        for status, count, total, set_aside in fetched:
            if status is None:
                batches = count
            else:
                rows[status] = {"count": count, "total": sql_money(total), "set_aside": set_aside}
    return _summary(rows), batches


def debtor_account_of(*, user) -> DebtorAccount | None:
    if not sees_payments(user):
        return None
    return DebtorAccount.objects.filter(municipality_id=user.municipality_id).first()


def returns_files_visible_to(*, user) -> QuerySet[ReturnsFile]:
    if not sees_payments(user):
        return ReturnsFile.objects.none()
    return ReturnsFile.objects.filter(municipality_id=user.municipality_id).select_related(
        "imported_by"
    )
