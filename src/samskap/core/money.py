"""NOK amounts: Decimal with two places, never float."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext_lazy as _

from samskap.core.errors import DomainError

ORE = Decimal("0.01")
MAX_DIGITS = 14


def parse_amount(value, *, field: str = "amount") -> Decimal:
    """Parse a positive NOK amount with at most two decimals, or raise DomainError."""
    if isinstance(value, float):
        raise TypeError("Money must never be a float")
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation as error:
        raise DomainError(
            _("Enter an amount in kroner, e.g. 1500 or 1500,50."), field=field
        ) from error
    if not amount.is_finite():
        raise DomainError(_("Enter an amount in kroner, e.g. 1500 or 1500,50."), field=field)
    if amount <= 0:
        raise DomainError(_("The amount must be greater than zero."), field=field)
    if amount != amount.quantize(ORE):
        raise DomainError(_("Amounts can have at most two decimals (øre)."), field=field)
    if amount.adjusted() >= MAX_DIGITS - 2:
        raise DomainError(_("The amount is too large."), field=field)
    return amount.quantize(ORE)


def round_nok(value: Decimal) -> Decimal:
    return value.quantize(ORE, rounding=ROUND_HALF_UP)


class MoneyField(models.DecimalField):
    """A NOK amount: 14 digits, two decimals."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs
