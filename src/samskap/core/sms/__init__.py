"""Text messages (SMS) through a pluggable backend, like Django's e-mail backends.

``settings.SAMSKAP_SMS_BACKEND`` names the backend class: the console backend in
development, the in-memory one in tests, a gateway's in production (docs/sms.md says
what a gateway backend must do). ``send_sms`` checks the message for its destination
first: a valid mobile number, and a text whose encoding (GSM-7 or UCS-2) and segment
count the network will carry.
"""

from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from samskap.core.errors import DomainError
from samskap.core.sms.encoding import SmsLength, sms_length

__all__ = ["SmsLength", "SmsMessage", "SmsRefused", "get_backend", "send_sms", "sms_length"]

DEFAULT_REGION = "NO"


class SmsRefused(DomainError):
    """The number or the text cannot be sent as an SMS; nothing was sent."""


@dataclass(frozen=True)
class SmsMessage:
    to: str  # E.164, e.g. +4791234567
    body: str
    length: SmsLength


def mobile_number(number: str) -> str:
    """The number in E.164 if it is a valid mobile number (Norwegian unless +country)."""
    try:
        parsed = phonenumbers.parse(number, DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise SmsRefused(_("This is not a phone number an SMS can be sent to.")) from error
    kind = phonenumbers.number_type(parsed)
    mobile = {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }
    if not phonenumbers.is_valid_number(parsed) or kind not in mobile:
        raise SmsRefused(_("This is not a phone number an SMS can be sent to."))
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def sms_message(*, to: str, body: str) -> SmsMessage:
    """A message checked for its destination, or SmsRefused."""
    length = sms_length(body)
    if not body.strip():
        raise SmsRefused(_("An SMS needs a text."))
    if length.segments > settings.SAMSKAP_SMS_MAX_SEGMENTS:
        raise SmsRefused(
            _("The text is too long for an SMS: %(segments)s parts, at most %(limit)s.")
            % {"segments": length.segments, "limit": settings.SAMSKAP_SMS_MAX_SEGMENTS}
        )
    return SmsMessage(to=mobile_number(to), body=body, length=length)


def get_backend(path: str | None = None):
    return import_string(path or settings.SAMSKAP_SMS_BACKEND)()


def send_sms(*, to: str, body: str, backend=None) -> SmsMessage:
    """Check and send one SMS. A backend raises on failure (the caller retries later)."""
    message = sms_message(to=to, body=body)
    (backend or get_backend()).send_messages([message])
    return message
