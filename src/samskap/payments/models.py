"""Payment instructions to bank accounts, grouped into exported ISO 20022 batches.

A payment is paid exactly once: at most one live instruction per support line (a
returned or cancelled one may be followed by a new attempt with its own idempotency key
and end-to-end id), and a batch keeps the file it was exported as so that a re-export
hands out the same file instead of making new payments. The bank's answers are stored
as `ReturnsFile`s, one per file, so the same file twice changes nothing.
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
    # The bank day the file asks the bank to pay on (ReqdExctnDt); the stored file has it too.
    requested_execution_date = models.DateField(_("requested execution date"))
    xml = models.TextField(_("pain.001 file"))
    # A file that never reached the bank can be withdrawn: its payments go back to
    # waiting, and the stored file is kept for the record but no longer handed out as
    # current.
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.CharField(_("why it was withdrawn"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("payment batch")
        verbose_name_plural = _("payment batches")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(total__gt=0), name="batch_total_positive"),
            models.CheckConstraint(condition=Q(payment_count__gt=0), name="batch_not_empty"),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawn_reason=""),
                name="batch_withdrawn_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.message_id

    @property
    def filename(self) -> str:
        return f"{self.message_id}.xml"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class PaymentStatus(models.TextChoices):
    """Honest states: "sent to the bank" once the file is made, "paid" only when the bank
    confirms it (pain.002 accepted, or booked in camt.054)."""

    PENDING = "pending", _("Waiting for export")
    HELD = "held", _("Held")
    EXPORTED = "exported", _("Sent to the bank")
    PAID = "paid", _("Paid")
    RETURNED = "returned", _("Returned by the bank")
    CANCELLED = "cancelled", _("Cancelled")


# States without a batch (the payment is not, or no longer, in a file) and with one.
UNBATCHED_STATUSES = (PaymentStatus.PENDING, PaymentStatus.HELD, PaymentStatus.CANCELLED)
BATCHED_STATUSES = (PaymentStatus.EXPORTED, PaymentStatus.PAID, PaymentStatus.RETURNED)


class Payment(models.Model):
    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="payments"
    )
    subproject = models.ForeignKey(
        "subprojects.SubProject", on_delete=models.PROTECT, related_name="payments"
    )
    # One live payment per line (see the constraint); a returned one stays in history
    # when the line is paid again.
    support_line = models.ForeignKey(
        "support.SupportLine", on_delete=models.PROTECT, related_name="payments"
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
    # A KID goes to the bank as a structured creditor reference instead of the message.
    kid = models.CharField(_("KID"), max_length=25, blank=True)
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
    # Why the last export set this payment aside (it stays waiting); empty otherwise.
    problem = models.CharField(_("set aside because"), max_length=200, blank=True)
    # Why the economist held or cancelled it.
    status_reason = models.CharField(_("reason"), max_length=200, blank=True)
    # How many times a file with this payment was withdrawn: each export posts the payout
    # under a key of its own (`pay_key`), since a withdrawn payout was undone in the ledger.
    withdrawals = models.PositiveSmallIntegerField(default=0)
    # When a returns file confirmed the payment, and the day the bank says it paid.
    confirmed_at = models.DateTimeField(_("confirmed by the bank"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["created_at", "id"]
        # The payments overview lists each status of the municipality's payments: the
        # short lists (waiting, held, returned) are read by index, not by a scan of all.
        # Its counts and totals per status read the index alone on PostgreSQL (`include`;
        # SQLite ignores it): at `medium`, 10,000 payments in 2.7 ms instead of 8 ms of
        # table scan (issue 14).
        indexes = [
            models.Index(
                fields=["municipality", "status"],
                include=["amount", "problem"],
                name="payment_status_sums",
            )
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(condition=~Q(settles=""), name="payment_settles_a_commitment"),
            models.CheckConstraint(
                condition=Q(creditor_account__regex=r"^[0-9]{11}$"),
                name="payment_account_11_digits",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status__in=[s.value for s in UNBATCHED_STATUSES])
                    & Q(batch__isnull=True)
                    & Q(exported_at__isnull=True)
                )
                | (
                    Q(status__in=[s.value for s in BATCHED_STATUSES])
                    & Q(batch__isnull=False)
                    & Q(exported_at__isnull=False)
                ),
                name="payment_batch_matches_status",
            ),
            # Paying a line again is only possible once its earlier payment is out of play.
            models.UniqueConstraint(
                fields=["support_line"],
                condition=~Q(status__in=["returned", "cancelled"]),
                name="payment_one_live_per_support_line",
            ),
        ]

    def __str__(self) -> str:
        return self.end_to_end_id

    @property
    def status_reason_text(self) -> str:
        """Why the payment was held, released, corrected or cancelled, in the reader's
        language: a reason Samskap wrote itself is stored as a fixed text (see
        funding.ledger_texts) and translated here; one a person typed is shown as typed."""
        from samskap.funding.ledger_texts import render_reason

        return render_reason(self.status_reason)

    @property
    def return_reason_text(self) -> str:
        """The bank's reason in the reader's language where Samskap knows the words."""
        from samskap.payments.returns import reason_in_words

        return reason_in_words(self.return_reason)

    @property
    def pay_key(self) -> str:
        """The ledger key of this payment's current payout (committed -> paid): what a
        return or a withdrawal settles."""
        if self.withdrawals == 0:
            return f"payment:{self.pk}:pay"
        return f"payment:{self.pk}:pay:{self.withdrawals}"


class DebtorAccount(models.Model):
    """The programme's own bank account in one municipality: who pays, printed in its files.

    One per municipality; an export without one is refused. Changed only through
    `payments.services.debtor_account_set`, which validates the numbers. An account
    belongs to one legal entity, so no two municipalities pay from the same one or
    under the same organisation number (the service says so; the database refuses it too).
    """

    municipality = models.OneToOneField(
        "core.Municipality", on_delete=models.PROTECT, related_name="debtor_account"
    )
    name = models.CharField(_("account holder"), max_length=70)
    organisation_number = models.CharField(_("organisation number"), max_length=9)
    account = models.CharField(_("account number"), max_length=11)
    bic = models.CharField(_("BIC"), max_length=11)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("programme bank account")
        verbose_name_plural = _("programme bank accounts")
        constraints = [
            models.CheckConstraint(
                condition=Q(account__regex=r"^[0-9]{11}$"), name="debtor_account_11_digits"
            ),
            models.CheckConstraint(
                condition=Q(organisation_number__regex=r"^[0-9]{9}$"),
                name="debtor_orgnr_9_digits",
            ),
            models.CheckConstraint(
                condition=Q(bic__regex=r"^[A-Z0-9]{8}([A-Z0-9]{3})?$"), name="debtor_bic_shape"
            ),
            models.UniqueConstraint(fields=["account"], name="debtor_account_one_municipality"),
            models.UniqueConstraint(
                fields=["organisation_number"], name="debtor_organisation_one_municipality"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReturnsFile(models.Model):
    """One imported answer from the bank (returns CSV, pain.002 or camt.054).

    Unique per municipality by the file's SHA-256, so importing the same file again
    changes nothing. `report` keeps one row per line: end-to-end id, what happened or
    why it was left alone (codes; the page words them).
    """

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="returns_files"
    )
    digest = models.CharField(_("SHA-256"), max_length=64)
    kind = models.CharField(_("format"), max_length=10)
    message_id = models.CharField(_("message id"), max_length=35, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_count = models.PositiveIntegerField(_("returned"), default=0)
    paid_count = models.PositiveIntegerField(_("paid"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    report = models.JSONField(_("report"), default=list)

    class Meta:
        verbose_name = _("returns file")
        verbose_name_plural = _("returns files")
        ordering = ["-imported_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "digest"], name="returnsfile_once_per_municipality"
            ),
        ]

    def __str__(self) -> str:
        return self.filename or self.digest[:12]
