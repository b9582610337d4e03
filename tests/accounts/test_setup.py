"""Setting up a municipality's staff: organisations, users with roles, invitation links,
and the `create_admin` bootstrap. Who may do what; bad input stores nothing."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone, translation

from samskap.accounts import services
from samskap.accounts.models import Invitation, Organisation, Role, User
from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError, NotFoundOrForbidden

GOOD_PASSWORD = "Lang-og-sjelden-2026"


@pytest.fixture
def bamble(db):
    """Another municipality with its own economist."""
    municipality = services.municipality_create(acting_user=None, name="Bamble", number="4012")
    economist = services.user_create(
        acting_user=None,
        username="bamble.okonom",
        role=Role.ECONOMIST,
        municipality=municipality,
        first_name="Bo",
        last_name="Bamble",
    )
    return {"municipality": municipality, "economist": economist}


def invite(demo, by="okonom", **extra):
    values = {
        "username": "ny.kontakt",
        "role": Role.CONTACT_PERSON,
        "first_name": "Nina",
        "last_name": "Ny",
        **extra,
    }
    return services.user_invite(
        acting_user=demo["users"][by], municipality=demo["municipality"], **values
    )


# --- organisations ------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["okonom", "admin"])
def test_the_economy_registers_an_organisation_with_an_audit_row(demo, username):
    organisation = services.organisation_create(
        acting_user=demo["users"][username],
        municipality=demo["municipality"],
        name="Frivilligsentralen Lade",
        kind="volunteer",
    )
    row = AuditRecord.objects.get(action="organisation.create", object_id=str(organisation.pk))
    assert row.actor == demo["users"][username]
    assert row.new_values == {"name": "Frivilligsentralen Lade", "kind": "volunteer"}


@pytest.mark.parametrize("username", ["leder", "kontakt", "team", "stat"])
def test_team_roles_and_the_state_cannot_register_organisations(demo, username):
    with pytest.raises(NotFoundOrForbidden):
        services.organisation_create(
            acting_user=demo["users"][username],
            municipality=demo["municipality"],
            name="Uten fullmakt",
            kind="volunteer",
        )
    assert not Organisation.objects.filter(name="Uten fullmakt").exists()


def test_another_municipalitys_economist_is_refused(demo, bamble):
    with pytest.raises(NotFoundOrForbidden):
        services.organisation_create(
            acting_user=bamble["economist"],
            municipality=demo["municipality"],
            name="Fra Bamble",
            kind="nav",
        )
    assert not Organisation.objects.filter(name="Fra Bamble").exists()


@pytest.mark.parametrize(
    ("name", "kind", "message"),
    [
        ("", "nav", "Skriv navnet"),
        ("   ", "nav", "Skriv navnet"),
        ("Ny enhet", "bakery", "Velg hva slags organisasjon"),
    ],
)
def test_bad_organisation_input_is_refused_in_norwegian(demo, name, kind, message):
    before = Organisation.objects.count()
    with translation.override("nb"), pytest.raises(DomainError, match=message):
        services.organisation_create(
            acting_user=demo["users"]["okonom"],
            municipality=demo["municipality"],
            name=name,
            kind=kind,
        )
    assert Organisation.objects.count() == before


def test_the_same_organisation_name_twice_is_refused(demo):
    existing = Organisation.objects.filter(municipality=demo["municipality"]).first()
    with translation.override("nb"), pytest.raises(DomainError, match="allerede registrert"):
        services.organisation_create(
            acting_user=demo["users"]["okonom"],
            municipality=demo["municipality"],
            name=existing.name.upper(),
            kind="nav",
        )


# --- users and roles ------------------------------------------------------------------------


def test_an_invited_user_has_no_password_until_they_choose_one(demo):
    user, token = invite(demo)
    assert user.municipality == demo["municipality"] and user.role == Role.CONTACT_PERSON
    assert not user.has_usable_password()
    invitation = Invitation.objects.get(user=user)
    assert token not in invitation.token_hash  # only the hash is stored
    assert invitation.expires_at - timezone.now() > datetime.timedelta(days=6)
    actions = set(
        AuditRecord.objects.filter(object_id__in=[str(user.pk), str(invitation.pk)]).values_list(
            "action", flat=True
        )
    )
    assert {"user.create", "invitation.issue"} <= actions


def test_nobody_gives_more_than_they_hold(demo):
    """An economist cannot make an administrator; an administrator can."""
    with pytest.raises(DomainError, match="rollen"):
        invite(demo, role=Role.ADMINISTRATOR, username="ny.admin")
    assert not User.objects.filter(username="ny.admin").exists()
    user, _token = invite(demo, by="admin", role=Role.ADMINISTRATOR, username="ny.admin")
    assert user.role == Role.ADMINISTRATOR


@pytest.mark.parametrize("by", ["okonom", "admin"])
def test_nobody_in_a_municipality_makes_a_state_viewer(demo, by):
    with pytest.raises(DomainError):
        invite(demo, by=by, role=Role.STATE_VIEWER, username="ny.stat")
    assert not User.objects.filter(username="ny.stat").exists()


@pytest.mark.parametrize("username", ["leder", "kontakt", "team", "stat"])
def test_other_roles_cannot_create_users(demo, username):
    with pytest.raises(NotFoundOrForbidden):
        invite(demo, by=username)
    assert not User.objects.filter(username="ny.kontakt").exists()


def test_users_of_another_municipality_are_refused(demo, bamble):
    with pytest.raises(NotFoundOrForbidden):
        services.user_invite(
            acting_user=bamble["economist"],
            municipality=demo["municipality"],
            username="snik",
            role=Role.ECONOMIST,
            first_name="S",
            last_name="Nik",
        )
    with pytest.raises(NotFoundOrForbidden):
        services.invitation_issue(acting_user=bamble["economist"], user=demo["users"]["skole.dahl"])
    assert not User.objects.filter(username="snik").exists()


def test_an_organisation_of_another_municipality_is_refused(demo, bamble):
    theirs = services.organisation_create(
        acting_user=None, municipality=bamble["municipality"], name="NAV Bamble", kind="nav"
    )
    with pytest.raises(NotFoundOrForbidden):
        invite(demo, organisation=theirs)
    assert not User.objects.filter(username="ny.kontakt").exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"username": "OKONOM"}, "Brukernavnet er tatt"),
        ({"username": ""}, "Skriv et brukernavn"),
        ({"username": "med mellomrom"}, "brukernavn"),
        ({"first_name": ""}, "fornavn og etternavn"),
    ],
)
def test_bad_user_input_is_refused_in_norwegian(demo, extra, message):
    before = (User.objects.count(), Invitation.objects.count(), AuditRecord.objects.count())
    with translation.override("nb"), pytest.raises(DomainError, match=f"(?i){message}"):
        invite(demo, **extra)
    after = (User.objects.count(), Invitation.objects.count(), AuditRecord.objects.count())
    assert after == before


# --- the invitation link --------------------------------------------------------------------


def test_the_link_sets_the_password_once(demo):
    user, token = invite(demo)
    services.invitation_accept(token=token, password=GOOD_PASSWORD, password_repeat=GOOD_PASSWORD)
    assert User.objects.get(username="ny.kontakt").check_password(GOOD_PASSWORD)
    assert AuditRecord.objects.filter(action="invitation.accept", actor=user).exists()
    with pytest.raises(services.InvitationRefused):
        services.invitation_accept(
            token=token, password="Annet-passord-99", password_repeat="Annet-passord-99"
        )
    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)


@pytest.mark.parametrize(
    ("password", "repeat", "message"),
    [
        ("kort1", "kort1", "for kort"),
        ("password123", "password123", "for vanlig"),
        ("12345678901", "12345678901", "bare tall"),
        (GOOD_PASSWORD, GOOD_PASSWORD + "x", "ikke like"),
    ],
)
def test_djangos_password_validators_answer_in_norwegian(demo, password, repeat, message):
    user, token = invite(demo)
    with translation.override("nb"), pytest.raises(DomainError, match=message):
        services.invitation_accept(token=token, password=password, password_repeat=repeat)
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert Invitation.objects.get(user=user).used_at is None


def test_an_expired_link_is_refused(demo):
    user, token = invite(demo)
    Invitation.objects.filter(user=user).update(expires_at=timezone.now())
    with pytest.raises(services.InvitationRefused):
        services.invitation_accept(
            token=token, password=GOOD_PASSWORD, password_repeat=GOOD_PASSWORD
        )
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_a_new_link_ends_the_old_one(demo):
    user, first = invite(demo)
    second = services.invitation_issue(acting_user=demo["users"]["admin"], user=user)
    with pytest.raises(services.InvitationRefused):
        services.invitation_for(token=first)
    assert services.invitation_for(token=second).user == user


def test_no_link_for_someone_who_has_a_password(demo):
    with pytest.raises(DomainError, match="allerede valgt passord"):
        services.invitation_issue(acting_user=demo["users"]["admin"], user=demo["users"]["kontakt"])


# --- the pages --------------------------------------------------------------------------------


def test_the_users_page_shows_the_link_once_and_it_works(client_for, demo):
    response = client_for("admin").post(
        "/konto/brukere/",
        {
            "first_name": "Nina",
            "last_name": "Ny",
            "username": "ny.kontakt",
            "role": "contact_person",
        },
    )
    assert response.status_code == 200
    link = re.search(r'id="invitation-link">([^<]+)<', response.content.decode()).group(1)
    path = link.removeprefix("http://testserver")
    anonymous = Client()
    assert "Velg passord" in anonymous.get(path).content.decode()
    response = anonymous.post(path, {"password": "kort", "password_repeat": "kort"})
    assert response.status_code == 400
    assert "for kort" in response.content.decode()
    response = anonymous.post(path, {"password": GOOD_PASSWORD, "password_repeat": GOOD_PASSWORD})
    assert response.status_code == 302
    assert User.objects.get(username="ny.kontakt").check_password(GOOD_PASSWORD)
    assert Client().get(path).status_code == 400


def test_a_taken_username_on_the_page_stores_nothing(client_for):
    before = User.objects.count()
    response = client_for("okonom").post(
        "/konto/brukere/",
        {"first_name": "Øystein", "last_name": "To", "username": "okonom", "role": "economist"},
    )
    assert response.status_code == 400
    assert "Brukernavnet er tatt" in response.content.decode()
    assert User.objects.count() == before


def test_an_empty_organisation_form_stores_nothing(client_for):
    before = Organisation.objects.count()
    response = client_for("admin").post("/konto/organisasjoner/", {"name": "", "kind": "nav"})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert Organisation.objects.count() == before


def test_the_administrator_starts_on_the_set_up(client_for):
    page = client_for("admin").get("/").content.decode()
    assert "Organisasjoner" in page and "/konto/brukere/" in page
    assert "/husstander/" not in page  # no team seat, so no households in the menu
    assert "/oppsett/" in client_for("okonom").get("/").content.decode()


# --- the bootstrap ---------------------------------------------------------------------------


def test_create_admin_makes_the_municipality_and_prints_a_working_link(db):
    out = io.StringIO()
    call_command(
        "create_admin",
        municipality="Siljan",
        number="4010",
        username="siljan.admin",
        first_name="Sol",
        last_name="Siljan",
        stdout=out,
    )
    link = out.getvalue().strip().splitlines()[-1]
    assert link.startswith("http://127.0.0.1:8000/konto/invitasjon/")
    admin = User.objects.get(username="siljan.admin")
    assert admin.role == Role.ADMINISTRATOR and admin.municipality.number == "4010"
    token = link.rstrip("/").rsplit("/", 1)[-1]
    services.invitation_accept(token=token, password=GOOD_PASSWORD, password_repeat=GOOD_PASSWORD)
    admin.refresh_from_db()
    assert admin.check_password(GOOD_PASSWORD)


def test_create_admin_refuses_a_taken_username_and_stores_nothing(db):
    siljan = {"municipality": "Siljan", "number": "4010", "stdout": io.StringIO()}
    call_command("create_admin", username="a", **siljan)
    with pytest.raises(CommandError, match="Brukernavnet er tatt"):
        call_command("create_admin", username="A", **siljan)
    assert User.objects.filter(municipality__number="4010").count() == 1


def test_a_taken_username_comes_with_the_forms_own_problems(client_for, demo):
    """The trial: the missing names, role and bad email came first, the taken username
    on the next try."""
    before = (User.objects.count(), Invitation.objects.count(), AuditRecord.objects.count())
    response = client_for("admin").post(
        "/konto/brukere/",
        {"first_name": "", "last_name": "", "username": "OKONOM", "email": "ikke-epost"},
    )
    errors = response.context["form"].errors
    assert set(errors) == {"first_name", "last_name", "username", "email", "role"}
    assert "Brukernavnet er tatt" in errors["username"][0]
    after = (User.objects.count(), Invitation.objects.count(), AuditRecord.objects.count())
    assert after == before


def test_the_service_refuses_every_problem_of_a_new_user_together(demo):
    with pytest.raises(DomainError) as refused:
        services.user_invite(
            acting_user=demo["users"]["admin"],
            municipality=demo["municipality"],
            username="okonom",
            role=None,
            first_name=None,
            last_name="Ny",
        )
    fields = [problem.field for problem in refused.value.problems]
    assert fields == ["role", "username", "first_name"]
    assert not User.objects.filter(last_name="Ny").exists()
