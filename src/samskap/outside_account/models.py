"""The outside account's parameter library and its saved results.

A unit cost is versioned: revising one adds a row with the next version and its own
effective date, and never changes the old row, so a saved result that names the versions
it used can always be explained.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samskap.outside_account import engine


class Category(models.TextChoices):
    LOST_TAX = "lost_tax", _("Lost tax")
    DISABILITY_BENEFIT = "disability_benefit", _("Disability benefit")
    WORK_ASSESSMENT_ALLOWANCE = "work_assessment_allowance", _("Work assessment allowance")
    UNEMPLOYMENT_BENEFIT = "unemployment_benefit", _("Unemployment benefit")
    SOCIAL_ASSISTANCE = "social_assistance", _("Social assistance")
    CHILD_WELFARE = "child_welfare", _("Child welfare")
    HEALTH_SERVICES = "health_services", _("Health services")
    JUSTICE = "justice", _("Police, courts and prison")


class Payer(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    COUNTY = "county", _("County")
    STATE = "state", _("State")


# The engine counts categories and payers in this order.
assert tuple(Category.values) == engine.CATEGORIES
assert tuple(Payer.values) == engine.PAYERS


class TargetGroup(models.Model):
    key = models.SlugField(_("key"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"))

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UnitCost(models.Model):
    """One version of what one person in a target group costs a payer per year in one
    category. municipality None: the default shipped with Samskap."""

    target_group = models.ForeignKey(
        TargetGroup, on_delete=models.PROTECT, related_name="unit_costs"
    )
    municipality = models.ForeignKey(
        "core.Municipality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("category"), max_length=40, choices=Category.choices)
    payer = models.CharField(_("payer"), max_length=20, choices=Payer.choices)
    amount = models.DecimalField(_("amount per year"), max_digits=12, decimal_places=2)
    price_year = models.PositiveSmallIntegerField(_("price year"))
    source = models.TextField(_("source"))
    effective_from = models.DateField(_("effective from"))
    version = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("unit cost")
        verbose_name_plural = _("unit costs")
        ordering = ["target_group", "category", "payer", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["target_group", "municipality", "category", "payer", "version"],
                name="unit_cost_one_version_number",
            ),
            models.CheckConstraint(
                condition=Q(price_year__gte=1900) & Q(price_year__lte=2200),
                name="unit_cost_price_year_sensible",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="unit_cost_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.target_group} {self.category}/{self.payer} v{self.version}"


class SavedResult(models.Model):
    """A scenario as it was calculated and saved: the exact engine input, the unit cost
    versions and CPI series it used, and the result. Never updated."""

    subproject = models.ForeignKey(
        "subprojects.SubProject", on_delete=models.PROTECT, related_name="+"
    )
    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    target_group = models.ForeignKey(TargetGroup, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    settings = models.JSONField(_("settings"))
    scenario = models.JSONField(_("engine input"))
    unit_costs = models.ManyToManyField(UnitCost, related_name="+")
    cpi_series = models.CharField(_("price index"), max_length=200)
    npv = models.DecimalField(_("net present value"), max_digits=16, decimal_places=2)
    break_even_year_discounted = models.PositiveSmallIntegerField(null=True, blank=True)
    break_even_year_undiscounted = models.PositiveSmallIntegerField(null=True, blank=True)
    result = models.JSONField(_("result"))

    class Meta:
        verbose_name = _("saved outside account")
        verbose_name_plural = _("saved outside accounts")
        ordering = ["-saved_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subproject_id} {self.saved_at:%Y-%m-%d %H:%M}"
