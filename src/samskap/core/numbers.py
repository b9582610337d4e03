"""Decimals as people in Norway type them: "1,5" or "1.5", thousands with a space
("45 000,50"), never "10.000" (ten thousand to a Norwegian, ten to Python: refused).

One reading for every form field and service that takes a typed decimal, and one way of
showing one back (`typed`): "2,0", never "2.0" (a number input cannot show a comma, so
such fields are text inputs with `inputmode`)."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from samskap.core.errors import DomainError

# ASCII digits only: Python's `\d` and `Decimal()` also take "١٢٣" and "４５", which a
# person in a Norwegian form did not mean as kroner (core.text.is_digits says the same).
TYPED_NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")
# "10.000" means ten thousand to a Norwegian and ten to Python: refuse to guess.
DOTTED_THOUSANDS = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{3})+")
NOT_A_NUMBER = _("Enter a number, e.g. 3 or 2,5.")
DOTTED = _("Write thousands with a space, e.g. 10 000, and decimals after a comma.")
# A field of whole numbers gives a whole example: "e.g. 3 or 2,5" and then "Enter a whole
# number." for the 2,5 it suggested contradicted itself.
NOT_A_WHOLE_NUMBER = _("Enter a whole number, e.g. 3.")
DOTTED_WHOLE = _("Write thousands with a space, e.g. 10 000.")
NOT_AN_AMOUNT = _("Enter an amount in kroner, e.g. 1500 or 1500,50.")
# A year field's example is a year ("e.g. 3" was the whole-number example), this year's,
# read when the message is shown.
NOT_A_YEAR = lazy(
    lambda: (
        gettext("Enter the year with four digits, e.g. %(year)s.")
        % {"year": timezone.localdate().year}
    ),
    str,
)()
TOO_LONG = _("That is too long to be a number.")
# Longer than any number anyone types (forty nines are still a number, refused by its
# field as too large, with the limit); beyond it the answer is "too long", in Norwegian,
# not Django's "at most N characters" nor a 500 from int() on 5,000 digits.
MAX_LENGTH = 100


def _clean(value) -> str:
    return str(value).strip().replace(" ", "").replace("\u00a0", "").replace("\u202f", "")


def read_decimal(value, *, whole: bool = False) -> Decimal | None:
    """The decimal typed in `value` (None when empty); ValueError with a Norwegian
    message when it is not a number as people type one (for a `whole` number, one whose
    example is whole)."""
    try:
        return _read_decimal(value)
    except ValueError as error:
        if whole and error.args[0] is NOT_A_NUMBER:
            raise ValueError(NOT_A_WHOLE_NUMBER) from error
        if whole and error.args[0] is DOTTED:
            raise ValueError(DOTTED_WHOLE) from error
        raise


def _read_decimal(value) -> Decimal | None:
    if isinstance(value, float):
        raise TypeError("typed numbers are never floats")
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        if isinstance(value, Decimal) and not value.is_finite():
            raise ValueError(NOT_A_NUMBER)
        return Decimal(value)
    text = _clean(value if value is not None else "")
    if text == "":
        return None
    if len(text) > MAX_LENGTH:
        raise ValueError(TOO_LONG)
    if DOTTED_THOUSANDS.fullmatch(text):
        raise ValueError(DOTTED)
    if not TYPED_NUMBER.fullmatch(text):
        raise ValueError(NOT_A_NUMBER)
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only numbers
        raise ValueError(NOT_A_NUMBER) from error


def parse_decimal(value, *, field: str) -> Decimal | None:
    """`read_decimal` for services: DomainError on `field`."""
    try:
        return read_decimal(value)
    except ValueError as error:
        raise DomainError(error.args[0], field=field) from error


def typed(value) -> str:
    """A stored decimal as staff type it: "2,0", "45000,50"; "" for None."""
    if value is None:
        return ""
    return number_format(value, use_l10n=True, force_grouping=False)


class TypedDecimalInput(forms.TextInput):
    """A text input showing a decimal the Norwegian way."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return typed(value)
        return super().format_value(value)


def limit_text(value) -> str:
    """A field's limit as people read it: "100 000", "0,5"; four digits stay ungrouped
    ("1900", "2200"), as years are written."""
    number = Decimal(value)
    return number_format(number, use_l10n=True, force_grouping=abs(number) >= 10000)


def _message(text: str, **limits):
    """`text` (a msgid marked with gettext_noop) with its limits filled in, in the language
    of the request that shows it."""
    return lazy(lambda: gettext(text) % {k: limit_text(v) for k, v in limits.items()}, str)()


