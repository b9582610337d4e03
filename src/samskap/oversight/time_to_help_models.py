"""What the time-to-help page compares against and shows beside its figures.

The ordinary route's baseline (days of case processing for an individual decision, hours
per decision) is an assumption each municipality may set; the unit indicators (sick
leave, substitute costs) are typed in per quarter by the unit lead or the economist.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samskap.core.money import MoneyField

# The brief: "about 4 weeks of case processing" for an enkeltvedtak.
DEFAULT_ORDINARY_DAYS = 28
# Assumptions, not measurements: hours of case work per individual decision in the
# ordinary route, and hours per staff member involved in a Samskap case.
DEFAULT_HOURS_PER_ORDINARY_DECISION = "4.0"
DEFAULT_HOURS_PER_PERSON_PER_CASE = "1.0"


class RouteBaseline(models.Model):
    """One municipality's assumptions about the ordinary enkeltvedtak route."""

    municipality = models.OneToOneField(
        "core.Municipality", on_delete=models.PROTECT, related_name="route_baseline"
    )
    ordinary_days = models.PositiveSmallIntegerField(
        _("days from need to decision in the ordinary route"), default=DEFAULT_ORDINARY_DAYS
    )
    hours_per_ordinary_decision = models.DecimalField(
        _("hours of case work per individual decision"),
        max_digits=5,
        decimal_places=1,
        default=DEFAULT_HOURS_PER_ORDINARY_DECISION,
    )
    hours_per_person_per_case = models.DecimalField(
        _("hours per staff member involved in a case here"),
        max_digits=5,
        decimal_places=1,
        default=DEFAULT_HOURS_PER_PERSON_PER_CASE,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ordinary route baseline")
        verbose_name_plural = _("ordinary route baselines")
        constraints = [
            models.CheckConstraint(
                condition=Q(ordinary_days__gte=1) & Q(ordinary_days__lte=365),
                name="routebaseline_days_in_range",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_ordinary_decision__gt=0)
                & Q(hours_per_ordinary_decision__lte=200),
                name="routebaseline_ordinary_hours_in_range",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_person_per_case__gte=0)
                & Q(hours_per_person_per_case__lte=200),
                name="routebaseline_team_hours_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.ordinary_days}"


class UnitIndicator(models.Model):
    """A unit's sick leave and substitute costs in one quarter, typed in by hand."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    sick_leave_percent = models.DecimalField(
        _("sick leave (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    substitute_costs = MoneyField(_("substitute costs (NOK)"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("unit indicator")
        verbose_name_plural = _("unit indicators")
        ordering = ["organisation", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "quarter"], name="unitindicator_one_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="unitindicator_quarter"
            ),
            models.CheckConstraint(
                condition=Q(sick_leave_percent__isnull=True)
                | (Q(sick_leave_percent__gte=0) & Q(sick_leave_percent__lte=100)),
                name="unitindicator_sick_leave_percent",
            ),
            models.CheckConstraint(
                condition=Q(substitute_costs__isnull=True) | Q(substitute_costs__gte=0),
                name="unitindicator_costs_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(sick_leave_percent__isnull=False) | Q(substitute_costs__isnull=False),
                name="unitindicator_has_a_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.year}-Q{self.quarter}"
