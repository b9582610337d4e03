"""Login, logout, Norwegian error messages and rate limiting."""

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import Client


def login(client, username, password):
    return client.post("/konto/logg-inn/", {"username": username, "password": password})


def test_demo_user_logs_in_and_lands_on_role_start_page(demo):
    client = Client()
    response = login(client, "okonom", "samskap-demo")
    assert response.status_code == 302
    start = client.get("/").content.decode()
    assert "Velkommen, Øystein" in start
    assert "Prosjektavtaler" in start


def test_passwords_are_hashed_with_argon2(demo):
    assert identify_hasher(demo["users"]["okonom"].password).algorithm == "argon2"


def test_wrong_password_gives_norwegian_message_and_no_session(demo):
    client = Client()
    response = login(client, "okonom", "feil")
    assert response.status_code == 200
    assert "Feil brukernavn eller passord" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_empty_login_names_both_fields_in_a_linked_summary(demo):
    """The trial: an empty submit marked the fields but said nothing above the form."""
    response = login(Client(), "", "")
    html = response.content.decode()
    alert = html.split('role="alert"', 1)[1].split("</div>", 1)[0]
    assert "Du ble ikke logget inn." in alert
    assert 'href="#id_username"' in alert and 'href="#id_password"' in alert
    # A wrong password is said once, under the same lead.
    html = login(Client(), "okonom", "feil").content.decode()
    assert html.count("Feil brukernavn eller passord") == 1
    assert "Du ble ikke logget inn." in html


def test_logout_ends_the_session(demo):
    client = Client()
    login(client, "kontakt", "samskap-demo")
    assert client.get("/").status_code == 200
    client.post("/konto/logg-ut/")
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("role_user", ["leder", "kontakt", "team"])
def test_team_roles_see_their_teams_on_start_page(demo, role_user):
    client = Client()
    login(client, role_user, "samskap-demo")
    assert "Veien til førerkortet" in client.get("/").content.decode()


def test_repeated_failures_lock_the_login(demo, settings):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "okonom", "gjett")
    response = login(client, "okonom", "samskap-demo")
    assert response.status_code == 429
    assert "For mange forsøk" in response.content.decode()
    assert "_auth_user_id" not in client.session
