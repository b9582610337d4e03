"""A receipt above what the agreement says a scheme pays that year asks for confirmation
and says by how much; one that would overflow the ledger's columns is refused."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from samskap.core.errors import DomainError
from samskap.core.money import MAX_BALANCE, format_nok
from samskap.funding import selectors, services
from samskap.funding.errors import AboveAgreement
from samskap.funding.models import Account, AccountKind, GrantReceipt, LedgerTransaction

D = Decimal


@pytest.fixture
def scheme(demo):
    agreement = demo["agreement"]
    return agreement.scheme_amounts.order_by("pk").first().scheme


def headroom(demo, scheme) -> Decimal:
    year = timezone.localdate().year
    planned = selectors.scheme_year_amount(agreement=demo["agreement"], scheme=scheme, year=year)
    received = selectors.received_in_year(agreement=demo["agreement"], scheme=scheme, year=year)
    return planned - received


def receive(demo, scheme, amount, reference="R-1", **kwargs):
    return services.grant_receipt_create(
        acting_user=demo["users"]["okonom"],
        agreement=demo["agreement"],
        scheme=scheme,
        received_on=timezone.localdate(),
        amount=amount,
        reference=reference,
        **kwargs,
    )


def test_the_issues_20_million_asks_first_and_says_by_how_much(demo, scheme):
    over = D("20000000") - headroom(demo, scheme)
    before = (GrantReceipt.objects.count(), LedgerTransaction.objects.count())
    with pytest.raises(AboveAgreement) as error:
        receive(demo, scheme, "20 000 000")
    assert error.value.over == over
    message = str(error.value.message)
    assert "20\u00a0000\u00a0000,00\u00a0kr" in message
    assert format_nok(over) in message
    assert (GrantReceipt.objects.count(), LedgerTransaction.objects.count()) == before
    receipt = receive(demo, scheme, "20 000 000", confirm_above_agreement=True)
    assert receipt.amount == D("20000000")


def test_up_to_the_agreement_needs_no_confirmation(demo, scheme):
    year = timezone.localdate().year
    plan = demo["agreement"].scheme_amounts.get(scheme=scheme, year=year)
    plan.amount += D("1000") - headroom(demo, scheme)  # exactly 1 000 kr left of the plan
    plan.save()
    assert receive(demo, scheme, "1000").amount == D("1000")
    with pytest.raises(AboveAgreement) as error:
        receive(demo, scheme, "0,01", reference="R-2")
    assert error.value.over == D("0.01")


def test_a_scheme_with_nothing_planned_this_year_asks_for_any_amount(demo, scheme):
    year = timezone.localdate().year
    demo["agreement"].scheme_amounts.filter(scheme=scheme, year=year).delete()
    with pytest.raises(AboveAgreement) as error:
        receive(demo, scheme, "1")
    assert error.value.over == D("1.00")


def test_receipts_can_never_overflow_a_balance(demo, scheme, monkeypatch):
    from samskap.funding import pot_services

    income = Account.objects.get(
        agreement=demo["agreement"], kind=AccountKind.INCOME, scheme=scheme
    )
    # The column's maximum, moved down to just above what the scheme has paid in (the
    # database lets no test write the balance itself).
    monkeypatch.setattr(pot_services, "MAX_BALANCE", income.balance + D("100"))
    before = LedgerTransaction.objects.count()
    with pytest.raises(DomainError) as error:
        receive(demo, scheme, "101", confirm_above_agreement=True)
    assert error.value.field == "amount"
    assert LedgerTransaction.objects.count() == before
    assert receive(demo, scheme, "100", reference="R-2", confirm_above_agreement=True)
    assert D("999999999999.99") == MAX_BALANCE


def test_the_page_asks_for_confirmation_then_posts(client_for, demo, scheme):
    economist = client_for("okonom")
    url = reverse("funding:receipt", args=[demo["agreement"].pk])
    form = {
        "scheme": scheme.pk,
        "received_on": timezone.localdate().isoformat(),
        "amount": "20 000 000",
        "reference": "NB-20M",
    }
    asked = economist.post(url, form)
    page = asked.content.decode()
    assert asked.status_code == 400
    assert "mer enn avtalen sier" in page
    assert 'name="confirm_above_agreement"' in page
    assert not GrantReceipt.objects.filter(reference="NB-20M").exists()
    unticked = economist.post(url, form)
    assert unticked.status_code == 400
    assert not GrantReceipt.objects.filter(reference="NB-20M").exists()
    confirmed = economist.post(url, {**form, "confirm_above_agreement": "on"})
    assert confirmed.status_code == 302
    assert GrantReceipt.objects.get(reference="NB-20M").amount == D("20000000")


def test_a_receipt_dated_in_the_future_is_refused(demo, scheme):
    import datetime

    before = GrantReceipt.objects.count()
    with pytest.raises(DomainError) as error:
        services.grant_receipt_create(
            acting_user=demo["users"]["okonom"],
            agreement=demo["agreement"],
            scheme=scheme,
            received_on=timezone.localdate() + datetime.timedelta(days=1),
            amount="1000",
            reference="FRAMTID-1",
            confirm_above_agreement=True,
        )
    assert error.value.field == "received_on"
    assert GrantReceipt.objects.count() == before
