"""NOK amounts: Decimal with two places, never float."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils.formats import get_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samskap.core.errors import DomainError
from samskap.core.numbers import DOTTED_THOUSANDS, TYPED_NUMBER

ORE = Decimal("0.01")
MAX_DIGITS = 14
# The largest amount anyone may type: under a billion kroner. A MoneyField holds up to
# 999 999 999 999,99, so a thousand such amounts fit in one balance before it could
# overflow (PostgreSQL would answer "numeric field overflow": a 500, not a message).
MAX_AMOUNT = Decimal("999999999.99")
# The largest balance a MoneyField column holds (MAX_DIGITS digits, two after the comma).
MAX_BALANCE = Decimal(10) ** (MAX_DIGITS - 2) - Decimal("0.01")


def parse_amount(value, *, field: str = "amount") -> Decimal:
    """Parse a positive NOK amount with at most two decimals, or raise DomainError."""
    if isinstance(value, float):
        raise TypeError("Money must never be a float")

    def not_an_amount():
        return DomainError(_("Enter an amount in kroner, e.g. 1500 or 1500,50."), field=field)

    if isinstance(value, str):
        value = value.strip().replace(" ", "").replace("\u00a0", "")
        if DOTTED_THOUSANDS.fullmatch(value):
            raise DomainError(
                _("Write thousands with a space, e.g. 10 000, and øre after a comma."),
                field=field,
            )
        if not TYPED_NUMBER.fullmatch(value):  # ASCII digits, a decimal comma or point
            raise not_an_amount()
    try:
        amount = Decimal(str(value).replace(",", "."))
    except InvalidOperation as error:
        raise not_an_amount() from error
    if not amount.is_finite():
        raise not_an_amount()
    if amount <= 0:
        raise DomainError(_("The amount must be greater than zero."), field=field)
    # Before the øre: quantizing an amount of more than 28 digits raises InvalidOperation
    # (a 500 for "9" typed 29 times), and "too large" is the answer anyway.
    if amount > MAX_AMOUNT:
        raise DomainError(
            _("The amount is too large: at most %(max)s.") % {"max": format_nok(MAX_AMOUNT)},
            field=field,
        )
    if amount != amount.quantize(ORE):
        raise DomainError(_("Amounts can have at most two decimals (øre)."), field=field)
    return amount.quantize(ORE)


def round_nok(value: Decimal) -> Decimal:
    return value.quantize(ORE, rounding=ROUND_HALF_UP)


# language -> (decimal separator, thousands separator) or None. get_format caches each of
# its three lookups, but asking it three times cost more than the formatting itself; every
# page with amounts formats a few hundred of them.
_separators_of: dict[str | None, tuple[str, str] | None] = {}


@receiver(setting_changed)
def _forget_separators(**_kwargs) -> None:
    """Tests change the formats and languages: look the separators up again."""
    _separators_of.clear()


def _separators(language: str | None) -> tuple[str, str] | None:
    """(decimal separator, thousands separator) of a language's number format, or None
    when its grouping is not plain thousands (then Django formats the amount)."""
    try:
        return _separators_of[language]
    except KeyError:
        pass
    if get_format("NUMBER_GROUPING", language) != 3:
        separators = None
    else:
        separators = (
            get_format("DECIMAL_SEPARATOR", language),
            get_format("THOUSAND_SEPARATOR", language),
        )
    _separators_of[language] = separators
    return separators


def format_nok(value) -> str:
    """1234567.5 -> "1 234 567,50 kr" in bokmål (grouping follows the active locale);
    None or "" -> "". For messages and pages, never for files that leave Samskap. The
    space before "kr" is non-breaking, as the thousands separator is: an amount never
    breaks across two lines (Språkrådet: a fixed space between a number and its unit).

    The same text as Django's `number_format(..., force_grouping=True)`, made by Python's
    own grouping with the language's separators: pages show hundreds of amounts, and
    Django's formatter was the largest single cost of rendering the scheme report
    (tests/core/test_format_nok.py keeps the two equal)."""
    if value is None or value == "":
        return ""
    return _format(value, _separators(get_language()))


# In free text: a space between a number's groups of thousands ("450 000"), or between
# a number and "kr" or "%".
_AMOUNT_SPACE = re.compile(r"(?<=\d) (?=\d{3}(?!\d)|kr\b|%)")


def amounts_unbroken(text) -> str:
    """Free text (a source, an assumption, a report's translated sentence) with the spaces
    inside its amounts and percentages made non-breaking, as `format_nok` writes them:
    "bruttolønn 450 000 kr" never breaks into "450" / "000 kr" or "450 000" / "kr", nor
    "95 % interval" into "95" / "% interval", on a page or in a PDF. Other spaces are
    kept. Only spaces become no-break spaces, so HTML stays HTML (the filter is safe)."""
    return _AMOUNT_SPACE.sub("\u00a0", str(text))


def nok_formatter():
    """`format_nok` for many amounts in the active language, its separators looked up
    once (the budget page writes 150 amounts per page of postings)."""
    separators = _separators(get_language())

    def format_one(value) -> str:
        if value is None or value == "":
            return ""
        return _format(value, separators)

    return format_one


def _format(value, separators: tuple[str, str] | None) -> str:
    amount = Decimal(value).quantize(ORE)
    if separators is None or not amount.is_finite():
        return f"{number_format(amount, decimal_pos=2, force_grouping=True)}\u00a0kr"
    decimal, thousands = separators
    if not amount:
        amount = abs(amount)  # Django writes no sign on a zero (-0.004 rounds to 0,00)
    grouped = f"{amount:,.2f}".replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    return f"{grouped}\u00a0kr"


class MoneyField(models.DecimalField):
    """A NOK amount: 14 digits, two decimals."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs
