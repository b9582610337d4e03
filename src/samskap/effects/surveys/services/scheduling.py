"""Surveys are made for each paid support decision, one per round (weeks after payout)."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from samskap.audit.services import audit_record_create
from samskap.core.citizen.languages import first_citizen_language
from samskap.effects.surveys.links import new_nonce
from samskap.effects.surveys.models import Channel, MessageKind, Survey, SurveyMessage
from samskap.effects.surveys.services.queue import enqueue_message
from samskap.payments.models import Payment, PaymentStatus
from samskap.people.selectors import household_languages
from samskap.support.models import Decision

SEND_AT = datetime.time(10, 0)
PAID_OUT = (PaymentStatus.EXPORTED, PaymentStatus.PAID)  # a decent hour of the day, in Oslo


def _due_at(paid_on: datetime.date, weeks: int) -> datetime.datetime:
    day = paid_on + datetime.timedelta(weeks=weeks)
    return timezone.make_aware(datetime.datetime.combine(day, SEND_AT))


def _paid_decisions() -> dict[int, datetime.date]:
    """Decision id -> the day of its first payout: the bank's confirmed payment day, or the
    day it went to the bank while the bank has not answered yet (money reaches a Norwegian
    account the next banking day; a payment the bank returns is no payout, see sending)."""
    rows = (
        Payment.objects.filter(status__in=PAID_OUT)
        .exclude(support_line__request__decision__isnull=True)
        .values_list("support_line__request__decision", "paid_on", "exported_at")
    )
    first: dict[int, datetime.date] = {}
    for decision_id, paid_on, exported_at in rows:
        day = paid_on or (timezone.localdate(exported_at) if exported_at else None)
        if day is not None and (decision_id not in first or day < first[decision_id]):
            first[decision_id] = day
    return first


def surveys_schedule(*, now: datetime.datetime | None = None) -> int:
    """Make the surveys of every paid decision that has none for a round yet; return how many.

    Run by the system (the worker or cron), never by a user. A round whose link would
    already have expired is not made (a question months late helps nobody). Idempotent:
    a second run, or two at once, make each survey once (the unique constraint decides).
    """
    now = now or timezone.now()
    paid = _paid_decisions()
    existing = set(
        Survey.objects.filter(decision_id__in=paid).values_list("decision_id", "weeks_after")
    )
    latest = datetime.timedelta(days=settings.SAMSKAP_SURVEY_LINK_DAYS)
    made = 0
    for decision_id, paid_on in sorted(paid.items()):
        for weeks in settings.SAMSKAP_SURVEY_WEEKS:
            due_at = _due_at(paid_on, weeks)
            if (decision_id, weeks) in existing or due_at + latest < now:
                continue
            made += _schedule_one(
                decision_id=decision_id, weeks=weeks, paid_on=paid_on, due_at=due_at
            )
    return made


def _schedule_one(*, decision_id: int, weeks: int, paid_on, due_at) -> int:
    decision = Decision.objects.select_related(
        "request__letter", "request__household", "request__subproject"
    ).get(pk=decision_id)
    if decision.cancelled_at is not None:
        return 0
    household = decision.request.household
    language = first_citizen_language(
        decision.request.letter.language, *household_languages(household_id=household.pk)
    )
    try:
        with transaction.atomic():
            survey = Survey.objects.create(
                municipality_id=household.municipality_id,
                subproject=decision.request.subproject,
                decision=decision,
                weeks_after=weeks,
                paid_on=paid_on,
                due_at=due_at,
                language=language,
                nonce=new_nonce(),
            )
            for channel in Channel.values:
                message = SurveyMessage.objects.create(
                    survey=survey,
                    channel=channel,
                    kind=MessageKind.INVITATION,
                    next_attempt_at=due_at,
                )
                enqueue_message(message)
            audit_record_create(
                actor=None,
                action="survey.schedule",
                target=survey,
                new_values={"decision": decision.pk, "weeks_after": weeks, "due_at": due_at},
                municipality=household.municipality,
            )
    except IntegrityError:
        return 0  # another worker made it at the same moment
    return 1
