"""Every read of sub-project data applies the user's scope; outsiders get 404."""

import re

import pytest
from django.test import Client

from samskap.accounts import services as accounts_services
from samskap.accounts.models import Role
from samskap.funding import services as funding_services
from samskap.subprojects import services as subproject_services

OWN = "Veien til førerkortet"  # kontakt, leder and team sit on this team
OTHER = "Praktisk grunnskole"  # none of them do

# role -> (sees OWN, sees OTHER)
EXPECTED = {
    "okonom": (True, True),
    "admin": (True, True),
    "leder": (True, False),
    "kontakt": (True, False),
    "team": (True, False),
    "stat": (True, True),
}


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_subproject_pages_follow_scope(client_for, demo, username):
    client = client_for(username)
    sees_own, sees_other = EXPECTED[username]
    own = demo["subprojects"][OWN]
    other = demo["subprojects"][OTHER]
    assert client.get(f"/delprosjekter/{own.pk}/").status_code == (200 if sees_own else 404)
    assert client.get(f"/delprosjekter/{other.pk}/").status_code == (200 if sees_other else 404)
    listing = client.get("/delprosjekter/").content.decode()
    assert (OTHER in listing) == sees_other
    assert OWN in listing


def test_missing_and_forbidden_look_the_same(client_for, demo):
    client = client_for("kontakt")
    forbidden = client.get(f"/delprosjekter/{demo['subprojects'][OTHER].pk}/")
    missing = client.get("/delprosjekter/999999/")
    assert forbidden.status_code == missing.status_code == 404
    assert main_content(forbidden) == main_content(missing)
    assert "Fant ikke siden" in main_content(missing)


def main_content(response) -> str:
    # The page shell differs by path and CSRF token; what the page says must not.
    return re.search(r"<main.*</main>", response.content.decode(), re.DOTALL).group(0)


def test_detail_shows_goals_and_team_with_organisations(client_for, demo):
    page = client_for("kontakt").get(f"/delprosjekter/{demo['subprojects'][OWN].pk}/")
    html = page.content.decode()
    assert "Deltakerne tar førerkort klasse B." in html
    assert "Trøndelag politidistrikt" in html
    assert "NAV Trondheim" in html
    assert "18–24" in html


@pytest.fixture
def other_municipality(demo):
    """Bamble with its own agreement and staff: Trondheim must never see it, nor it Trondheim."""
    bamble = accounts_services.municipality_create(acting_user=None, name="Bamble", number="4012")
    economist = accounts_services.user_create(
        acting_user=None,
        username="bamble.okonom",
        role=Role.ECONOMIST,
        municipality=bamble,
        first_name="Berit",
        last_name="Bamble",
        password="bamble-demo-pass",
    )
    trondheim = demo["agreement"]
    agreement = funding_services.agreement_create(
        acting_user=economist,
        municipality=bamble,
        name="Bamble 0–24",
        reference="0-24-BAM",
        starts_on=trondheim.starts_on,
        ends_on=trondheim.ends_on,
        yearly_amounts={},
    )
    subproject = subproject_services.subproject_create(
        acting_user=economist,
        agreement=agreement,
        name="Ung i Bamble",
        summary="Bamble sitt delprosjekt.",
        target_group="Unge i Bamble",
        age_from=15,
        age_to=24,
    )
    return {"economist": economist, "subproject": subproject, "agreement": agreement}


def test_municipalities_are_isolated(client_for, demo, other_municipality):
    trondheim_economist = client_for("okonom")
    assert (
        trondheim_economist.get(
            f"/delprosjekter/{other_municipality['subproject'].pk}/"
        ).status_code
        == 404
    )
    assert "Bamble 0–24" not in trondheim_economist.get("/potten/").content.decode()
    bamble = Client()
    bamble.force_login(other_municipality["economist"])
    assert bamble.get(f"/delprosjekter/{demo['subprojects'][OWN].pk}/").status_code == 404
    assert OWN not in bamble.get("/delprosjekter/").content.decode()
    # The state's viewer sees both programmes side by side (its start page), and not one
    # municipality's pot pages: the state's own view has the figures, small groups hidden.
    state = client_for("stat").get("/").content.decode()
    assert "Bamble 0–24" in state and demo["agreement"].name in state
    assert client_for("stat").get("/potten/").status_code == 404


@pytest.mark.parametrize("url", ["/", "/potten/", "/delprosjekter/"])
def test_anonymous_users_are_sent_to_login(db, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logg-inn/")
