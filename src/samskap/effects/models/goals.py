"""Effect goals (for the programme or one sub-project), their indicators and tags, and the
link from a support decision or help task to the goal it serves."""

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round
from django.utils.translation import gettext_lazy as _

from samskap.effects.sdg import SDG_CHOICES, SDG_TARGETS

VALUE_DIGITS = 14


class PlanGoal(models.Model):
    """A goal of the municipality's own plans (kommuneplanens samfunnsdel and the like)."""

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="plan_goals"
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("plan goal"), max_length=200)

    class Meta:
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")
        ordering = ["municipality", "code"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="plangoal_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Goal(models.Model):
    """An effect goal of the programme (no sub-project) or of one sub-project."""

    agreement = models.ForeignKey(
        "funding.ProgrammeAgreement", on_delete=models.PROTECT, related_name="goals"
    )
    subproject = models.ForeignKey(
        "subprojects.SubProject",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="goals",
        help_text=_("Empty for a goal of the whole programme."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("effect goal"), max_length=200)
    plan_goals = models.ManyToManyField(
        PlanGoal, blank=True, related_name="goals", verbose_name=_("plan goals")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("effect goal")
        verbose_name_plural = _("effect goals")
        ordering = ["agreement", "subproject", "position", "id"]

    def __str__(self) -> str:
        return self.title


class GoalSdgTarget(models.Model):
    """A tag with one target of the UN Sustainable Development Goals (fixed list, sdg.py)."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="sdg_targets")
    code = models.CharField(_("SDG target"), max_length=5, choices=SDG_CHOICES)

    class Meta:
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")
        ordering = ["goal", "code"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "code"], name="goalsdg_unique_code"),
            models.CheckConstraint(
                condition=Q(code__in=list(SDG_TARGETS)), name="goalsdg_code_in_reference_list"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class IndicatorKind(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved (yes/no)")
    COUNT = "count", _("Count")
    SCALE = "scale", _("Scale 1–5")
    AMOUNT = "amount", _("Amount (NOK)")


class IndicatorDirection(models.TextChoices):
    """Which way is better: most indicators aim up; unpaid bills or police reports aim down
    (target 0), and a participant reaches the target at or below it."""

    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class RecordedBy(models.TextChoices):
    CONTACT_PERSON = "contact_person", _("The contact person")
    TEAM = "team", _("The team")
    PROJECT_LEAD = "project_lead", _("The sub-project lead")
    ECONOMIST = "economist", _("The economist")


# What a target and a baseline may be, per kind: an "achieved" target is the share of
# participants in per cent; a count is whole and not negative; a scale lies in 1–5.
def _in_range(field: str) -> Q:
    whole = Q(**{field: Round(F(field))})
    return (
        (Q(kind="achieved") & Q(**{f"{field}__gte": 0}) & Q(**{f"{field}__lte": 100}))
        | (Q(kind="count") & Q(**{f"{field}__gte": 0}) & whole)
        | (Q(kind="scale") & Q(**{f"{field}__gte": 1}) & Q(**{f"{field}__lte": 5}))
        | (Q(kind="amount") & Q(**{f"{field}__gte": 0}))
    )


class Indicator(models.Model):
    """How a goal is measured: kind, target, baseline, when, how and by whom."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    name = models.CharField(_("indicator"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=IndicatorKind.choices)
    target = models.DecimalField(_("target"), max_digits=VALUE_DIGITS, decimal_places=2)
    direction = models.CharField(
        _("direction"),
        max_length=6,
        choices=IndicatorDirection.choices,
        default=IndicatorDirection.HIGHER,
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=VALUE_DIGITS, decimal_places=2, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    measured_when = models.CharField(_("when it is measured"), max_length=200)
    measured_how = models.CharField(_("how it is measured"), max_length=200)
    recorded_by = models.CharField(_("who records it"), max_length=20, choices=RecordedBy.choices)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["goal", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=IndicatorKind.values), name="indicator_kind_valid"
            ),
            models.CheckConstraint(
                condition=_in_range("target"), name="indicator_target_fits_kind"
            ),
            # A yes/no indicator is worded so that yes is the goal ("no new police report").
            models.CheckConstraint(
                condition=Q(direction=IndicatorDirection.HIGHER)
                | (Q(direction=IndicatorDirection.LOWER) & ~Q(kind="achieved")),
                name="indicator_direction_valid",
            ),
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True) | _in_range("baseline_value"),
                name="indicator_baseline_fits_kind",
            ),
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True, baseline_date__isnull=True)
                | Q(baseline_value__isnull=False, baseline_date__isnull=False),
                name="indicator_baseline_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class GoalLink(models.Model):
    """The goal a support decision or a help task serves; kept here because support stands
    below effects. Money spent per goal follows from the linked decisions' postings."""

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="links")
    decision = models.OneToOneField(
        "support.Decision", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    help_task = models.OneToOneField(
        "support.OtherHelp", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("goal served")
        verbose_name_plural = _("goals served")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__isnull=False, help_task__isnull=True)
                | Q(decision__isnull=True, help_task__isnull=False),
                name="goallink_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.goal_id}:{self.decision_id or self.help_task_id}"
