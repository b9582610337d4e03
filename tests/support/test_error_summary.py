"""Every form's error summary says plainly that nothing was saved (one shared include,
core/form_errors.html): "Ny sak" said only "Please correct the marked fields". And the
request step's promise agrees with what it does before the citizen has confirmed."""

from decimal import Decimal

from django.urls import reverse

from samskap.funding.models import LedgerTransaction
from samskap.people.models import Household
from samskap.support.models import MotivationLetter, SupportRequest
from tests.support.factories import SUBPROJECT, VALID_ACCOUNT, consent_form, fund, household
from tests.support.test_case_flow import LETTER, _lines, _mapping

NOTHING_SAVED = "<strong>Ingenting ble lagret.</strong>"


def _summary(html: str) -> str:
    return html.split('data-color="danger" role="alert">')[1].split("</div>")[0]


def test_new_case_says_nothing_was_saved(demo, client_for):
    households = Household.objects.count()
    response = client_for("kontakt").post(
        reverse("support:case_start"),
        {"subproject": demo["subprojects"][SUBPROJECT].pk, "alias": "", "name": ""},
    )
    assert response.status_code == 200
    summary = _summary(response.content.decode())
    assert NOTHING_SAVED in summary
    assert "Rett opp feltene som er markert, og prøv igjen." in summary
    assert Household.objects.count() == households


def test_the_household_form_and_the_pot_say_it_too(demo, client_for):
    html = client_for("kontakt").post(reverse("people:create"), {"alias": ""}).content.decode()
    assert NOTHING_SAVED in _summary(html)
    postings = LedgerTransaction.objects.count()
    response = client_for("okonom").post(
        reverse("funding:allocate", args=[demo["agreement"].pk]), {"amount": "x"}
    )
    assert "<strong>Ingenting ble postert.</strong>" in _summary(response.content.decode())
    assert LedgerTransaction.objects.count() == postings


def _unconfirmed_request_step(demo, client, **household_kwargs):
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("10000"))
    home = household(demo, alias="Familien Venter", **household_kwargs)
    client.post(reverse("support:case_consent", args=[home.pk]), consent_form(home))
    client.post(reverse("support:case_mapping", args=[home.pk]), _mapping(demo))
    client.post(reverse("support:case_letter", args=[home.pk]), LETTER)
    assert MotivationLetter.objects.get(household=home).confirmed_at is None
    return home, reverse("support:case_request", args=[home.pk])


def test_the_request_step_promises_what_it_does_before_the_letter_is_confirmed(demo, client_for):
    client = client_for("kontakt")
    home, url = _unconfirmed_request_step(demo, client)
    page = client.get(url).content.decode()
    # It said the request "goes to the team once the letter is confirmed", then refused it.
    assert "den går til teamet når brevet er bekreftet" not in page
    assert "kan settes på teamets saksliste først når innbyggeren har bekreftet brevet" in page
    assert "Den går ikke til teamet av seg selv." in page
    row = {"form": "cash", "description": "Kjøretimer", "amount": "3 500"}
    response = client.post(url, _lines(row))
    summary = _summary(response.content.decode())
    assert NOTHING_SAVED in summary
    assert "Innbyggeren må bekrefte motivasjonsbrevet først." in summary
    assert 'value="3 500"' in response.content.decode()
    assert not SupportRequest.objects.filter(household=home).exists()


def test_when_only_the_account_typed_on_the_request_step_is_saved_the_summary_says_so(
    demo, client_for
):
    client = client_for("kontakt")
    home, url = _unconfirmed_request_step(demo, client, account="")
    row = {"form": "cash", "description": "Kjøretimer", "amount": "1200"}
    account = {"bank_account": VALID_ACCOUNT, "account_holder": "Ali", "confirm_duplicate": "on"}
    response = client.post(url, _lines(row, account=account))
    summary = _summary(response.content.decode())
    assert "<strong>Utbetalingskontoen er lagret, men søknaden er ikke det.</strong>" in summary
    assert "Ingenting ble lagret" not in summary
    home.refresh_from_db()
    assert home.bank_account == VALID_ACCOUNT
    assert not SupportRequest.objects.filter(household=home).exists()
