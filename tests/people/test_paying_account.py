"""A household's payee account is never the account the programme pays from.

The municipality's registered DebtorAccount (the demo registers settings.SAMSKAP_DEBTOR's
86011117947), or that default while none is registered, is refused wherever a payee
account is typed: the household's own account (created or changed), a purchase's
supplier account, and a payment's correction (tests/payments/test_export.py).
"""

import pytest
from django.urls import reverse

from samskap.core.errors import DomainError
from samskap.payments.models import DebtorAccount
from samskap.people import services
from samskap.people.models import Household
from tests.support.factories import (
    DEBTOR_ACCOUNT,
    OTHER_ACCOUNT,
    VALID_ACCOUNT,
    household,
    request,
)

REFUSAL = "Dette er kommunens egen konto, den programmet betaler fra."


def test_the_factories_pay_to_a_family_account_not_the_debtors(demo):
    debtor = DebtorAccount.objects.get(municipality=demo["municipality"])
    assert debtor.account == DEBTOR_ACCOUNT != VALID_ACCOUNT


@pytest.mark.parametrize("typed", [DEBTOR_ACCOUNT, "8601.11.17947", " 8601 11 17947 "])
def test_a_new_household_with_the_paying_account_is_refused(demo, typed):
    with pytest.raises(DomainError) as refused:
        household(demo, alias="Familien Egenkonto", account=typed)
    assert refused.value.field == "bank_account"
    assert not Household.objects.filter(alias="Familien Egenkonto").exists()


def test_changing_to_the_paying_account_is_refused_and_the_old_one_kept(demo):
    home = household(demo)
    with pytest.raises(DomainError) as refused:
        services.household_bank_account_set(
            acting_user=demo["users"]["kontakt"],
            household=home,
            bank_account=DEBTOR_ACCOUNT,
            account_holder="Ali Testesen",
            confirm_duplicate=True,
        )
    assert refused.value.field == "bank_account"
    home.refresh_from_db()
    assert home.bank_account == VALID_ACCOUNT


def test_the_account_page_says_why_in_norwegian(demo, client_for):
    home = household(demo)
    response = client_for("kontakt").post(
        reverse("people:bank_account", args=[home.pk]),
        {"bank_account": DEBTOR_ACCOUNT, "account_holder": "Ali", "confirm_duplicate": "on"},
    )
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    home.refresh_from_db()
    assert home.bank_account == VALID_ACCOUNT


def test_the_registered_account_is_the_one_refused(demo):
    """A municipality that registered another paying account: that one is refused, and
    the settings default is an ordinary account again."""
    DebtorAccount.objects.filter(municipality=demo["municipality"]).update(account=OTHER_ACCOUNT)
    with pytest.raises(DomainError):
        household(demo, alias="Familien Egenkonto", account=OTHER_ACCOUNT)
    assert household(demo, alias="Familien Vanlig", account=DEBTOR_ACCOUNT).bank_account == (
        DEBTOR_ACCOUNT
    )


def test_without_a_registered_account_the_settings_default_is_refused(demo):
    DebtorAccount.objects.filter(municipality=demo["municipality"]).delete()
    with pytest.raises(DomainError):
        household(demo, alias="Familien Egenkonto", account=DEBTOR_ACCOUNT)


def test_a_purchase_to_the_paying_account_is_refused(demo):
    with pytest.raises(DomainError) as refused:
        request(
            demo,
            form="purchase",
            supplier_name="Trafikkskolen",
            supplier_account=DEBTOR_ACCOUNT,
        )
    assert refused.value.field == "supplier_account"


def test_the_demo_households_never_use_the_paying_account(demo):
    debtor = DebtorAccount.objects.get(municipality=demo["municipality"]).account
    assert not Household.objects.filter(bank_account=debtor).exists()


def _register_paying_account(demo, account):
    from samskap.payments import services as payment_services

    return payment_services.debtor_account_set(
        acting_user=demo["users"]["okonom"],
        municipality=demo["municipality"],
        name="Bamble kommune",
        organisation_number="942110464",
        account=account,
        bic="DNBANOKKXXX",
    )


def test_a_paying_account_a_household_is_paid_to_is_refused(demo):
    """The mirror case: the economist registers, as the programme's account, one a
    household already receives on. Refused, and the registered account is kept."""
    household(demo, alias="Familien Konto", account=OTHER_ACCOUNT)
    with pytest.raises(DomainError) as refused:
        _register_paying_account(demo, "1234.56.78903")  # OTHER_ACCOUNT, as typed
    assert refused.value.field == "account"
    assert "allerede registrert som mottakerkonto" in str(refused.value.message)
    assert DebtorAccount.objects.get(municipality=demo["municipality"]).account == DEBTOR_ACCOUNT


