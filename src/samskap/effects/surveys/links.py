"""The survey link: the survey's random nonce, signed with a time stamp.

Signed, so a guessed or altered link is refused before the database is asked; random,
so one link names one survey; single-use, because an answered survey takes no more
answers; limited in time (settings.SAMSKAP_SURVEY_LINK_DAYS from when it was made).
"""

import secrets

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samskap.core.errors import DomainError

SALT = "samskap.effects.surveys.link"


class SurveyLinkRefused(DomainError):
    """Expired, forged or already used; the message is for the citizen."""


LINK_EXPIRED = _(
    "This link is too old. Thank you for wanting to answer. Your contact person can "
    "send you a new link. Nothing has been saved."
)
LINK_INVALID = _(
    "This link does not work. Check that you opened the whole link. Nothing has been saved."
)
ALREADY_ANSWERED = _(
    "You have already answered. Thank you! An answer cannot be changed through the link. "
    "Nothing new has been saved."
)


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


def survey_token(survey) -> str:
    return signing.TimestampSigner(salt=SALT).sign(survey.nonce)


def survey_url(survey) -> str:
    return settings.SAMSKAP_SITE_URL + reverse("surveys:answer", args=[survey_token(survey)])


def link_max_age() -> int:
    return settings.SAMSKAP_SURVEY_LINK_DAYS * 24 * 60 * 60


def read_survey_token(token: str) -> str:
    """The nonce of a genuine, fresh link, or SurveyLinkRefused."""
    try:
        return signing.TimestampSigner(salt=SALT).unsign(token, max_age=link_max_age())
    except signing.SignatureExpired as error:
        raise SurveyLinkRefused(LINK_EXPIRED) from error
    except signing.BadSignature as error:
        raise SurveyLinkRefused(LINK_INVALID) from error


def nonce_of_any_age(token: str) -> str | None:
    """The nonce a genuine link names, even an old one; only to pick the page's language."""
    try:
        return signing.TimestampSigner(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
