"""Amounts too large for any budget: a clear message, never a numeric overflow (500)."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from samskap.core.errors import DomainError
from samskap.core.money import MAX_AMOUNT, parse_amount
from samskap.core.numbers import read_decimal
from samskap.funding.models import GrantReceipt


def _post_receipt(demo, client_for, amount: str):
    """The economist registers a receipt of `amount` as typed, on the pot's page."""
    agreement = demo["agreement"]
    return client_for("okonom").post(
        reverse("funding:receipt", args=[agreement.pk]),
        {
            "scheme": agreement.scheme_amounts.first().scheme.pk,
            "received_on": timezone.localdate().isoformat(),
            "amount": amount,
            "reference": "For mye",
        },
    )


def test_a_receipt_of_999_999_999_999_99_kr_is_refused_on_the_page(demo, client_for):
    before = GrantReceipt.objects.count()
    response = _post_receipt(demo, client_for, "999 999 999 999,99")
    assert response.status_code == 400  # the pot's form pages answer a refusal with 400
    assert "Beløpet er for stort: høyst 999" in response.content.decode()
    assert GrantReceipt.objects.count() == before


# 29 digits and more: Decimal's 28 digits of precision made the check of øre raise
# InvalidOperation (a 500 from a 30-character amount field) before "too large" was asked.
@pytest.mark.parametrize("raw", ["9" * 29, "9" * 31])
def test_an_amount_longer_than_its_field_gets_the_money_message_not_a_count(demo, client_for, raw):
    """29 digits answered 500 and 31 Django's "at most 30 characters": every amount field
    is a core.forms.AmountField, whose length is parse_amount's to judge."""
    before = GrantReceipt.objects.count()
    response = _post_receipt(demo, client_for, raw)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Beløpet er for stort: høyst 999" in html
    assert "tegn" not in html.split('role="alert"', 1)[1]
    assert GrantReceipt.objects.count() == before


@pytest.mark.parametrize(
    "raw", ["999 999 999 999,99", "1 000 000 000", "99999999999999", "9" * 29, "9" * 40 + ",5"]
)
def test_every_amount_field_refuses_more_than_the_maximum(raw):
    with pytest.raises(DomainError, match="for stort") as error:
        parse_amount(raw, field="max_per_decision")
    assert error.value.field == "max_per_decision"


def test_the_maximum_itself_is_accepted():
    assert parse_amount("999 999 999,99") == MAX_AMOUNT


@pytest.mark.parametrize("typed", ["١٢٣", "١٠.٠٠٠", "４５", "１,５"])
def test_amounts_and_numbers_are_typed_in_digits_0_to_9(typed):
    """Python's `\\d` and `Decimal()` take these; a person typing kroner does not mean them."""
    with translation.override("nb"):
        with pytest.raises(DomainError, match="Skriv et beløp i kroner"):
            parse_amount(typed)
        with pytest.raises(ValueError, match="Skriv et tall"):
            read_decimal(typed)
