"""Norwegian identity and account numbers (python-stdnum) and phone numbers (phonenumbers)."""

import phonenumbers
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer, kontonr

from samskap.core.errors import DomainError


def clean_bank_account(value: str, *, field: str = "bank_account") -> str:
    """An eleven-digit Norwegian account number ("" when none is given)."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        account = kontonr.validate(value)
    except StdnumError:
        account = ""
    # stdnum also accepts 7-digit bank-internal numbers; payouts need all eleven digits.
    if len(account) != 11:
        raise DomainError(
            _("This is not a valid Norwegian account number. Check the eleven digits."),
            field=field,
        )
    return account


def clean_national_id(value: str, *, field: str = "national_id") -> str:
    """A valid fødselsnummer or D-number, or "" — we store it only when given."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return fodselsnummer.validate(value)
    except StdnumError as error:
        raise DomainError(
            _("This is not a valid national identity number. Check the eleven digits."),
            field=field,
        ) from error


def clean_birth_year(value: int, *, field: str = "birth_year") -> int:
    this_year = timezone.localdate().year
    if not isinstance(value, int) or not this_year - 110 <= value <= this_year:
        raise DomainError(
            _("Enter a birth year between %(low)s and %(high)s.")
            % {"low": this_year - 110, "high": this_year},
            field=field,
        )
    return value


def clean_phone(value: str, *, field: str = "phone") -> str:
    """A phone number in E.164 ("+4791234567"), or "" when none is given.

    Without a country code the number is read as Norwegian; a number abroad is typed
    with its code ("+46 70 123 45 67").
    """
    value = (value or "").strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "NO")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise DomainError(
            _(
                "This is not a valid phone number. Write e.g. 912 34 567, or with the "
                "country code for a number abroad, e.g. +46 70 123 45 67."
            ),
            field=field,
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
