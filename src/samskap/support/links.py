"""Signed, time-limited links that let a citizen confirm their letter without an account.

The token carries the letter id and a digest of its text, so a link made before the
letter was changed no longer confirms it.
"""

import hashlib

from django.core import signing

from samskap.core.errors import DomainError
from samskap.support.citizen import texts

SALT = "samskap.support.letter-confirmation"
LINK_MAX_AGE = 7 * 24 * 60 * 60  # a week: long enough to reach the phone, short enough to expire


class LinkRefused(DomainError):
    """The link is tampered with, for another letter text, or too old."""


class CitizenOnly(DomainError):
    """The link was opened in a logged-in staff session: only the citizen may confirm.

    The audit row says the citizen confirmed; a contact person clicking the link they
    made would make that untrue.
    """


def letter_digest(letter) -> str:
    text = "\x1f".join(
        [letter.language, letter.need, letter.purpose, letter.commitment, letter.other_help_wanted]
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def letter_token(letter) -> str:
    return signing.dumps({"letter": letter.pk, "digest": letter_digest(letter)}, salt=SALT)


def read_letter_token(token: str, *, max_age: int = LINK_MAX_AGE) -> tuple[int, str]:
    """(letter id, digest) from a token, or LinkRefused with a message for the citizen."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkRefused(texts.LINK_EXPIRED) from error
    except signing.BadSignature as error:
        raise LinkRefused(texts.LINK_INVALID) from error
    if not isinstance(data, dict) or "letter" not in data or "digest" not in data:
        raise LinkRefused(texts.LINK_INVALID)
    return int(data["letter"]), str(data["digest"])


def letter_id_of_any_age(token: str) -> int | None:
    """The letter a genuine token names, even an expired one (None for a forged token).

    Only to choose the language that says "this link has expired": it never opens a letter.
    """
    try:
        data = signing.loads(token, salt=SALT, max_age=None)
    except signing.BadSignature:
        return None
    if isinstance(data, dict) and isinstance(data.get("letter"), int):
        return data["letter"]
    return None
