"""Payment instructions to bank accounts, grouped into exported ISO 20022 batches.

A payment is paid exactly once: one instruction per support line (unique idempotency
key), one end-to-end id, and a batch keeps the file it was exported as so that a
re-export hands out the same file instead of making new payments.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samskap.core.money import MoneyField


class PaymentBatch(models.Model):
    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="payment_batches"
    )
    message_id = models.CharField(_("message id"), max_length=35, unique=True)
    created_at = models.DateTimeField(_("exported"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    payment_count = models.PositiveIntegerField(_("payments"))
    total = MoneyField(_("total (NOK)"))
    xml = models.TextField(_("pain.001 file"))

    class Meta:
        verbose_name = _("payment batch")
        verbose_name_plural = _("payment batches")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(total__gt=0), name="batch_total_positive"),
            models.CheckConstraint(condition=Q(payment_count__gt=0), name="batch_not_empty"),
        ]

    def __str__(self) -> str:
        return self.message_id

    @property
    def filename(self) -> str:
        return f"{self.message_id}.xml"


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for export")
    EXPORTED = "exported", _("Sent to the bank")
    RETURNED = "returned", _("Returned by the bank")


class Payment(models.Model):
    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="payments"
    )
    subproject = models.ForeignKey(
        "subprojects.SubProject", on_delete=models.PROTECT, related_name="payments"
    )
    support_line = models.OneToOneField(
        "support.SupportLine", on_delete=models.PROTECT, related_name="payment"
    )
    idempotency_key = models.CharField(max_length=64, unique=True)
    # The ledger key of the commitment this payout settles: payments names it without
    # knowing how support builds its keys.
    settles = models.CharField(max_length=64)
    end_to_end_id = models.CharField(_("end-to-end id"), max_length=35, unique=True)
    creditor_name = models.CharField(_("payee"), max_length=70)
    creditor_account = models.CharField(_("payee account"), max_length=11)
    amount = MoneyField(_("amount (NOK)"))
    remittance = models.CharField(_("message to payee"), max_length=140)
    status = models.CharField(
        _("status"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    batch = models.ForeignKey(
        PaymentBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    created_at = models.DateTimeField(_("instructed"), auto_now_add=True)
    exported_at = models.DateTimeField(_("payment exported"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    return_reason = models.CharField(_("return reason"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(condition=~Q(settles=""), name="payment_settles_a_commitment"),
            models.CheckConstraint(
                condition=Q(creditor_account__regex=r"^[0-9]{11}$"),
                name="payment_account_11_digits",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", batch__isnull=True, exported_at__isnull=True)
                | (
                    Q(status__in=["exported", "returned"])
                    & Q(batch__isnull=False)
                    & Q(exported_at__isnull=False)
                ),
                name="payment_batch_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return self.end_to_end_id
