"""Answers: from the citizen through the link, or written down by staff in a conversation."""

import unicodedata
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from samskap.audit.services import audit_record_create
from samskap.core.errors import DomainError
from samskap.effects.surveys import texts
from samskap.effects.surveys.access import access_survey
from samskap.effects.surveys.links import (
    ALREADY_ANSWERED,
    LINK_INVALID,
    SurveyLinkRefused,
    read_survey_token,
)
from samskap.effects.surveys.models import (
    AnsweredVia,
    Helped,
    MessageStatus,
    Survey,
    SurveyMessage,
)


class CitizenOnly(DomainError):
    """The link was opened in a logged-in staff session."""


@dataclass(frozen=True)
class SurveyAnswer:
    helped: str
    how_much: int | str | None
    what_changed: str = ""
    anything_else: str = ""


def refuse_staff_session(signed_in_user) -> None:
    if signed_in_user is not None and signed_in_user.is_authenticated:
        raise CitizenOnly(texts.STAFF_ONLY_CITIZEN)


def survey_for_token(*, token: str) -> Survey:
    """The survey a genuine, fresh link names, or SurveyLinkRefused (also when answered)."""
    survey = Survey.objects.filter(nonce=read_survey_token(token)).first()
    if survey is None:
        raise SurveyLinkRefused(LINK_INVALID)
    if survey.answered_at is not None:
        raise SurveyLinkRefused(ALREADY_ANSWERED)
    return survey


def _free_text(value: str, field: str) -> str:
    text = unicodedata.normalize("NFC", value or "").strip()
    if len(text) > texts.ANSWER_LENGTH:
        raise DomainError(
            texts.TOO_LONG % {"max": texts.ANSWER_LENGTH, "length": len(text)}, field=field
        )
    return text


def _checked(answer: SurveyAnswer) -> dict:
    if answer.helped not in Helped.values:
        raise DomainError(texts.CHOOSE_HELPED, field="helped")
    try:
        how_much = int(answer.how_much)
    except (TypeError, ValueError):
        how_much = 0
    if not 1 <= how_much <= 5 or str(answer.how_much).strip() != str(how_much):
        raise DomainError(texts.CHOOSE_HOW_MUCH, field="how_much")
    return {
        "helped": answer.helped,
        "how_much": how_much,
        "what_changed": _free_text(answer.what_changed, "what_changed"),
        "anything_else": _free_text(answer.anything_else, "anything_else"),
    }


def _store(survey: Survey, values: dict, *, via: str, recorded_by=None) -> Survey:
    for name, value in values.items():
        setattr(survey, name, value)
    survey.answered_at = timezone.now()
    survey.answered_via = via
    survey.recorded_by = recorded_by
    survey.save()
    # Nothing more to ask: reminders not yet sent are not needed.
    SurveyMessage.objects.filter(survey=survey, status=MessageStatus.PENDING).update(
        status=MessageStatus.SKIPPED
    )
    audit_record_create(
        actor=recorded_by,
        action="survey.answer",
        target=survey,
        new_values={
            "via": via,
            "helped": survey.helped,
            "how_much": survey.how_much,
            "what_changed_given": bool(survey.what_changed),
            "anything_else_given": bool(survey.anything_else),
        },
        municipality=survey.municipality,
    )
    return survey


@transaction.atomic
def survey_answer(*, token: str, answer: SurveyAnswer, signed_in_user=None) -> Survey:
    """The citizen answers once; an old, forged or used link, or a bad answer, stores nothing."""
    refuse_staff_session(signed_in_user)
    survey = survey_for_token(token=token)
    values = _checked(answer)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.answered_at is not None:  # answered in another tab a moment ago
        raise SurveyLinkRefused(ALREADY_ANSWERED)
    return _store(survey, values, via=AnsweredVia.LINK)


@transaction.atomic
def survey_record_conversation(*, acting_user, survey_id: int, answer: SurveyAnswer) -> Survey:
    """A team member writes down what the citizen said in a conversation."""
    survey = access_survey(user=acting_user, survey_id=survey_id, for_write=True)
    values = _checked(answer)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.answered_at is not None:
        raise DomainError(texts.ALREADY_RECORDED)
    return _store(survey, values, via=AnsweredVia.CONVERSATION, recorded_by=acting_user)
