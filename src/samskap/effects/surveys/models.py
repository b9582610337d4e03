"""A survey per support decision and round (weeks after the payout), and its messages.

The answers belong to the support given (the decision), not to a person: no name or
contact detail is stored here; the recipient is looked up when a message is sent.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Helped(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class AnsweredVia(models.TextChoices):
    LINK = "link", _("The citizen, through the link")
    CONVERSATION = "conversation", _("Staff, in a conversation")


class Survey(models.Model):
    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    subproject = models.ForeignKey(
        "subprojects.SubProject", on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey("support.Decision", on_delete=models.PROTECT, related_name="+")
    weeks_after = models.PositiveSmallIntegerField()
    paid_on = models.DateField()
    due_at = models.DateTimeField()
    language = models.CharField(max_length=8)
    # The random part of the link; the link is this, signed with a time stamp.
    nonce = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_via = models.CharField(max_length=12, choices=AnsweredVia.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    helped = models.CharField(max_length=8, choices=Helped.choices, blank=True)
    how_much = models.PositiveSmallIntegerField(null=True, blank=True)
    what_changed = models.TextField(blank=True)
    anything_else = models.TextField(blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "weeks_after"], name="survey_once_per_round"
            ),
            models.CheckConstraint(
                condition=Q(how_much__isnull=True) | Q(how_much__gte=1, how_much__lte=5),
                name="survey_how_much_1_to_5",
            ),
            # Unanswered: no answer at all. Answered: who, and both closed questions.
            models.CheckConstraint(
                condition=(
                    Q(answered_at__isnull=True, answered_via="", helped="", how_much__isnull=True)
                    | (
                        Q(answered_at__isnull=False, how_much__isnull=False)
                        & Q(answered_via__in=["link", "conversation"])
                        & Q(helped__in=["yes", "partly", "no"])
                    )
                ),
                name="survey_answer_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"Survey {self.pk} ({self.weeks_after} weeks)"


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class MessageKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    REMINDER = "reminder", _("Reminder")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be sent")
    SKIPPED = "skipped", _("Not needed")


class SurveyMessage(models.Model):
    """One e-mail or SMS of a survey. Claimed (sending) before it leaves, so it is sent at
    most once: a message whose sending was interrupted stays "being sent", never resent."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="messages")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    kind = models.CharField(max_length=12, choices=MessageKind.choices)
    status = models.CharField(
        max_length=8, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    next_attempt_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The kind of failure only (an exception's class), never an address or a text.
    last_error = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["next_attempt_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "channel", "kind"], name="surveymessage_once_per_channel"
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False)
                | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="surveymessage_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.kind} of survey {self.survey_id}"
