"""The guided case (issue #10): household to the team's agenda as steps of one flow that
saves as it goes, can be resumed, checks each thing at its own step and keeps what was
typed when a check fails."""

from decimal import Decimal

import pytest
from django.urls import reverse

from samskap.accounts.models import Organisation
from samskap.people.models import Consent, Household, LegalBasisRecord, Member
from samskap.support.links import letter_token
from samskap.support.models import MotivationLetter, NeedsMapping, SupportLine, SupportRequest
from tests.support.factories import (
    SUBPROJECT,
    VALID_ACCOUNT,
    consent_form,
    fund,
    household,
)

ALIAS = "Familien Veiviser"


def _start(client, demo, **extra):
    data = {
        "subproject": demo["subprojects"][SUBPROJECT].pk,
        "alias": ALIAS,
        "name": "Sara",
        "role": "young_person",
        "birth_year": "2006",
        "national_id": "",
        "preferred_language": "nb",
        "phone": "",
        "email": "",
        **extra,
    }
    return client.post(reverse("support:case_start"), data)


def _lines(*rows, account=None) -> dict:
    data = {
        "line-TOTAL_FORMS": str(len(rows)),
        "line-INITIAL_FORMS": "0",
        "line-MIN_NUM_FORMS": "1",
        "line-MAX_NUM_FORMS": "10",
        "help-TOTAL_FORMS": "0",
        "help-INITIAL_FORMS": "0",
        "help-MIN_NUM_FORMS": "0",
        "help-MAX_NUM_FORMS": "10",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"line-{index}-{key}"] = value
    if account is not None:
        for key, value in account.items():
            data[f"account-{key}"] = value
    return data


def _mapping(demo) -> dict:
    # NAV: the service the factories' consent (and the legal basis below) covers.
    nav = Organisation.objects.get(municipality=demo["municipality"], kind="nav")
    return {
        "place": "home",
        "services_present": [nav.pk],
        "basic_needs": ["transport"],
        "notes": "",
    }


LETTER = {
    "language": "nb",
    "need": "Førerkort for å få jobb",
    "purpose": "Kjøretimer",
    "commitment": "Møte opp",
    "other_help_wanted": "",
}


def test_the_whole_case_in_seven_posts_and_resumable_at_each_step(demo, client_for):
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("10000"))
    client = client_for("kontakt")
    response = _start(client, demo)
    home = Household.objects.get(alias=ALIAS)
    account_url = reverse("support:case_account", args=[home.pk])
    assert response.url == account_url
    resume = reverse("support:case", args=[home.pk])
    # Resuming before consent goes to the consent step (the account may wait).
    assert client.get(resume).url == reverse("support:case_consent", args=[home.pk])

    response = client.post(account_url, {"bank_account": "1503 10 00006", "account_holder": "Sara"})
    assert response.url == reverse("support:case_consent", args=[home.pk])
    response = client.post(response.url, consent_form(home))
    assert response.url == reverse("support:case_mapping", args=[home.pk])
    assert client.get(resume).url == response.url
    response = client.post(response.url, _mapping(demo))
    assert response.url == reverse("support:case_letter", args=[home.pk])
    response = client.post(response.url, LETTER)
    request_url = reverse("support:case_request", args=[home.pk])
    assert response.url == request_url
    letter = MotivationLetter.objects.get(household=home)
    assert letter.link_sent_at is not None
    page = client.get(request_url).content.decode()
    assert 'id="confirmation-link"' in page and "Venter på bekreftelse fra innbyggeren" in page

    # Before the citizen confirms: refused, the amounts stay as typed, nothing stored.
    row = {"form": "cash", "description": "Kjøretimer", "amount": "3 500"}
    response = client.post(request_url, _lines(row))
    assert response.status_code == 200
    assert "Innbyggeren må bekrefte motivasjonsbrevet først." in response.content.decode()
    assert 'value="3 500"' in response.content.decode()
    assert not SupportRequest.objects.filter(household=home).exists()

    client.logout()
    from django.test import Client

    Client().post(reverse("support:confirm", args=[letter_token(letter)]))
    client = client_for("kontakt")
    response = client.post(request_url, _lines(row))
    support_request = SupportRequest.objects.get(household=home)
    assert response.url == reverse("support:request_detail", args=[support_request.pk])
    assert client.get(resume).url == response.url
    assert NeedsMapping.objects.filter(household=home).count() == 1


