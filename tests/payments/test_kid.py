"""KID: MOD10 and MOD11 as Norwegian banks check them; mistyped ones are refused."""

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from samskap.core.errors import DomainError
from samskap.payments.kid import clean_kid, is_valid_kid, mod10_check_digit, mod11_check_digit


def test_the_invoice_kid_is_accepted():
    assert clean_kid("202412345672") == "202412345672"


def test_the_mistyped_kid_is_refused_in_norwegian():
    with translation.override("nb"), pytest.raises(DomainError) as refused:
        clean_kid("202412345673")
    assert refused.value.field == "kid"
    assert "kontrollsiffer" in refused.value.message.lower()


@pytest.mark.parametrize(
    "kid",
    [
        "1234567892",  # MOD11
        "1234567897",  # MOD10 (Luhn) of the same digits
        "140",  # MOD11 whose check digit is 0
        "12345678903",  # MOD10 (also a valid bank account)
        "1230",  # MOD10
        "18",  # shortest: 2 digits
        "1234567890123456789012340",  # longest: 25 digits, MOD10
        "23-",  # MOD11 where the check digit would be 10
    ],
)
def test_valid_kids_of_both_kinds(kid):
    assert is_valid_kid(kid)
    assert clean_kid(kid) == kid


def test_spaces_and_dots_people_type_are_dropped():
    assert clean_kid(" 2024 1234 5672 ") == "202412345672"
    assert clean_kid("2024.1234.5672") == "202412345672"


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "kid"),
        ("   ", "kid"),
        ("1", "fra 2 til 25 siffer"),  # too short
        ("1" * 26, "dette har 26"),  # too long
        ("20241234567A", "siffer"),
        ("2024-12345672", "siffer"),
        ("24-", "kontrollsiffer"),
        ("12345678-", "kontrollsiffer"),
    ],
)
def test_every_kind_of_bad_kid_is_refused_with_a_reason(typed, says):
    with translation.override("nb"), pytest.raises(DomainError) as refused:
        clean_kid(typed, field="invoice_kid")
    assert says in refused.value.message.lower()
    assert refused.value.field == "invoice_kid"


body = st.text("0123456789", min_size=1, max_size=24)


@given(body)
def test_a_kid_with_either_check_digit_is_valid(digits):
    assert is_valid_kid(digits + mod10_check_digit(digits))
    assert is_valid_kid(digits + mod11_check_digit(digits))


@given(body, st.sampled_from("0123456789-"))
def test_a_kid_is_valid_only_with_one_of_the_two_check_digits(digits, check):
    expected = check in {mod10_check_digit(digits), mod11_check_digit(digits)}
    assert is_valid_kid(digits + check) == expected
