"""After the pilot: which ordinary service takes over a participant, from when, and who
there is responsible (a role in an organisation, never a person's name)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OrdinaryService(models.TextChoices):
    NAV = "nav", _("NAV follow-up")
    CHILD_WELFARE = "child_welfare", _("Child welfare service")
    SCHOOL = "school", _("Kindergarten or school")
    HEALTH = "health", _("Health service")
    HOUSING = "housing", _("Housing service")
    QUALIFICATION = "qualification", _("Introduction programme or qualification")
    LEISURE = "leisure", _("Culture and leisure")
    OTHER = "other", _("Another municipal service")


class ResponsibleRole(models.TextChoices):
    CASE_WORKER = "case_worker", _("Case worker or adviser")
    COORDINATOR = "coordinator", _("Coordinator")
    CONTACT_TEACHER = "contact_teacher", _("Contact teacher")
    HEALTH_NURSE = "health_nurse", _("Public health nurse")
    UNIT_LEAD = "unit_lead", _("Unit lead")
    OTHER = "other", _("Another role")


class ContinuationPlan(models.Model):
    participant = models.OneToOneField(
        "effects.Participant", on_delete=models.PROTECT, related_name="continuation_plan"
    )
    service = models.CharField(
        _("ordinary service that takes over"), max_length=20, choices=OrdinaryService.choices
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation responsible"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_role = models.CharField(
        _("role responsible"), max_length=20, choices=ResponsibleRole.choices
    )
    starts_on = models.DateField(_("takes over from"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("continuation plan")
        verbose_name_plural = _("continuation plans")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(service__in=OrdinaryService.values),
                name="continuationplan_service_valid",
            ),
            models.CheckConstraint(
                condition=Q(responsible_role__in=ResponsibleRole.values),
                name="continuationplan_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.service}"
