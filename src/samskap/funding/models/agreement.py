"""Grant schemes, programme agreements, the yearly amount each scheme puts in, and receipts."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from samskap.core.money import MoneyField


class GrantScheme(models.Model):
    """A state grant scheme (tilskuddsordning): national, shared by all municipalities."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    ministry = models.CharField(_("ministry"), max_length=150)
    directorate = models.CharField(_("directorate"), max_length=150)
    budget_chapter = models.CharField(_("state budget chapter"), max_length=4)
    budget_post = models.CharField(_("state budget post"), max_length=2)
    reporting_duties = models.TextField(_("reporting duties"), blank=True)

    class Meta:
        verbose_name = _("grant scheme")
        verbose_name_plural = _("grant schemes")
        ordering = ["budget_chapter", "budget_post"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget_chapter", "budget_post"], name="scheme_unique_budget_line"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def budget_line(self) -> str:
        return f"{self.budget_chapter}.{self.budget_post}"


class ProgrammeAgreement(models.Model):
    """The programme agreement (prosjektavtale) pooling schemes into one pot."""

    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    name = models.CharField(_("name"), max_length=200)
    reference = models.CharField(_("reference"), max_length=50)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    # Set when the period is closed and unspent money returned; no posting after that.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme agreement")
        verbose_name_plural = _("programme agreements")
        ordering = ["municipality", "-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference"], name="agreement_unique_reference"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__lt=F("ends_on")), name="agreement_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def years(self) -> list[int]:
        return list(range(self.starts_on.year, self.ends_on.year + 1))

    def covers(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class SchemeYearAmount(models.Model):
    """What one scheme contributes to the pot in one year of the agreement."""

    agreement = models.ForeignKey(
        ProgrammeAgreement, on_delete=models.CASCADE, related_name="scheme_amounts"
    )
    scheme = models.ForeignKey(GrantScheme, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = MoneyField(_("amount (NOK)"))

    class Meta:
        verbose_name = _("yearly scheme amount")
        verbose_name_plural = _("yearly scheme amounts")
        ordering = ["agreement", "scheme", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "scheme", "year"], name="schemeyear_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="schemeyear_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.year}: {self.amount}"


class ProgrammeEffectGoal(models.Model):
    agreement = models.ForeignKey(
        ProgrammeAgreement, on_delete=models.CASCADE, related_name="effect_goals"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    description = models.TextField(_("effect goal"))

    class Meta:
        verbose_name = _("programme effect goal")
        verbose_name_plural = _("programme effect goals")
        ordering = ["agreement", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "position"], name="programmegoal_unique_position"
            )
        ]

    def __str__(self) -> str:
        return self.description


class GrantReceipt(models.Model):
    """Money from one scheme arriving in the municipality's account; posted to the pot."""

    agreement = models.ForeignKey(
        ProgrammeAgreement, on_delete=models.PROTECT, related_name="receipts"
    )
    scheme = models.ForeignKey(GrantScheme, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("received on"))
    amount = MoneyField(_("amount (NOK)"))
    reference = models.CharField(_("reference"), max_length=100)
    transaction = models.OneToOneField(
        "funding.LedgerTransaction", on_delete=models.PROTECT, related_name="receipt"
    )

    class Meta:
        verbose_name = _("grant receipt")
        verbose_name_plural = _("grant receipts")
        ordering = ["agreement", "received_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="receipt_amount_positive"),
            # One bank payment is one receipt: the same reference twice is a double entry.
            # Partial (an empty reference is refused by the service anyway), so SQLite adds
            # an index instead of rebuilding the append-only table, which drops its triggers.
            models.UniqueConstraint(
                fields=["agreement", "scheme", "reference"],
                condition=~Q(reference=""),
                name="receipt_reference_unique_per_scheme",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.received_on}: {self.amount}"
