"""Thresholds of the misuse signals per municipality, and the reviews of signals.

A signal itself is never stored: it is computed from the decisions when asked
(`samskap.oversight.signals`), named by a stable key. A review records what a lead or the
economist concluded about the signal with that key.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samskap.core.money import MoneyField


def _whole(label, default: int, low: int, high: int):
    return models.PositiveSmallIntegerField(
        label, default=default, validators=[MinValueValidator(low), MaxValueValidator(high)]
    )


class SignalThresholds(models.Model):
    """When each signal fires, for one municipality. The defaults are what a municipality
    gets until its economist or administrator changes them."""

    municipality = models.OneToOneField(
        "core.Municipality", on_delete=models.PROTECT, related_name="signal_thresholds"
    )
    staff_factor = models.DecimalField(
        _("times the team's median (proposals or approvals)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("2.0"),
        validators=[MinValueValidator(Decimal("1.1")), MaxValueValidator(Decimal("20"))],
    )
    staff_min_count = _whole(_("at least this many in a year"), 10, 2, 1000)
    repeat_count = _whole(_("supports to one household in a year"), 6, 2, 1000)
    repeat_amount = MoneyField(
        _("total to one household in a year (NOK)"), default=Decimal("60000.00")
    )
    split_window_days = _whole(_("days between split requests"), 14, 1, 365)
    mutual_min_count = _whole(_("confirmations between two people"), 5, 2, 1000)
    mutual_factor = models.DecimalField(
        _("times what chance gives"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("2.0"),
        validators=[MinValueValidator(Decimal("1.1")), MaxValueValidator(Decimal("20"))],
    )
    account_days = _whole(_("days from account change to payment"), 14, 1, 365)
    account_large_amount = MoneyField(_("a large payment (NOK)"), default=Decimal("10000.00"))
    account_households = _whole(_("households on one account"), 2, 2, 100)
    target_margin_years = _whole(_("years outside the age range"), 0, 0, 24)
    several_subprojects = _whole(_("sub-projects at once"), 2, 2, 20)
    several_window_days = _whole(_("days counted as at once"), 90, 1, 366)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("signal thresholds")
        verbose_name_plural = _("signal thresholds")
        constraints = [
            models.CheckConstraint(
                condition=Q(repeat_amount__gt=0) & Q(account_large_amount__gt=0),
                name="signal_thresholds_amounts_positive",
            ),
            models.CheckConstraint(
                condition=Q(staff_factor__gt=1) & Q(mutual_factor__gt=1),
                name="signal_thresholds_factors_above_one",
            ),
        ]

    def __str__(self) -> str:
        return str(self.municipality_id)


class ReviewOutcome(models.TextChoices):
    FINE = "fine", _("Fine: nothing to follow up")
    FOLLOW_UP = "follow_up", _("Follow up")
    REPORT = "report", _("Report")


class SignalReview(models.Model):
    """What a lead or the economist concluded about one signal. The note stays here, never
    in the audit trail."""

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    key = models.CharField(_("signal"), max_length=120)
    kind = models.CharField(_("kind of signal"), max_length=30)
    outcome = models.CharField(_("outcome"), max_length=10, choices=ReviewOutcome.choices)
    note = models.TextField(_("note"), max_length=1000)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), auto_now_add=True)

    class Meta:
        verbose_name = _("signal review")
        verbose_name_plural = _("signal reviews")
        ordering = ["-reviewed_at", "-id"]
        indexes = [models.Index(fields=["municipality", "key"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=ReviewOutcome.values), name="signal_review_outcome_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.outcome}"
