"""SMS checked for its destination: mobile number, GSM-7 or UCS-2, segments."""

import io

import pytest
from django.utils import translation

from samskap.core.sms import SmsRefused, send_sms, sms_length, sms_message
from samskap.core.sms.backends.console import ConsoleBackend
from samskap.effects.surveys import texts

# A link as long as a real one: host, path and a signed token.
LINK = "https://samskap.trondheim.kommune.no/svar/" + "x" * 16 + ":1xXmRY:" + "y" * 43 + "/"


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("", "GSM-7", 0, 0),
        ("Hei Åse, søknaden din er godkjent", "GSM-7", 33, 1),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("Pris: 20 €", "GSM-7", 11, 1),  # the euro sign takes two septets
        ("{" * 80, "GSM-7", 160, 1),
        ("{" * 81, "GSM-7", 162, 2),
        ("مرحبا", "UCS-2", 5, 1),
        ("ж" * 70, "UCS-2", 70, 1),
        ("ж" * 71, "UCS-2", 71, 2),
        ("ж" * 134, "UCS-2", 134, 2),
        ("ж" * 135, "UCS-2", 135, 3),
        ("Hei 👍", "UCS-2", 6, 1),  # one emoji: UCS-2, and two UTF-16 units
    ],
)
def test_length_encoding_and_segments(text, encoding, units, segments):
    length = sms_length(text)
    assert (length.encoding, length.units, length.segments) == (encoding, units, segments)


@pytest.mark.parametrize(
    ("number", "e164"),
    [
        ("912 34 567", "+4791234567"),
        ("+47 41234567", "+4741234567"),
        ("+46701234567", "+46701234567"),
    ],
)
def test_mobile_numbers_are_sent_in_e164(number, e164):
    assert sms_message(to=number, body="Hei").to == e164


@pytest.mark.parametrize("number", ["", "abc", "12345", "22 22 22 22", "+47 800 12 345"])
def test_a_number_that_is_no_mobile_is_refused(number):
    with pytest.raises(SmsRefused):
        sms_message(to=number, body="Hei")


def test_a_text_too_long_is_refused_and_not_sent(settings):
    settings.SAMSKAP_SMS_MAX_SEGMENTS = 2
    sent = []

    class Backend:
        def send_messages(self, messages):
            sent.extend(messages)

    with pytest.raises(SmsRefused):
        send_sms(to="91234567", body="ж" * 135, backend=Backend())
    assert sent == []


@pytest.mark.parametrize("language", ["nb", "nn", "en", "ar", "uk"])
@pytest.mark.parametrize("body", [texts.SMS_BODY, texts.SMS_REMINDER])
def test_the_survey_sms_fits_three_parts_in_every_citizen_language(language, body):
    with translation.override(language):
        text = str(body) % {"url": LINK}
    length = sms_length(text)
    assert length.segments <= 3, (language, length)
    expected = "GSM-7" if language in {"nb", "nn", "en"} else "UCS-2"
    assert length.encoding == expected
    with translation.override("en"):
        english = str(body) % {"url": LINK}
    assert (text != english) == (language != "en")  # translated, not the English source


def test_the_console_backend_prints_encoding_and_segments():
    stream = io.StringIO()
    send_sms(to="91234567", body="Hei på deg", backend=ConsoleBackend(stream=stream))
    assert "SMS to +4791234567 (GSM-7, 10 units, 1 segment(s)):\nHei på deg" in stream.getvalue()
