"""Read side of payments: the economist (and administrator) of the municipality only."""

from django.db.models import QuerySet

from samskap.payments.access import sees_payments
from samskap.payments.models import Payment, PaymentBatch, PaymentStatus


def batches_visible_to(*, user) -> QuerySet[PaymentBatch]:
    if not sees_payments(user):
        return PaymentBatch.objects.none()
    return PaymentBatch.objects.filter(municipality_id=user.municipality_id).select_related(
        "created_by"
    )


def pending_payments(*, user) -> QuerySet[Payment]:
    if not sees_payments(user):
        return Payment.objects.none()
    return Payment.objects.filter(
        municipality_id=user.municipality_id, status=PaymentStatus.PENDING
    ).select_related("subproject")


def returned_payments(*, user) -> QuerySet[Payment]:
    if not sees_payments(user):
        return Payment.objects.none()
    return Payment.objects.filter(
        municipality_id=user.municipality_id, status=PaymentStatus.RETURNED
    ).select_related("subproject", "batch")
