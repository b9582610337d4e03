"""Norwegian KID (kundeidentifikasjon): the creditor's payment reference on an invoice.

A KID has 2 to 25 characters: digits, the last a check digit by MOD10 (Luhn) or MOD11
(weights 2, 3, 4, 5, 6, 7 repeating from the right; a remainder giving 10 is written "-").
The creditor's bank agreement decides which one; a payer's system cannot know, so a KID
that passes either is accepted, as Norwegian banks do. python-stdnum 2.2 has no
`stdnum.no.kid`, so MOD11 is done here and MOD10 uses `stdnum.luhn`.
"""

from django.utils.translation import gettext as _
from stdnum import luhn

from samskap.core.errors import DomainError
from samskap.core.text import is_digits

MIN_LENGTH = 2
MAX_LENGTH = 25


def compact(value: str) -> str:
    """Drop the spaces and dots people type between groups of digits."""
    return "".join(str(value).split()).replace(".", "")


def mod11_check_digit(digits: str) -> str:
    """The MOD11 check digit of `digits` ("-" when the remainder gives 10)."""
    total = sum(int(digit) * (2 + index % 6) for index, digit in enumerate(reversed(digits)))
    check = (11 - total % 11) % 11
    return "-" if check == 10 else str(check)


def mod10_check_digit(digits: str) -> str:
    return luhn.calc_check_digit(digits)


def is_valid_kid(value: str) -> bool:
    kid = compact(value)
    if not MIN_LENGTH <= len(kid) <= MAX_LENGTH:
        return False
    body, check = kid[:-1], kid[-1]
    if not is_digits(body) or not (is_digits(check) or check == "-"):
        return False
    if check == "-":
        return mod11_check_digit(body) == "-"
    return luhn.is_valid(kid) or mod11_check_digit(body) == check


def clean_kid(value: str, *, field: str | None = "kid") -> str:
    """Return the KID without spaces, or raise DomainError with a message to show."""
    kid = compact(value)
    if not kid:
        raise DomainError(_("Enter the KID from the invoice."), field=field)
    body = kid[:-1] if kid.endswith("-") else kid
    if not is_digits(body):
        raise DomainError(_("A KID has digits only."), field=field)
    if not MIN_LENGTH <= len(kid) <= MAX_LENGTH:
        raise DomainError(
            _("A KID has from %(min)d to %(max)d digits; this one has %(length)d.")
            % {"min": MIN_LENGTH, "max": MAX_LENGTH, "length": len(kid)},
            field=field,
        )
    if not is_valid_kid(kid):
        raise DomainError(
            _("The KID's check digit does not match. Check the KID on the invoice."),
            field=field,
        )
    return kid
