"""Read side of payments: the economist (and administrator) of the municipality only."""

from django.db.models import QuerySet

from samskap.accounts.models import Role
from samskap.core.errors import NotFoundOrForbidden
from samskap.payments.models import Payment, PaymentBatch, PaymentStatus

PAYMENT_ROLES = frozenset({Role.ECONOMIST, Role.ADMINISTRATOR})


def sees_payments(user) -> bool:
    return user.is_authenticated and user.role in PAYMENT_ROLES and user.municipality_id is not None


def batches_visible_to(*, user) -> QuerySet[PaymentBatch]:
    if not sees_payments(user):
        return PaymentBatch.objects.none()
    return PaymentBatch.objects.filter(municipality_id=user.municipality_id).select_related(
        "created_by"
    )


def batch_for(*, user, batch_id: int) -> PaymentBatch:
    try:
        return batches_visible_to(user=user).get(pk=batch_id)
    except PaymentBatch.DoesNotExist as error:
        raise NotFoundOrForbidden("batch") from error


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
