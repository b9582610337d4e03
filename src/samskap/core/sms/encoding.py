"""How long an SMS is on the network: GSM-7 or UCS-2, characters and segments.

GSM 03.38: a text that uses only the GSM-7 default alphabet (Norwegian æøå included)
travels 7 bits a character, 160 in one message or 153 a segment when split (the rest
carries the joining header); characters of the extension table (€ [ ] { } ...) take two.
Anything else (Arabic, Cyrillic, an emoji) makes the whole message UCS-2: 70 UTF-16 code
units in one message, 67 a segment, an emoji outside the basic plane counting two.
"""

from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

SINGLE = {"GSM-7": 160, "UCS-2": 70}
PART = {"GSM-7": 153, "UCS-2": 67}


@dataclass(frozen=True)
class SmsLength:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int


def sms_length(text: str) -> SmsLength:
    if all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text):
        encoding = "GSM-7"
        units = sum(2 if char in GSM7_EXTENSION else 1 for char in text)
    else:
        encoding = "UCS-2"
        units = len(text.encode("utf-16-le")) // 2
    # One message up to the single limit; beyond it, parts of the smaller size.
    segments = min(units, 1) if units <= SINGLE[encoding] else -(-units // PART[encoding])
    return SmsLength(encoding=encoding, units=units, segments=segments)