def _limit_messages(field) -> dict:
    """Norwegian answers, with the limit written as people write it, instead of Django's
    "Ensure this value is less than or equal to 100000." """
    messages = {}
    if field.min_value is not None:
        at_least = gettext_noop("Enter at least %(limit)s.")
        messages["min_value"] = _message(at_least, limit=field.min_value)
    if field.max_value is not None:
        at_most = gettext_noop("Enter at most %(limit)s.")
        messages["max_value"] = _message(at_most, limit=field.max_value)
    return messages


class TypedDecimalField(forms.DecimalField):
    """Django's DecimalField reading "1,5", "1.5" and "45 000,50" (and refusing "10.000"
    and input too long to be a number, in Norwegian) and showing a decimal comma in a
    text input."""

    widget = TypedDecimalInput

    def __init__(self, *, kroner: bool = False, **kwargs):
        kwargs.pop("localize", None)
        # An amount in kroner is answered as every other amount field answers it.
        self.kroner = kroner
        widget = kwargs.get("widget")
        if widget is None or widget is forms.NumberInput or isinstance(widget, forms.NumberInput):
            kwargs["widget"] = TypedDecimalInput
        super().__init__(**kwargs)
        self.error_messages.update(_limit_messages(self))
        if self.decimal_places == 0:
            self.error_messages["max_decimal_places"] = NOT_A_WHOLE_NUMBER
        elif self.decimal_places == 1:
            self.error_messages["max_decimal_places"] = _("Use at most one decimal.")
        elif self.decimal_places is not None:
            self.error_messages["max_decimal_places"] = _message(
                gettext_noop("Use at most %(places)s decimals."), places=self.decimal_places
            )
        if self.max_digits is not None:
            largest = Decimal(10) ** (self.max_digits - (self.decimal_places or 0)) - 1
            too_large = _message(
                gettext_noop("The number is too large: at most %(max)s."), max=largest
            )
            self.error_messages["max_digits"] = too_large
            self.error_messages["max_whole_digits"] = too_large

    def to_python(self, value):
        try:
            number = read_decimal(value, whole=self.decimal_places == 0)
        except ValueError as error:
            message = error.args[0]
            if self.kroner and message is NOT_A_NUMBER:
                message = NOT_AN_AMOUNT
            raise ValidationError(message, code="invalid") from error
        return number

    def widget_attrs(self, widget):
        return forms.Field.widget_attrs(self, widget)


class TypedIntegerField(forms.IntegerField):
    """A whole number in a text input with the numeric keyboard: "10 000" is ten thousand,
    "10.000" (ten thousand to a Norwegian, ten to Django's IntegerField) is refused with a
    Norwegian message, and so is input too long to be a number."""

    def __init__(self, *, year: bool = False, **kwargs):
        kwargs.pop("localize", None)
        kwargs["widget"] = forms.TextInput(attrs={"inputmode": "numeric"})
        super().__init__(**kwargs)
        self.error_messages.update(_limit_messages(self))
        self.year = year

    def to_python(self, value):
        try:
            number = read_decimal(value, whole=True)
        except ValueError as error:
            message = error.args[0]
            if message is DOTTED_WHOLE and self.max_value is not None and self.max_value < 10_000:
                # A year, an age or a count of days has no thousands to write with a
                # space: "2.010" in a birth year is answered as a number, not as "10 000".
                message = NOT_A_WHOLE_NUMBER
            raise ValidationError(self._not_whole(message), code="invalid") from error
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValidationError(self._not_whole(NOT_A_WHOLE_NUMBER), code="invalid")
        return int(number)

    def _not_whole(self, message):
        if self.year and message in (NOT_A_WHOLE_NUMBER, DOTTED_WHOLE):
            return NOT_A_YEAR
        return message

    def widget_attrs(self, widget):
        return forms.Field.widget_attrs(self, widget)


class TypedNumberField(forms.CharField):
    """A number kept as the text typed, for a service that reads it with `read_decimal`
    and judges its meaning (an indicator's value, a number of days): the form refuses
    only what is no number at all ("10.000", letters, input too long), in Norwegian,
    never with Django's "at most N characters"."""

    def __init__(self, *, inputmode: str = "decimal", year: bool = False, **kwargs):
        kwargs.pop("max_length", None)
        if year:
            inputmode = "numeric"
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": inputmode}))
        super().__init__(**kwargs)
        # The numeric keyboard is for whole numbers (days, a year): so is the example.
        self.whole = inputmode == "numeric"
        self.year = year

    def validate(self, value):
        super().validate(value)
        try:
            read_decimal(value, whole=self.whole)
        except ValueError as error:
            message = error.args[0]
            if self.year and message in (NOT_A_WHOLE_NUMBER, DOTTED_WHOLE):
                message = NOT_A_YEAR
            raise ValidationError(message, code="invalid") from error
