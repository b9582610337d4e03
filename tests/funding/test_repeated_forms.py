"""A receipt or an allocation sent twice lands on "already recorded", never a 500."""

import uuid
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from samskap.core.errors import AlreadyRecorded
from samskap.funding import selectors, services
from samskap.funding.models import GrantReceipt, LedgerTransaction
from samskap.funding.reports import pot_overview


@pytest.fixture
def agreement(demo):
    return demo["agreement"]


def receipt_form(agreement, reference="NB-2026-00042", amount="125 000"):
    scheme = agreement.scheme_amounts.order_by("pk").first().scheme
    return {
        "scheme": scheme.pk,
        "received_on": timezone.localdate().isoformat(),
        "amount": amount,
        "reference": reference,
        "confirm_above_agreement": "on",  # the demo has received its plan already
    }


def test_the_same_receipt_twice_is_registered_once(client_for, agreement):
    economist = client_for("okonom")
    url = reverse("funding:receipt", args=[agreement.pk])
    received = pot_overview(agreement=agreement).received
    assert economist.post(url, receipt_form(agreement)).status_code == 302
    again = economist.post(url, receipt_form(agreement))
    assert again.status_code == 200
    html = again.content.decode()
    assert "Allerede registrert" in html and "NB-2026-00042" in html
    assert GrantReceipt.objects.filter(reference="NB-2026-00042").count() == 1
    assert pot_overview(agreement=agreement).received == received + Decimal("125000")


def test_the_same_reference_with_another_amount_is_still_refused(client_for, agreement):
    economist = client_for("okonom")
    url = reverse("funding:receipt", args=[agreement.pk])
    economist.post(url, receipt_form(agreement))
    count = LedgerTransaction.objects.count()
    again = economist.post(url, receipt_form(agreement, amount="1"))
    assert "Allerede registrert" in again.content.decode()
    assert LedgerTransaction.objects.count() == count


def test_the_same_reference_from_another_scheme_is_another_receipt(demo, agreement):
    first, second = list(selectors.schemes_of(agreement=agreement).order_by("pk")[:2])
    for scheme in (first, second):
        services.grant_receipt_create(
            acting_user=demo["users"]["okonom"],
            agreement=agreement,
            scheme=scheme,
            received_on=timezone.localdate(),
            amount="100",
            reference="SAMME-REF",
            confirm_above_agreement=True,
        )
    assert GrantReceipt.objects.filter(reference="SAMME-REF").count() == 2
    with pytest.raises(AlreadyRecorded):
        services.grant_receipt_create(
            acting_user=demo["users"]["okonom"],
            agreement=agreement,
            scheme=first,
            received_on=timezone.localdate(),
            amount="100",
            reference=" SAMME-REF ",
        )


def test_the_database_refuses_a_reference_twice_per_scheme(demo, agreement):
    scheme = agreement.scheme_amounts.order_by("pk").first().scheme
    made = [
        services.grant_receipt_create(
            acting_user=demo["users"]["okonom"],
            agreement=agreement,
            scheme=scheme,
            received_on=timezone.localdate(),
            amount="100",
            reference=reference,
            confirm_above_agreement=True,
        )
        for reference in ("DB-1", "DB-2")
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantReceipt.objects.filter(pk=made[1].pk).update(reference="DB-1")


def allocation_form(demo, agreement, token):
    return {
        "token": token,
        "subproject": demo["subprojects"]["Stødig start"].pk,
        "year": agreement.years[1],
        "amount": "1 000",
        "earmarked_scheme": "",
        "reason": "Flere unge",
    }


def test_the_same_allocation_form_twice_allocates_once(client_for, demo, agreement):
    economist = client_for("okonom")
    url = reverse("funding:allocate", args=[agreement.pk])
    token = economist.get(url).context["form"]["token"].value()
    assert len(token) == 32
    before = pot_overview(agreement=agreement).total.allocated
    assert economist.post(url, allocation_form(demo, agreement, token)).status_code == 302
    again = economist.post(url, allocation_form(demo, agreement, token))
    assert again.status_code == 200
    assert "Allerede registrert" in again.content.decode()
    assert pot_overview(agreement=agreement).total.allocated == before + Decimal("1000")
    # A freshly shown form allocates again: the token guards one page, not the amount.
    fresh = allocation_form(demo, agreement, uuid.uuid4().hex)
    assert economist.post(url, fresh).status_code == 302
    assert pot_overview(agreement=agreement).total.allocated == before + Decimal("2000")


def test_an_allocation_without_its_form_token_posts_nothing(client_for, demo, agreement):
    count = LedgerTransaction.objects.count()
    data = allocation_form(demo, agreement, "")
    response = client_for("okonom").post(reverse("funding:allocate", args=[agreement.pk]), data)
    assert response.status_code == 400
    assert LedgerTransaction.objects.count() == count


@pytest.mark.parametrize("typed", ["١٢٣", "۱۲۳", "４５", "1٢3"])
def test_an_allocation_in_digits_other_than_0_to_9_is_refused(client_for, demo, agreement, typed):
    """The trial's case: "١٢٣" (Arabic-Indic digits) allocated 123 kr. Python's `\\d` and
    `Decimal()` read them; a Norwegian form's amount is digits 0-9 (core.text.is_digits)."""
    count = LedgerTransaction.objects.count()
    economist = client_for("okonom")
    url = reverse("funding:allocate", args=[agreement.pk])
    token = economist.get(url).context["form"]["token"].value()
    response = economist.post(url, {**allocation_form(demo, agreement, token), "amount": typed})
    assert response.status_code == 400
    assert "Skriv et beløp i kroner" in response.content.decode()
    assert LedgerTransaction.objects.count() == count
