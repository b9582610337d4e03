"""Access choke points for payments: the economist and administrator of a municipality.

Built on `accounts.access`. The write services in `payments.services` call
`require_payment_manager` themselves, so a caller that is not a view (an API, an import,
a job) cannot skip it. "Missing" and "not yours" raise the same NotFoundOrForbidden.
"""

from samskap.accounts.access import manages_municipality, require_municipality_manager
from samskap.core.errors import NotFoundOrForbidden
from samskap.payments.models import Payment, PaymentBatch, ReturnsFile


def sees_payments(user) -> bool:
    """True when `user` manages the payments of their own municipality (the payment pages
    show that municipality only)."""
    return (
        user is not None
        and user.is_authenticated
        and user.municipality_id is not None
        and manages_municipality(user, user.municipality_id)
    )


def require_payment_manager(*, user, municipality) -> None:
    """NotFoundOrForbidden unless `user` manages `municipality`'s payments.

    `user=None` is the system itself: `samskap export_payments`, run on the server by
    its operator, as funding's guards also treat it (the audit row then says "system").
    A web or API caller always passes its user, and an anonymous user is refused.
    """
    if user is None:
        return
    require_municipality_manager(
        user=user,
        municipality_id=municipality.pk if municipality is not None else None,
        what="payments",
    )


def access_batch(*, user, batch_id: int) -> PaymentBatch:
    """A payment batch of the municipality whose payments `user` manages."""
    if not sees_payments(user):
        raise NotFoundOrForbidden("batch")
    try:
        return PaymentBatch.objects.select_related("created_by", "municipality").get(
            pk=batch_id, municipality_id=user.municipality_id
        )
    except (PaymentBatch.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden("batch") from error


def access_payment(*, user, payment_id: int) -> Payment:
    """A payment of the municipality whose payments `user` manages."""
    if not sees_payments(user):
        raise NotFoundOrForbidden("payment")
    try:
        return Payment.objects.select_related("subproject", "batch", "municipality").get(
            pk=payment_id, municipality_id=user.municipality_id
        )
    except (Payment.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden("payment") from error


def access_returns_file(*, user, returns_file_id: int) -> ReturnsFile:
    """An imported bank answer of the municipality whose payments `user` manages."""
    if not sees_payments(user):
        raise NotFoundOrForbidden("returns file")
    try:
        return ReturnsFile.objects.select_related("imported_by").get(
            pk=returns_file_id, municipality_id=user.municipality_id
        )
    except (ReturnsFile.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden("returns file") from error
