"""Sub-projects of a programme agreement, their effect goals and interdisciplinary teams."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class SubProject(models.Model):
    agreement = models.ForeignKey(
        "funding.ProgrammeAgreement",
        verbose_name=_("programme agreement"),
        on_delete=models.PROTECT,
        related_name="subprojects",
    )
    name = models.CharField(_("name"), max_length=150)
    summary = models.TextField(_("summary"))
    target_group = models.TextField(_("target group"))
    age_from = models.PositiveSmallIntegerField(_("age from"))
    age_to = models.PositiveSmallIntegerField(_("age to"))

    class Meta:
        verbose_name = _("sub-project")
        verbose_name_plural = _("sub-projects")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "name"], name="subproject_unique_name"),
            models.CheckConstraint(
                condition=Q(age_from__lte=F("age_to")) & Q(age_to__lte=24),
                name="subproject_age_range_0_24",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EffectGoal(models.Model):
    subproject = models.ForeignKey(
        SubProject, on_delete=models.CASCADE, related_name="effect_goals"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    description = models.TextField(_("effect goal"))
    indicator = models.CharField(_("indicator"), max_length=200)

    class Meta:
        verbose_name = _("effect goal")
        verbose_name_plural = _("effect goals")
        ordering = ["subproject", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["subproject", "position"], name="effectgoal_unique_position"
            )
        ]

    def __str__(self) -> str:
        return self.description


class TeamRole(models.TextChoices):
    LEAD = "lead", _("Sub-project lead")
    CONTACT_PERSON = "contact_person", _("Contact person")
    MEMBER = "member", _("Team member")


class TeamMembership(models.Model):
    """A seat on a sub-project's interdisciplinary team; it is what grants access."""

    subproject = models.ForeignKey(SubProject, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_memberships"
    )
    team_role = models.CharField(_("role in team"), max_length=20, choices=TeamRole.choices)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        ordering = ["subproject", "team_role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["subproject", "user"], name="membership_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.subproject}"
