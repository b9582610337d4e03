"""Synthetic national identity numbers of Norwegian test environments: accepted outside
production behind SAMSKAP_ACCEPT_SYNTHETIC_NATIONAL_IDS, refused in production."""

import os
import subprocess
import sys

import pytest

from samskap.core.errors import DomainError
from samskap.people.validation import clean_national_id
from tests.support.factories import VALID_FNR

NAV = "15508600019"  # NAV's test data: 15.10.1986 with the month raised by 40
TENOR = "15908610064"  # Skatteetaten's Tenor: the same day with the month raised by 80


@pytest.mark.parametrize("number", [NAV, TENOR, "155086 00019", "159086-10064"])
def test_synthetic_numbers_are_accepted_with_the_setting_on(settings, number):
    settings.SAMSKAP_ACCEPT_SYNTHETIC_NATIONAL_IDS = True
    assert clean_national_id(number) == number.replace(" ", "").replace("-", "")


@pytest.mark.parametrize("number", [NAV, TENOR])
def test_synthetic_numbers_are_refused_with_the_setting_off(settings, number):
    settings.SAMSKAP_ACCEPT_SYNTHETIC_NATIONAL_IDS = False
    with pytest.raises(DomainError, match="syntetisk testfødselsnummer") as error:
        clean_national_id(number)
    assert error.value.field == "national_id"
    assert clean_national_id(VALID_FNR) == VALID_FNR  # real numbers still pass


@pytest.mark.parametrize(
    "number",
    [
        "15908610065",  # Tenor with a wrong check digit
        "15508600018",  # NAV with a wrong check digit
        "31938610000",  # month 93: neither 40 nor 80 above a real month
        "15908690000",  # no valid check digits
        "1590861006",  # ten digits
    ],
)
def test_broken_synthetic_numbers_are_refused_even_with_the_setting_on(settings, number):
    settings.SAMSKAP_ACCEPT_SYNTHETIC_NATIONAL_IDS = True
    with pytest.raises(DomainError):
        clean_national_id(number)


def test_production_turns_the_setting_off_whatever_the_environment_says():
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {
        "SECRET_KEY": "x" * 60,
        "DATABASE_URL": "postgres://samskap@db.internal:5432/samskap",
        "SAMSKAP_ACCEPT_SYNTHETIC_NATIONAL_IDS": "true",
    }
    code = "import samskap.settings.production as p; print(p.SAMSKAP_ACCEPT_SYNTHETIC_NATIONAL_IDS)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "False", result.stderr


def test_base_settings_accept_them_by_default():
    from samskap.settings import base

    assert base.SAMSKAP_ACCEPT_SYNTHETIC_NATIONAL_IDS is True