def test_the_account_is_checked_at_its_step_and_nothing_typed_is_lost(demo, client_for):
    client = client_for("kontakt")
    _start(client, demo)
    home = Household.objects.get(alias=ALIAS)
    url = reverse("support:case_account", args=[home.pk])
    response = client.post(url, {"bank_account": "1234.56.78904", "account_holder": "Sara S"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dette er ikke et gyldig norsk kontonummer" in page
    assert 'value="1234.56.78904"' in page and 'value="Sara S"' in page
    home.refresh_from_db()
    assert home.bank_account == ""


def test_a_missing_account_is_typed_on_the_request_step_with_the_amounts(demo, client_for):
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("10000"))
    home = household(demo, alias=ALIAS, account="")
    client = client_for("kontakt")
    client.post(reverse("support:case_consent", args=[home.pk]), consent_form(home))
    client.post(reverse("support:case_mapping", args=[home.pk]), _mapping(demo))
    client.post(reverse("support:case_letter", args=[home.pk]), LETTER)
    letter = MotivationLetter.objects.get(household=home)
    from django.test import Client

    client.logout()
    Client().post(reverse("support:confirm", args=[letter_token(letter)]))
    client = client_for("kontakt")
    url = reverse("support:case_request", args=[home.pk])
    page = client.get(url).content.decode()
    assert 'name="account-bank_account"' in page

    cash = {"form": "cash", "description": "Kjøretimer", "amount": "1200"}
    # No account typed: the cash line is refused at its field, the rows stay.
    response = client.post(url, _lines(cash))
    page = response.content.decode()
    assert "Registrer husstandens bankkonto" in page and 'value="1200"' in page
    # A wrong account: refused on the account field, the amount kept, nothing stored.
    response = client.post(
        url, _lines(cash, account={"bank_account": "1234.56.78904", "account_holder": "Ali"})
    )
    page = response.content.decode()
    assert "gyldig norsk kontonummer" in page and 'value="1200"' in page
    home.refresh_from_db()
    assert home.bank_account == "" and not SupportRequest.objects.filter(household=home).exists()
    # The right one: saved with the request, in one press.
    response = client.post(
        url,
        _lines(
            cash,
            account={
                "bank_account": VALID_ACCOUNT,
                "account_holder": "Ali",
                "confirm_duplicate": "on",
            },
        ),
    )
    assert response.status_code == 302
    home.refresh_from_db()
    assert home.bank_account == VALID_ACCOUNT
    assert SupportRequest.objects.filter(household=home).count() == 1


def test_supplier_fields_belong_to_purchases_only(demo, client_for):
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("10000"))
    home = household(demo, alias=ALIAS)
    client = client_for("kontakt")
    client.post(reverse("support:case_consent", args=[home.pk]), consent_form(home))
    client.post(reverse("support:case_mapping", args=[home.pk]), _mapping(demo))
    client.post(reverse("support:case_letter", args=[home.pk]), LETTER)
    letter = MotivationLetter.objects.get(household=home)
    from django.test import Client

    client.logout()
    Client().post(reverse("support:confirm", args=[letter_token(letter)]))
    client = client_for("kontakt")
    url = reverse("support:case_request", args=[home.pk])
    page = client.get(url).content.decode()
    # Grouped so the page shows them only when "purchase" is chosen.
    assert page.count('class="supplier-fields stack"') == 3
    # Typed for a purchase, then switched to cash: the supplier and KID are dropped,
    # not refused on a field the page no longer shows.
    row = {
        "form": "cash",
        "description": "Kjøretimer",
        "amount": "800",
        "supplier_name": "Trafikkskolen",
        "supplier_account": VALID_ACCOUNT,
        "kid": "1234567890",
    }
    response = client.post(url, _lines(row))
    assert response.status_code == 302
    line = SupportLine.objects.get(request__household=home)
    assert line.supplier_name == "" and line.kid == "" and line.supplier_account == ""


def test_mapping_waits_for_consent_or_another_legal_basis(demo, client_for):
    home = household(demo, alias=ALIAS)
    client = client_for("kontakt")
    url = reverse("support:case_mapping", args=[home.pk])
    response = client.post(url, _mapping(demo))
    assert response.status_code == 200
    assert "Ikke noe gyldig samtykke" in response.content.decode()
    assert "NAV" in response.content.decode()
    assert not NeedsMapping.objects.filter(household=home).exists()
    # Another legal basis, recorded on its own page, comes back to the case.
    response = client.post(
        reverse("people:legal_basis_record", args=[home.pk]) + f"?next={url}",
        {
            "basis": "public_task",
            "legal_reference": "sosialtjenesteloven § 17",
            "services": ["nav"],
            "purposes": ["needs_mapping"],
            "next": url,
        },
    )
    assert response.url == url
    assert LegalBasisRecord.objects.filter(household=home).exists()
    assert not Consent.objects.filter(household=home).exists()
    assert client.post(url, _mapping(demo)).status_code == 302


def test_an_outside_next_is_not_followed(demo, client_for):
    home = household(demo, alias=ALIAS)
    response = client_for("kontakt").post(
        reverse("people:legal_basis_record", args=[home.pk]),
        {
            "basis": "public_task",
            "legal_reference": "sosialtjenesteloven § 17",
            "services": ["nav"],
            "purposes": ["needs_mapping"],
            "next": "https://example.com/",
        },
    )
    assert response.url == reverse("people:detail", args=[home.pk])


def test_members_are_added_on_their_step_and_bad_input_keeps_the_form(demo, client_for):
    client = client_for("kontakt")
    response = _start(client, demo, more_people="1")
    home = Household.objects.get(alias=ALIAS)
    url = reverse("support:case_members", args=[home.pk])
    assert response.url == url
    person = {
        "name": "Lillebror",
        "role": "child",
        "birth_year": "2099",
        "national_id": "",
        "preferred_language": "nb",
        "phone": "",
        "email": "",
    }
    response = client.post(url, person, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Fødselsåret kan ikke være fram i tid." in response.content.decode()
    assert Member.objects.filter(household=home).count() == 1
    response = client.post(url, {**person, "birth_year": "2015"}, follow=True)
    assert "Lillebror er lagt til." in response.content.decode()
    assert Member.objects.filter(household=home).count() == 2


@pytest.mark.parametrize(
    "name",
    ["case", "case_members", "case_account", "case_consent", "case_mapping", "case_letter"],
)
def test_another_team_gets_the_same_404_and_nothing_is_written(demo, client_for, name):
    home = household(demo, alias=ALIAS)
    url = reverse(f"support:{name}", args=[home.pk])
    for username in ("okonom", "skole.dahl"):
        assert client_for(username).get(url).status_code == 404
        assert client_for(username).post(url, LETTER).status_code == 404
    assert not MotivationLetter.objects.filter(household=home).exists()
