"""Writes of the perceived-effect survey: scheduling, sending, answering."""

from samskap.effects.surveys.services.answers import (
    SurveyAnswer,
    refuse_staff_session,
    survey_answer,
    survey_for_token,
    survey_record_conversation,
)
from samskap.effects.surveys.services.scheduling import surveys_schedule
from samskap.effects.surveys.services.sending import (
    survey_message_send,
    survey_messages_send_due,
    survey_work,
)

__all__ = [
    "SurveyAnswer",
    "refuse_staff_session",
    "survey_answer",
    "survey_for_token",
    "survey_message_send",
    "survey_messages_send_due",
    "survey_record_conversation",
    "survey_work",
    "surveys_schedule",
]
