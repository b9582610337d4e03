"""Free text typed by staff (letters, notes, rationales): trimmed and held to a length.

Unlike bank text (`samskap.core.banktext`), free text keeps the invisible characters
some scripts need (a zero-width non-joiner in Dari, a right-to-left mark in Arabic),
but text made only of invisible characters and spaces counts as empty.
"""

import unicodedata

from django.utils.translation import gettext as _

from samskap.core.banktext import is_invisible
from samskap.core.errors import DomainError

# A motivation letter's part or a needs mapping's notes: a page or two, never a book.
LONG_TEXT_LENGTH = 5000


def is_digits(value: str) -> bool:
    """True when `value` is one or more of the ASCII digits 0-9.

    `str.isdigit` also takes "²", "١٢٣" and "４５", which `int()`, PostgreSQL or a bank
    then refuse; numbers typed by people (KID, account, request and identity numbers)
    are checked with this instead.
    """
    return value.isascii() and value.isdigit()


def is_blank(value: str) -> bool:
    return all(char.isspace() or is_invisible(char) for char in value)


def clean_text(value: str, *, max_length: int, field: str | None, required_message=None) -> str:
    """`value` trimmed and in NFC; "" when only spaces and invisible characters are left.

    Raises DomainError when it is longer than `max_length`, or empty and
    `required_message` is given.
    """
    text = unicodedata.normalize("NFC", value or "").strip()
    if is_blank(text):
        text = ""
    if not text and required_message is not None:
        raise DomainError(required_message, field=field)
    if len(text) > max_length:
        raise DomainError(
            _("Use at most %(max)d characters; this text has %(length)d.")
            % {"max": max_length, "length": len(text)},
            field=field,
        )
    return text
