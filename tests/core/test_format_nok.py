"""`format_nok` writes exactly what Django's `number_format(..., force_grouping=True)`
writes, in every language Samskap speaks, for every kind of amount (it uses Python's own
grouping with the language's separators because pages show hundreds of amounts)."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format

from samskap.core.money import amounts_unbroken, format_nok, nok_formatter

AMOUNTS = [
    "0",
    "0.5",
    "1",
    "12.3",
    "999.99",
    "1000",
    "1234567.5",
    "-1",
    "-1234.56",
    "-999999999.99",
    "999999999999.99",
    "0.005",
    "0.004",
    "-0.004",
    1500,
    Decimal("100000"),
]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_same_text_as_djangos_number_format_in_every_language(language):
    with translation.override(language):
        for value in AMOUNTS:
            amount = Decimal(value).quantize(Decimal("0.01"))
            expected = f"{number_format(amount, decimal_pos=2, force_grouping=True)}\u00a0kr"
            assert format_nok(value) == expected, (language, value)
            assert nok_formatter()(value) == expected, (language, value)
        assert nok_formatter()(None) == nok_formatter()("") == ""


def test_each_language_keeps_its_own_separators_whichever_came_first():
    """The separators are kept per language: bokmål, then Arabic (no grouping), then
    bokmål again (English writes amounts as bokmål does, samskap.core.formats)."""
    amount = Decimal("1234567.5")
    for language in ("nb", "ar", "nb", "ar"):
        with translation.override(language):
            expected = f"{number_format(amount, decimal_pos=2, force_grouping=True)}\u00a0kr"
            assert format_nok(amount) == expected, language
            assert nok_formatter()(amount) == expected, language
    with translation.override("nb"):
        norwegian = format_nok(amount)
    with translation.override("ar"):
        assert format_nok(amount) != norwegian


def test_bokmal_groups_thousands_and_writes_a_decimal_comma():
    with translation.override("nb"):
        text = format_nok(Decimal("1234567.5"))
    assert text.endswith(",50\u00a0kr")
    assert text.replace("\xa0", " ").startswith("1 234 567")
    assert format_nok(None) == format_nok("") == ""


def test_without_an_active_language_the_settings_decide():
    with translation.override(None):
        amount = Decimal("1234567.50")
        expected = f"{number_format(amount, decimal_pos=2, force_grouping=True)}\u00a0kr"
        assert format_nok(amount) == expected


def test_amounts_in_free_text_are_held_together_and_other_spaces_kept():
    text = "bruttolønn 450 000 kr (antakelse), G = 124 028 kr fra 1.5.2024, 12 måneder"
    assert amounts_unbroken(text) == (
        "bruttolønn 450\u00a0000\u00a0kr (antakelse), G = 124\u00a0028\u00a0kr fra 1.5.2024, "
        "12 måneder"
    )
    assert (
        amounts_unbroken("1 000 000 kroner og 7 550 kr")
        == "1\u00a0000\u00a0000 kroner og 7\u00a0550\u00a0kr"
    )
