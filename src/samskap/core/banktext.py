"""Text that can reach a bank file: refused where it is typed, mapped where it is written.

`check_bank_text` guards a form field (no control or invisible characters, not too long);
`to_bank_charset` maps any text to the characters Norwegian banks accept in a domestic
pain.001 credit transfer. Samskap stores what people typed; only the file gets the mapping.
"""

import unicodedata

from anyascii import anyascii
from django.utils.translation import gettext as _

from samskap.core.errors import DomainError

# Unicode general categories that never belong in a name, a reference or a message:
# controls (Cc), format characters such as zero-width spaces, bidi marks and the soft
# hyphen (Cf), private use (Co), lone surrogates (Cs), line and paragraph separators
# (Zl, Zp) and code points Unicode has not assigned (Cn; among them U+FFFE and U+FFFF,
# which XML refuses outright).
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp", "Cn"})

# Default_Ignorable_Code_Point characters (Unicode DerivedCoreProperties) that are
# invisible but sit in other categories: combining grapheme joiner, Hangul fillers,
# Khmer inherent vowels, Mongolian free variation selectors, variation selectors.
_INVISIBLE_RANGES = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xE0100, 0xE01EF),
)

# The characters the Norwegian banks' common implementation guide for pain.001.001.03
# (Bankenes Standardiseringskontor, "BSK implementeringsguide ISO 20022 pain.001.001.03
# Customer Credit Transfer", built on the CGI-MP guide) allows in text of a domestic
# credit transfer: the EPC "Latin character set" of SEPA (a-z A-Z 0-9 / - ? : ( ) . , ' +
# and space) plus the Norwegian letters æ ø å Æ Ø Å.
BANK_CHARACTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789æøåÆØÅ/-?:().,'+ "
)

# Punctuation with a close equivalent in the bank's set; anything else without one
# becomes a space, so words never run together.
_PUNCTUATION = {
    **dict.fromkeys('"`´«»‹›“”„‟‘’‚‛', "'"),
    "&": "+",
    "_": "-",
    ";": ",",
    "!": ".",
    "[": "(",
    "]": ")",
    "{": "(",
    "}": ")",
    "<": "(",
    ">": ")",
    "\\": "/",
    "|": "/",
}


def is_invisible(char: str) -> bool:
    if unicodedata.category(char) in REFUSED_CATEGORIES:
        return True
    code = ord(char)
    return any(low <= code <= high for low, high in _INVISIBLE_RANGES)


def _allowed_in_typing(char: str, multiline: bool) -> bool:
    if multiline and char in "\r\n":
        return True
    return not is_invisible(char)


def is_symbol(char: str) -> bool:
    """Emoji, pictographs and other symbols with no letter in the bank's set."""
    return unicodedata.category(char) == "So" or 0x1F3FB <= ord(char) <= 0x1F3FF


def invisible_character_message(*, position: int, label: str | None = None) -> str:
    """The one wording for a text that holds a character nobody can see (a zero-width
    space or a control character, mostly left by copying and pasting): which character
    it is, counted from 1, and what to do; plain words, no Unicode code."""
    if label:
        return _(
            "%(field)s has a character that cannot be seen (character %(position)d), often "
            "left by copying and pasting. Type the text again instead of pasting it."
        ) % {"field": label, "position": position}
    return _(
        "The text has a character that cannot be seen (character %(position)d), often left "
        "by copying and pasting. Type the text again instead of pasting it."
    ) % {"position": position}


def check_bank_text(
    value: str,
    *,
    max_length: int,
    field: str | None,
    multiline: bool = False,
    symbols: bool = True,
):
    """Return `value` (NFC) or raise DomainError: control or invisible characters, or
    more than `max_length` characters. `multiline` lets line breaks through (a
    description typed in a text area); tabs and every other control stay refused.
    `symbols=False` also refuses emoji and other symbols, which the file would drop."""
    value = unicodedata.normalize("NFC", value)
    for position, char in enumerate(value, start=1):
        if not symbols and is_symbol(char):
            raise DomainError(
                _(
                    "The text has an emoji or a symbol (%(char)s, character %(position)d) "
                    "that the bank cannot take. Remove it."
                )
                % {"char": char, "position": position},
                field=field,
            )
        if not _allowed_in_typing(char, multiline):
            raise DomainError(invisible_character_message(position=position), field=field)
    if len(value) > max_length:
        raise DomainError(
            _("Use at most %(max)d characters; this text has %(length)d.")
            % {"max": max_length, "length": len(value)},
            field=field,
        )
    return value


def clean_payment_text(
    value: str, *, max_length: int, field: str | None, required_message=None
) -> str:
    """A single-line field that goes into a payment file as typed (a name, a message, a
    reference): trimmed, no control, invisible or symbol characters, at most `max_length`.
    An empty value raises `required_message` when one is given."""
    value = (value or "").strip()
    if not value and required_message is not None:
        raise DomainError(required_message, field=field)
    return check_bank_text(value, max_length=max_length, field=field, symbols=False)


def _map_char(char: str) -> str:
    if char in BANK_CHARACTERS:
        return char
    if char.isspace():
        return " "  # tabs, line breaks, no-break and other wide spaces
    if is_invisible(char):
        return ""  # zero-width joiners and spaces, bidi marks, soft hyphens, controls
    if char in _PUNCTUATION:
        return _PUNCTUATION[char]
    category = unicodedata.category(char)
    if category in {"So", "Sk", "Sm"}:
        return " "  # emoji, pictographs, modifier and maths symbols: no bank equivalent
    return "".join(
        mapped if mapped in BANK_CHARACTERS else _PUNCTUATION.get(mapped, " ")
        for mapped in anyascii(char)
    )


def to_bank_charset(value: str, max_length: int) -> str:
    """Map `value` to the bank's character set, at most `max_length` characters.

    æøåÆØÅ stay; other scripts are transliterated with anyascii ("Тарас Шевченко" becomes
    "Taras Shevchenko", "Ελένη" becomes "Eleni"); invisible characters go; runs of
    whitespace become one space. The result may be empty; callers that need a value
    (a creditor name) must treat that as a problem, not write a placeholder.
    """
    text = unicodedata.normalize("NFC", str(value))
    mapped = "".join(_map_char(char) for char in text)
    return " ".join(mapped.split())[:max_length].rstrip()


def is_bank_text(value: str) -> bool:
    """True when `value` is already in the bank's character set."""
    return all(char in BANK_CHARACTERS for char in value)
