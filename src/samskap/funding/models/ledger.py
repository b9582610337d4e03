"""The double-entry ledger of the pot: accounts, transactions and their legs.

Every account belongs to one grant scheme, and every transaction balances per scheme, so
each krone in a budget, a commitment or a payout can be traced to the scheme that paid it.
Balances are kept by a database trigger on each new leg and may never go below zero.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samskap.core.money import MoneyField


class AccountKind(models.TextChoices):
    INCOME = "income", _("Scheme income")
    POT = "pot", _("Pot (not allocated)")
    BUDGET = "budget", _("Sub-project budget")
    COMMITTED = "committed", _("Committed")
    PAID = "paid", _("Paid out")
    RETURNED = "returned", _("Returned to the state")


# Accounts that belong to the programme as a whole; the others to one sub-project and year.
PROGRAMME_KINDS = (AccountKind.INCOME, AccountKind.POT, AccountKind.RETURNED)
SUBPROJECT_KINDS = (AccountKind.BUDGET, AccountKind.COMMITTED, AccountKind.PAID)


class Account(models.Model):
    """One balance: e.g. "Stødig start, budget 2026, financed by scheme 846.61".

    The income account is credit-normal (its balance is what the scheme has paid in);
    all others are debit-normal (their balance is money sitting there).
    """

    agreement = models.ForeignKey(
        "funding.ProgrammeAgreement", on_delete=models.PROTECT, related_name="accounts"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AccountKind.choices)
    scheme = models.ForeignKey("funding.GrantScheme", on_delete=models.PROTECT, related_name="+")
    subproject = models.ForeignKey(
        "subprojects.SubProject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    # Maintained by the database (trigger on funding_leg); never written by Python.
    balance = MoneyField(_("balance"), default=0)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["agreement", "kind", "subproject", "year", "scheme"]
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="account_not_negative"),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind__in=[k.value for k in PROGRAMME_KINDS],
                        subproject__isnull=True,
                        year__isnull=True,
                    )
                    | Q(
                        kind__in=[k.value for k in SUBPROJECT_KINDS],
                        subproject__isnull=False,
                        year__isnull=False,
                    )
                ),
                name="account_shape_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["agreement", "kind", "scheme"],
                condition=Q(subproject__isnull=True),
                name="account_unique_programme",
            ),
            models.UniqueConstraint(
                fields=["agreement", "kind", "scheme", "subproject", "year"],
                condition=Q(subproject__isnull=False),
                name="account_unique_subproject",
            ),
        ]

    def __str__(self) -> str:
        parts = [self.get_kind_display()]
        if self.subproject_id:
            parts.append(f"{self.subproject} {self.year}")
        parts.append(self.scheme.budget_line)
        return " · ".join(parts)


class AccountMonth(models.Model):
    """What one account's balance moved by in one month of booking (its legs'
    transactions' `booked_on`), in the balance's own sign. Kept by the database with each
    new leg, as the balance is (trigger on funding_leg); never written by Python. The pot's
    burn-down reads these rows instead of every leg; `ledger_check` recomputes them."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="months")
    # The first day of the month.
    month = models.DateField(_("month"))
    change = MoneyField(_("change"), default=0)

    class Meta:
        verbose_name = _("account month")
        verbose_name_plural = _("account months")
        ordering = ["account", "month"]
        constraints = [
            models.UniqueConstraint(fields=["account", "month"], name="account_month_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.month:%Y-%m}: {self.change}"


class TransactionKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    ALLOCATION = "allocation", _("Allocation")
    REALLOCATION = "reallocation", _("Reallocation")
    COMMITMENT = "commitment", _("Commitment")
    PAYMENT = "payment", _("Payment")
    RELEASE = "release", _("Release")
    CARRY_OVER = "carry_over", _("Carry-over")
    RETURN = "return", _("Return of unspent money")
    REVERSAL = "reversal", _("Reversal")
    # A payout that came back from the bank after the period was closed: paid -> returned,
    # the only posting a closed period accepts (the database refuses any other).
    LATE_RETURN = "late_return", _("Returned after close")


class LedgerTransaction(models.Model):
    """One business event; its legs sum to zero per scheme. Never edited or deleted."""

    # Indexed with the date and id (Meta.indexes): a sub-project's postings page walks
    # its agreement's transactions newest first.
    agreement = models.ForeignKey(
        "funding.ProgrammeAgreement",
        on_delete=models.PROTECT,
        related_name="transactions",
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=12, choices=TransactionKind.choices)
    booked_on = models.DateField(_("booked on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    # The sub-project the event is about (both ends of a reallocation are in the legs).
    subproject = models.ForeignKey(
        "subprojects.SubProject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_transactions",
    )
    earmarked_scheme = models.ForeignKey(
        "funding.GrantScheme", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, unique=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    # A payout settles a commitment; a returned payout settles (undoes) that payout.
    settles = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="settled_by"
    )

    class Meta:
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")
        ordering = ["booked_on", "pk"]
        indexes = [
            models.Index(fields=["agreement", "booked_on", "id"], name="txn_agreement_booked"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="transaction_has_reason"),
            models.CheckConstraint(
                condition=Q(kind="reversal", reverses__isnull=False)
                | (~Q(kind="reversal") & Q(reverses__isnull=True)),
                name="transaction_reversal_has_original",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.booked_on}"

    @property
    def reason_text(self) -> str:
        """The reason in the reader's language (Samskap's own texts are stored as codes)."""
        from samskap.funding.ledger_texts import render_reason

        return render_reason(self.reason)

    @property
    def amount(self):
        """The size of the event: the sum of its debit legs."""
        return sum((leg.amount for leg in self.legs.all() if leg.direction == Direction.DEBIT), 0)


class Direction(models.TextChoices):
    DEBIT = "D", _("Debit")
    CREDIT = "C", _("Credit")


class Leg(models.Model):
    """One side of a transaction: a positive amount debited or credited to one account."""

    # Both indexed as pairs (Meta.indexes) instead of alone: the sub-project's postings
    # page asks "has this transaction a leg on these accounts?" and counts each account's
    # transactions from the index alone.
    transaction = models.ForeignKey(
        LedgerTransaction, on_delete=models.PROTECT, related_name="legs", db_index=False
    )
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="legs", db_index=False
    )
    # The account's scheme, copied so the commit-time zero-sum check reads legs only;
    # the database refuses a leg whose scheme differs from its account's.
    scheme = models.ForeignKey("funding.GrantScheme", on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(_("direction"), max_length=1, choices=Direction.choices)
    amount = MoneyField(_("amount (NOK)"))

    class Meta:
        verbose_name = _("leg")
        verbose_name_plural = _("legs")
        ordering = ["transaction", "pk"]
        indexes = [
            models.Index(fields=["transaction", "account"], name="leg_transaction_account"),
            models.Index(fields=["account", "transaction"], name="leg_account_transaction"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="leg_amount_positive"),
            models.CheckConstraint(condition=Q(direction__in=["D", "C"]), name="leg_direction"),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.account}: {self.amount}"

    @property
    def signed_amount(self):
        """Positive when the leg raises the account's balance."""
        raises = (self.direction == Direction.DEBIT) != (self.account.kind == AccountKind.INCOME)
        return self.amount if raises else -self.amount
