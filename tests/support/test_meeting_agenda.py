"""The agenda shows what the team decides on: the letter, the needs mapping, the household's
year counted per person and payout account, the decider's own limit, and which requests
would wait for a second approver (and who could confirm them)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from samskap.funding.models import AuthorityLimit
from samskap.support import selectors, services
from tests.support.factories import (
    SUBPROJECT,
    consent_to_map,
    decide,
    fund,
    household,
    organisations,
    request,
    set_limits,
)


@pytest.fixture
def funded(demo):
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("100000"))
    set_limits(demo, per_decision="10000", per_year="30000")
    return demo


def agenda_html(client, support) -> str:
    response = client.get(reverse("support:meeting", args=[support.subproject_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_agenda_shows_the_letter_the_mapping_and_the_deciders_limit(funded, client_for):
    support = request(funded, amount="2000")
    consent_to_map(funded, support.household)
    services.needs_mapping_record(
        acting_user=funded["users"]["kontakt"],
        household=support.household,
        subproject=support.subproject,
        place="school",
        services_present=organisations(funded),
        basic_needs=["clothing"],
    )
    html = agenda_html(client_for("leder"), support)
    assert "Førerkort" in html and "Kjøretimer" in html and "Møte opp til timene" in html
    assert "Klær" in html  # the basic need mapped
    assert "Ditt eget handlingsrom her" in html
    assert "10\u00a0000,00\u00a0kr" in html and "30\u00a0000,00\u00a0kr" in html
    assert "Innenfor ditt handlingsrom: endelig med en gang." in html


def test_a_request_above_the_deciders_limit_is_marked_with_who_could_confirm(funded, client_for):
    support = request(funded, amount="15000")
    AuthorityLimit.objects.filter(team_role="member").update(max_per_decision=Decimal("20000"))
    html = agenda_html(client_for("leder"), support)
    assert "Trenger godkjenner nummer to" in html
    assert "over grensen din per vedtak (10\u00a0000,00\u00a0kr)" in html
    assert "Må godkjennes av et teammedlem med fullmakt" in html


def test_nobody_on_the_team_with_enough_authority_escalates_to_the_economist(funded, client_for):
    support = request(funded, amount="15000")
    html = agenda_html(client_for("leder"), support)
    assert "Må godkjennes av økonomen" in html


def test_the_household_year_counts_another_registration_of_the_same_account(funded, client_for):
    earlier = request(funded, amount="4000", alias="Første registrering")
    decide(funded, [earlier])
    # Same payout account (the factories' shared test account), new registration.
    support = request(funded, amount="1000", alias="Andre registrering")
    item = next(
        item
        for item in selectors.agenda_for(
            subproject=support.subproject,
            pot=selectors.pot_context(subproject=support.subproject),
            user=funded["users"]["leder"],
        )
        if item.request.pk == support.pk
    )
    assert item.received_this_year >= Decimal("4000.00")
    assert item.related >= 1
    html = agenda_html(client_for("leder"), support)
    assert "som deler en person eller utbetalingskontoen" in html


def test_your_own_proposal_is_marked_for_a_second_approver(funded, client_for):
    support = request(funded, by="leder", amount="100")
    html = agenda_html(client_for("leder"), support)
    assert "du har foreslått den selv" in html


def test_a_decider_without_delegated_authority_is_told_so(funded, client_for):
    AuthorityLimit.objects.all().delete()
    support = request(funded, amount="100")
    html = agenda_html(client_for("leder"), support)
    assert "Du har ikke delegert myndighet i dette delprosjektet" in html
    assert "du har ikke delegert myndighet her" in html
    assert household  # the factory module stays the one place households are made


def test_each_row_says_its_rationale_is_needed_with_a_decision(funded, client_for):
    # The rationale is not a required field ("Not now" needs none), so it has no "*":
    # the new-user trial chose "Approved", left it empty and learnt only from the refusal.
    support = request(funded, amount="2000")
    html = agenda_html(client_for("leder"), support)
    hint = re.search(
        r'<div[^>]*id="(id_[^"]*rationale)_help">Må fylles ut for hvert vedtak\.', html
    )
    assert hint, "no hint under the rationale"
    assert f'aria-describedby="{hint.group(1)}_help"' in html
