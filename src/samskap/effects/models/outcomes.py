"""Participants (a household member in a sub-project from a start to an end date) and
the outcomes staff record for them; a correction keeps the earlier value."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from samskap.effects.models.goals import VALUE_DIGITS


class ParticipantGroup(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    WAITING_LIST = "waiting_list", _("Comparison: waiting list")
    PREVIOUS_COHORT = "previous_cohort", _("Comparison: last year's cohort")


class ParticipantRole(models.TextChoices):
    """How a participant takes part: as one of the sub-project's target group (its age
    range applies) or as a family member of a household taking part (e.g. a parent in a
    family project; the age range does not apply). Comparison persons are always of the
    target group."""

    TARGET_GROUP = "target_group", _("Target group")
    FAMILY_MEMBER = "family_member", _("Family member")


class Participant(models.Model):
    subproject = models.ForeignKey(
        "subprojects.SubProject", on_delete=models.PROTECT, related_name="participants"
    )
    member = models.ForeignKey(
        "people.Member", on_delete=models.PROTECT, related_name="participations"
    )
    group = models.CharField(
        _("group"),
        max_length=20,
        choices=ParticipantGroup.choices,
        default=ParticipantGroup.PARTICIPANT,
    )
    role = models.CharField(
        _("takes part as"),
        max_length=20,
        choices=ParticipantRole.choices,
        default=ParticipantRole.TARGET_GROUP,
    )
    starts_on = models.DateField(_("enrolled from"))
    ends_on = models.DateField(_("enrolled until"), null=True, blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["subproject", "starts_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subproject", "member", "starts_on"], name="participant_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="participant_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(group__in=ParticipantGroup.values), name="participant_group_valid"
            ),
            models.CheckConstraint(
                condition=Q(role__in=ParticipantRole.values), name="participant_role_valid"
            ),
            # A comparison group is compared with the target group: family members take
            # part only as participants.
            models.CheckConstraint(
                condition=Q(role=ParticipantRole.TARGET_GROUP)
                | Q(group=ParticipantGroup.PARTICIPANT),
                name="participant_family_member_takes_part",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subproject_id}:{self.member_id}"


class OutcomeSource(models.TextChoices):
    SELF_REPORT = "self_report", _("Self-report")
    STAFF = "staff_observation", _("Staff observation")
    REGISTER = "register", _("Register")


class Outcome(models.Model):
    """One measurement of one indicator for one participant. Never edited: a correction is
    a new row pointing at the one it replaces, which stays as history (is_current off)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="outcomes")
    indicator = models.ForeignKey(
        "effects.Indicator", on_delete=models.PROTECT, related_name="outcomes"
    )
    value = models.DecimalField(_("value"), max_digits=VALUE_DIGITS, decimal_places=2)
    measured_on = models.DateField(_("measured on"))
    source = models.CharField(_("source"), max_length=20, choices=OutcomeSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(default=True)
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrected_by"
    )
    correction_reason = models.CharField(_("why it was corrected"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["participant", "indicator", "measured_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "indicator", "measured_on"],
                condition=Q(is_current=True),
                name="outcome_one_current_per_day",
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="outcome_correction_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(source__in=OutcomeSource.values), name="outcome_source_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}:{self.participant_id}={self.value}"
