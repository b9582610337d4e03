"""Norwegian identity and account numbers (python-stdnum) and phone numbers (phonenumbers)."""

import phonenumbers
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer, kontonr

from samskap.core.errors import DomainError
from samskap.core.text import is_digits


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
    """A valid fødselsnummer or D-number, or "" — we store it only when given.

    A synthetic number of a Norwegian test environment (month + 40 in NAV's test data,
    month + 80 in Skatteetaten's Tenor) is accepted only with the setting
    SAMSKAP_ACCEPT_SYNTHETIC_NATIONAL_IDS (on outside production). python-stdnum 2.2
    reads month + 40 as an H-number and knows nothing of + 80; it also checks the check
    digits the pre-2032 way only (see docs/architecture.md).
    """
    invalid = DomainError(
        _("This is not a valid national identity number. Check the eleven digits."),
        field=field,
    )
    value = fodselsnummer.compact(value or "")
    if not value:
        return ""
    if len(value) != 11 or not is_digits(value):
        raise invalid
    month = int(value[2:4])
    synthetic = 40 < month <= 52 or 80 < month <= 92
    if synthetic and not settings.SAMSKAP_ACCEPT_SYNTHETIC_NATIONAL_IDS:
        raise DomainError(
            _(
                "This is a synthetic test identity number (the month is raised by 40 or "
                "80). Only real national identity numbers are accepted here."
            ),
            field=field,
        )
    try:
        if month <= 80:
            return fodselsnummer.validate(value)  # also D-numbers and month + 40
        # Tenor's month + 80: the same check digits; the birth date read without the 80.
        checked = value[-2] == fodselsnummer.calc_check_digit1(value) and value[
            -1
        ] == fodselsnummer.calc_check_digit2(value)
        born = fodselsnummer.get_birth_date(value[:2] + f"{month - 80:02d}" + value[4:])
    except StdnumError as error:
        raise invalid from error
    if not checked or born > timezone.localdate():
        raise invalid
    return value


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
