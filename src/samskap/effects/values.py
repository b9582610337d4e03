"""What a value of each indicator kind may be, as typed by staff or handed in by code.

Forms check shape; these check meaning and answer in Norwegian. The database holds the
same rules for targets and baselines (Indicator's check constraints)."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from samskap.core.errors import DomainError
from samskap.core.money import MAX_AMOUNT, format_nok
from samskap.core.numbers import NOT_A_NUMBER, parse_decimal
from samskap.effects.models import IndicatorKind

HUNDREDTH = Decimal("0.01")
# The largest count and amount anyone may type (under a billion): the value columns hold
# VALUE_DIGITS digits, two after the comma, so this is refused with its own reason long
# before the database would overflow.
MAX_COUNT = MAX_AMOUNT.to_integral_value(rounding="ROUND_FLOOR")


def _too_large(value: Decimal, kind: str, *, field: str) -> None:
    """A count or an amount above the limit: "too large", with the limit, rather than a
    message about its form (twenty nines are a number, just too big)."""
    if kind == IndicatorKind.COUNT and value > MAX_COUNT:
        raise DomainError(
            _("The number is too large: at most %(max)s.") % {"max": _grouped(MAX_COUNT)},
            field=field,
        )
    if kind == IndicatorKind.AMOUNT and value > MAX_AMOUNT:
        raise DomainError(
            _("The amount is too large: at most %(max)s.") % {"max": format_nok(MAX_AMOUNT)},
            field=field,
        )


def _grouped(value: Decimal) -> str:
    """999999999 -> "999 999 999" (the amount's grouping, without øre and kr)."""
    text = format_nok(value)
    return text[: text.rindex(",")]


def to_decimal(raw, *, field: str) -> Decimal:
    """A value as staff type it (core.numbers): "10 000" is ten thousand, "10.000" is
    refused rather than read as ten, and so are "1e3" and digits other than 0-9."""
    if isinstance(raw, float):
        raise TypeError("Indicator values are never floats")
    if isinstance(raw, bool):
        return Decimal(int(raw))
    value = parse_decimal(raw, field=field)
    if value is None:
        raise DomainError(NOT_A_NUMBER, field=field)
    return value


def outcome_value(kind: str, raw, *, field: str = "value") -> Decimal:
    """A participant's value for an indicator of `kind`, or DomainError."""
    value = to_decimal(raw, field=field)
    _too_large(value, kind, field=field)
    if kind == IndicatorKind.ACHIEVED:
        if value not in (0, 1):
            raise DomainError(_("Answer yes (1) or no (0)."), field=field)
    elif kind == IndicatorKind.SCALE:
        if value != value.to_integral_value() or not 1 <= value <= 5:
            raise DomainError(_("A scale value is a whole number from 1 to 5."), field=field)
    elif kind == IndicatorKind.COUNT:
        if value != value.to_integral_value() or value < 0 or value > MAX_AMOUNT:
            raise DomainError(_("A count is a whole number, 0 or more."), field=field)
    elif kind == IndicatorKind.AMOUNT:
        if value < 0 or value > MAX_AMOUNT or value != value.quantize(HUNDREDTH, ROUND_HALF_UP):
            raise DomainError(_("Enter an amount in kroner, e.g. 1500 or 1500,50."), field=field)
    else:
        raise DomainError(_("Choose a kind of indicator."), field="kind")
    return value.quantize(HUNDREDTH)


def target_value(kind: str, raw, *, field: str = "target") -> Decimal:
    """A target (or, with field="baseline_value", a baseline) that fits the indicator's
    kind, or DomainError naming which of the two is wrong."""
    value = to_decimal(raw, field=field)
    baseline = field == "baseline_value"
    if kind == IndicatorKind.ACHIEVED:
        if not 0 <= value <= 100 or value != value.quantize(HUNDREDTH):
            if baseline:
                message = _(
                    "For a yes/no indicator the baseline is the share who achieved it, 0 to 100 %."
                )
            else:
                message = _(
                    "For a yes/no indicator the target is the share who achieve it, 0 to 100 %."
                )
            raise DomainError(message, field=field)
        return value.quantize(HUNDREDTH)
    if kind == IndicatorKind.SCALE and not 1 <= value <= 5:
        if baseline:
            message = _("For a scale indicator the baseline lies between 1 and 5.")
        else:
            message = _("For a scale indicator the target lies between 1 and 5.")
        raise DomainError(message, field=field)
    if kind == IndicatorKind.SCALE and value != value.quantize(HUNDREDTH):
        raise DomainError(_("Use at most two decimals."), field=field)
    return outcome_value(kind, value, field=field) if kind != IndicatorKind.SCALE else value