def test_a_paying_account_a_supplier_is_paid_to_is_refused(demo):
    request(demo, form="purchase", supplier_name="Trafikkskolen", supplier_account=OTHER_ACCOUNT)
    with pytest.raises(DomainError):
        _register_paying_account(demo, OTHER_ACCOUNT)
    assert DebtorAccount.objects.get(municipality=demo["municipality"]).account == DEBTOR_ACCOUNT


def test_the_paying_account_page_says_why_and_keeps_the_account(demo, client_for):
    household(demo, alias="Familien Konto", account=OTHER_ACCOUNT)
    response = client_for("okonom").post(
        reverse("payments:debtor"),
        {
            "name": "Bamble kommune",
            "organisation_number": "942110464",
            "account": OTHER_ACCOUNT,
            "bic": "DNBANOKKXXX",
        },
    )
    assert response.status_code == 200
    assert "allerede registrert som mottakerkonto" in response.content.decode()
    assert DebtorAccount.objects.get(municipality=demo["municipality"]).account == DEBTOR_ACCOUNT


def test_an_account_paid_to_in_another_municipality_may_be_this_ones(demo):
    """Payees are per municipality: another municipality's household says nothing here."""
    from samskap.accounts import services as accounts_services

    bamble = accounts_services.municipality_create(acting_user=None, name="Bamble", number="4012")
    Household.objects.create(
        municipality=bamble,
        alias="Et annet sted",
        contact_person=demo["users"]["kontakt"],
        bank_account="12060000016",
    )
    assert _register_paying_account(demo, "12060000016").account == "12060000016"


ELSEWHERE_REFUSAL = "Dette er en annen kommunes konto, den programmet der betaler fra."


@pytest.fixture
def bamble_pays_from(demo):
    """Another municipality with its own registered paying account; returns the account."""
    from samskap.accounts import services as accounts_services
    from samskap.payments import services as payment_services

    bamble = accounts_services.municipality_create(acting_user=None, name="Bamble", number="4012")
    return payment_services.debtor_account_set(
        acting_user=None,
        municipality=bamble,
        name="Bamble kommune",
        organisation_number="964963193",
        account="1503 27 00028",
        bic="DNBANOKKXXX",
    ).account


def test_a_new_household_with_another_municipalitys_paying_account_is_refused(
    demo, bamble_pays_from
):
    """The trial: Thea in Trondheim was given Frøya's paying account, and it was kept."""
    with pytest.raises(DomainError) as refused:
        household(demo, alias="Familien Frøyakonto", account="1503.27.00028")
    assert refused.value.field == "bank_account"
    assert str(refused.value.message) == (
        ELSEWHERE_REFUSAL + " Skriv inn kontoen pengene skal betales til."
    )
    assert not Household.objects.filter(alias="Familien Frøyakonto").exists()


def test_the_account_page_refuses_another_municipalitys_paying_account(
    demo, client_for, bamble_pays_from
):
    home = household(demo)
    response = client_for("kontakt").post(
        reverse("people:bank_account", args=[home.pk]),
        {"bank_account": bamble_pays_from, "account_holder": "Ali", "confirm_duplicate": "on"},
    )
    assert response.status_code == 200
    assert ELSEWHERE_REFUSAL in response.content.decode()
    home.refresh_from_db()
    assert home.bank_account == VALID_ACCOUNT


def test_a_supplier_paid_to_another_municipalitys_paying_account_is_refused(demo, bamble_pays_from):
    with pytest.raises(DomainError) as refused:
        request(
            demo, form="purchase", supplier_name="Trafikkskolen", supplier_account=bamble_pays_from
        )
    assert refused.value.field == "supplier_account"


@pytest.mark.parametrize("page", ["people:bank_account", "support:case_account"])
def test_a_bad_account_and_an_empty_holder_come_in_one_answer(demo, client_for, page):
    """The trial: the empty holder was named first, the bad account on the next try."""
    home = household(demo)
    before = (home.bank_account, home.account_holder)
    response = client_for("kontakt").post(
        reverse(page, args=[home.pk]), {"bank_account": "123", "account_holder": ""}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"bank_account", "account_holder"}
    assert "gyldig norsk kontonummer" in form.errors["bank_account"][0]
    home.refresh_from_db()
    assert (home.bank_account, home.account_holder) == before


def test_the_service_refuses_a_missing_account_and_holder_together(demo):
    home = household(demo)
    with pytest.raises(DomainError) as refused:
        services.household_bank_account_set(
            acting_user=demo["users"]["kontakt"],
            household=home,
            bank_account=None,
            account_holder=None,
        )
    assert [problem.field for problem in refused.value.problems] == [
        "bank_account",
        "account_holder",
    ]
