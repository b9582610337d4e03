"""Read side of payments: the economist (and administrator) of the municipality only."""

from django.db.models import Count, Q, QuerySet, Sum

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
