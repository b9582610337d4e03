"""Sending a survey's e-mail and SMS: at most once each, retried when the backend fails.

A message is claimed under a row lock (pending -> sending, committed) before it leaves,
then marked sent. Two workers on the same message: the second finds it claimed and does
nothing. A failure the backend reports puts it back to pending with a later attempt (up
to SAMSKAP_SURVEY_MAX_ATTEMPTS, then failed); an interruption between claim and send
leaves it "sending" for staff to see, never sent again by itself.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from samskap.audit.services import audit_record_create
from samskap.core.sms import send_sms
from samskap.effects.surveys import texts
from samskap.effects.surveys.links import survey_url
from samskap.effects.surveys.models import (
    Channel,
    MessageKind,
    MessageStatus,
    SurveyMessage,
)
from samskap.effects.surveys.services.queue import enqueue_message
from samskap.effects.surveys.services.scheduling import PAID_OUT, surveys_schedule
from samskap.payments.models import Payment
from samskap.people.models import Member, MemberRole

FIRST_RETRY = datetime.timedelta(minutes=5)


def _recipient(survey, channel: str) -> str:
    """The first adult's or young person's address for the channel, read when sending."""
    field = "email" if channel == Channel.EMAIL else "phone"
    members = (
        Member.objects.filter(household__support_requests__decision=survey.decision_id)
        .exclude(**{field: ""})
        .order_by("birth_year", "id")
    )
    grown = [member for member in members if member.role != MemberRole.CHILD]
    chosen = (grown or list(members))[:1]
    return getattr(chosen[0], field) if chosen else ""


def _deliver(message: SurveyMessage, address: str) -> None:
    survey = message.survey
    reminder = message.kind == MessageKind.REMINDER
    with translation.override(survey.language):
        values = {"url": survey_url(survey), "days": settings.SAMSKAP_SURVEY_LINK_DAYS}
        if message.channel == Channel.SMS:
            body = texts.SMS_REMINDER if reminder else texts.SMS_BODY
            send_sms(to=address, body=str(body) % values)
        else:
            subject = texts.EMAIL_REMINDER_SUBJECT if reminder else texts.EMAIL_SUBJECT
            send_mail(str(subject), str(texts.EMAIL_BODY) % values, None, [address])


def _claim(message_id: int, now) -> tuple[SurveyMessage | None, str]:
    with transaction.atomic():
        message = (
            SurveyMessage.objects.select_for_update()
            .select_related("survey")
            .filter(pk=message_id)
            .first()
        )
        if message is None or message.status != MessageStatus.PENDING:
            return None, message.status if message else "missing"
        if message.next_attempt_at > now:
            return None, "not_due"
        survey = message.survey
        paid_out = Payment.objects.filter(
            support_line__request__decision=survey.decision_id, status__in=PAID_OUT
        ).exists()
        # Answered already, the money came back, or no address: nothing to send, ever.
        address = _recipient(survey, message.channel) if paid_out and not survey.answered_at else ""
        if not address:
            message.status = MessageStatus.SKIPPED
            message.save(update_fields=["status"])
            return None, MessageStatus.SKIPPED
        message.status = MessageStatus.SENDING
        message.attempts += 1
        message.save(update_fields=["status", "attempts"])
        message.address = address
        return message, MessageStatus.SENDING


def survey_message_send(*, message_id: int, now: datetime.datetime | None = None) -> str:
    """Send one due message if nobody has; return its status afterwards."""
    now = now or timezone.now()
    message, status = _claim(message_id, now)
    if message is None:
        return status
    try:
        _deliver(message, message.address)
    except Exception as error:  # any backend failure: try again later, or give up
        return _failed(message, error, now)
    return _sent(message, now)


@transaction.atomic
def _sent(message: SurveyMessage, now) -> str:
    message.status = MessageStatus.SENT
    message.sent_at = now
    message.last_error = ""
    message.save(update_fields=["status", "sent_at", "last_error"])
    if message.kind == MessageKind.INVITATION:
        reminder, created = SurveyMessage.objects.get_or_create(
            survey=message.survey,
            channel=message.channel,
            kind=MessageKind.REMINDER,
            defaults={
                "next_attempt_at": now
                + datetime.timedelta(days=settings.SAMSKAP_SURVEY_REMINDER_DAYS)
            },
        )
        if created:
            enqueue_message(reminder)
    audit_record_create(
        actor=None,
        action="survey.message_sent",
        target=message.survey,
        new_values={"channel": message.channel, "kind": message.kind, "attempts": message.attempts},
        municipality=message.survey.municipality,
    )
    return MessageStatus.SENT


@transaction.atomic
def _failed(message: SurveyMessage, error: Exception, now) -> str:
    message.last_error = type(error).__name__[:100]
    if message.attempts >= settings.SAMSKAP_SURVEY_MAX_ATTEMPTS:
        message.status = MessageStatus.FAILED
    else:
        message.status = MessageStatus.PENDING
        message.next_attempt_at = now + FIRST_RETRY * 2 ** (message.attempts - 1)
        enqueue_message(message)
    message.save(update_fields=["status", "last_error", "next_attempt_at"])
    audit_record_create(
        actor=None,
        action="survey.message_failed",
        target=message.survey,
        new_values={
            "channel": message.channel,
            "kind": message.kind,
            "attempts": message.attempts,
            "error": message.last_error,
        },
        municipality=message.survey.municipality,
    )
    return message.status


def survey_messages_send_due(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Send every message that is due now (for cron, or a worker that was down)."""
    now = now or timezone.now()
    due = SurveyMessage.objects.filter(
        status=MessageStatus.PENDING, next_attempt_at__lte=now
    ).values_list("pk", flat=True)
    counts: dict[str, int] = {}
    for message_id in list(due):
        status = survey_message_send(message_id=message_id, now=now)
        counts[status] = counts.get(status, 0) + 1
    return counts


def survey_work(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """All due survey work once: make new surveys, then send what is due."""
    made = surveys_schedule(now=now)
    return {"scheduled": made, **survey_messages_send_due(now=now)}
