"""Norwegian identity and account numbers, checked with python-stdnum."""

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
