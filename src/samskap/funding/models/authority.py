"""Delegated authority ("within given limits"): how much one team role may grant alone."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samskap.core.money import MoneyField
from samskap.subprojects.models import TeamRole


class AuthorityLimit(models.Model):
    """A limit for a team role, for one sub-project or as the municipality's default."""

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="authority_limits"
    )
    subproject = models.ForeignKey(
        "subprojects.SubProject",
        verbose_name=_("sub-project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authority_limits",
    )
    team_role = models.CharField(_("role in team"), max_length=20, choices=TeamRole.choices)
    max_per_decision = MoneyField(_("maximum per decision (NOK)"))
    max_per_household_per_year = MoneyField(_("maximum per household per year (NOK)"))

    class Meta:
        verbose_name = _("delegated authority limit")
        verbose_name_plural = _("delegated authority limits")
        ordering = ["municipality", "subproject", "team_role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_per_decision__gt=0) & Q(max_per_household_per_year__gt=0),
                name="limit_amounts_positive",
            ),
            models.CheckConstraint(
                condition=Q(max_per_decision__lte=models.F("max_per_household_per_year")),
                name="limit_decision_within_year",
            ),
            models.UniqueConstraint(
                fields=["municipality", "team_role"],
                condition=Q(subproject__isnull=True),
                name="limit_unique_default",
            ),
            models.UniqueConstraint(
                fields=["subproject", "team_role"],
                condition=Q(subproject__isnull=False),
                name="limit_unique_subproject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_team_role_display()}: {self.max_per_decision}"


class AuthorityCeiling(models.Model):
    """The most anyone may be given in one sub-project; set by the municipality's economy.

    Every limit set for the sub-project stays under it, and limits set before it (or the
    municipality's defaults) are read as capped by it.
    """

    subproject = models.OneToOneField(
        "subprojects.SubProject",
        verbose_name=_("sub-project"),
        on_delete=models.PROTECT,
        related_name="authority_ceiling",
    )
    max_per_decision = MoneyField(_("ceiling per decision (NOK)"))
    max_per_household_per_year = MoneyField(_("ceiling per household per year (NOK)"))

    class Meta:
        verbose_name = _("authority ceiling")
        verbose_name_plural = _("authority ceilings")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_per_decision__gt=0) & Q(max_per_household_per_year__gt=0),
                name="ceiling_amounts_positive",
            ),
            models.CheckConstraint(
                condition=Q(max_per_decision__lte=models.F("max_per_household_per_year")),
                name="ceiling_decision_within_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subproject}: {self.max_per_decision}"
