"""Numbers people type are ASCII digits: `str.isdigit` also takes "²", "١٢٣" and "４５",
which int(), the database or a bank then refuse (a request number of "²" answered 500)."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samskap.core.errors import DomainError
from samskap.core.text import is_digits
from samskap.payments.kid import clean_kid, is_valid_kid
from samskap.people.validation import clean_national_id
from samskap.support.selectors import decision_by_reference

SRC = Path(__file__).resolve().parents[2] / "src" / "samskap"
NOT_ASCII_DIGITS = ["²", "١٢٣", "４５", "1²3", "⑦"]


@pytest.mark.parametrize("value", ["0", "0123456789", "846"])
def test_ascii_digits_are_digits(value):
    assert is_digits(value)


@pytest.mark.parametrize("value", ["", " 1", "1 ", "-1", "1,5", *NOT_ASCII_DIGITS])
def test_anything_else_is_not(value):
    assert not is_digits(value)


@pytest.mark.parametrize("body", ["１２３４５６７８９", "12345678²"])
def test_a_kid_of_other_digits_never_reaches_the_bank(body):
    assert not is_valid_kid(body + "0")
    with pytest.raises(DomainError):
        clean_kid(body + "0")


@pytest.mark.parametrize("value", ["0101²000000", "٠١٠١٩٠٠٠٠٠٠"])
def test_identity_number_of_other_digits_is_refused_not_crashed(value):
    with pytest.raises(DomainError):
        clean_national_id(value)


@pytest.mark.parametrize("reference", ["²", "#١٢٣", "99999999999999999999"])
def test_a_request_number_no_database_can_hold_finds_nothing(demo, reference):
    economist = demo["users"]["okonom"]
    assert decision_by_reference(user=economist, reference=reference) is None


@pytest.mark.parametrize("search", ["#²", "#１２", "#99999999999999999999"])
def test_household_search_for_such_a_number_answers(client_for, search):
    response = client_for("kontakt").get(reverse("people:list"), {"q": search})
    assert response.status_code in (200, 400)


def test_no_code_checks_digits_with_isdigit_alone():
    offenders = [
        f"{path.relative_to(SRC)}:{number}"
        for path in SRC.rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r"\.is(digit|decimal|numeric)\(\)", line) and "isascii()" not in line
    ]
    assert offenders == []


def test_a_key_no_database_integer_holds_is_an_invalid_choice(db):
    from samskap.accounts.models import Organisation
    from samskap.core.forms import ModelMultipleChoiceField

    field = ModelMultipleChoiceField(queryset=Organisation.objects.all())
    with pytest.raises(ValidationError) as refused:
        field.clean(["99999999999999999999"])
    assert refused.value.code == "invalid_choice"


def test_every_multiple_model_choice_uses_the_guarded_field():
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path != SRC / "core" / "forms.py"
        and "forms.ModelMultipleChoiceField" in path.read_text()
    ]
    assert offenders == []
