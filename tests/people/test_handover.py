"""Handing a household to another contact person (before someone leaves, goes on leave or
changes teams): who may, whom to, what follows (support's open tasks), what the trail keeps,
and the many-households form with one bad household set aside."""

import pytest
from django.urls import reverse

from samskap.accounts import services as accounts_services
from samskap.accounts.models import Role
from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.people import selectors, services
from samskap.people.models import Household
from samskap.subprojects import services as subproject_services
from samskap.subprojects.models import TeamMembership, TeamRole
from samskap.support.models import ReturnedPaymentTask
from samskap.support.selectors import returned_payment_tasks_for
from tests.support.factories import SUBPROJECT, household

TWENTY_NINES = "9" * 20
OTHER_TEAM = "Veien til førerkortet"  # leder leads it too; nav.berg has no seat there


def _staff(demo, username, *, seats=(), role=Role.CONTACT_PERSON, municipality=None):
    """A new colleague with the given (sub-project name, team role) seats."""
    user = accounts_services.user_create(
        acting_user=None,
        username=username,
        role=role,
        municipality=municipality or demo["municipality"],
        first_name=username.title(),
        last_name="Overføring",
    )
    for name, team_role in seats:
        subproject_services.team_member_add(
            acting_user=None,
            subproject=demo["subprojects"][name],
            user=user,
            team_role=team_role,
        )
    return user


@pytest.fixture
def leaving(demo):
    """ "avgang": a contact person on Stødig start who is about to leave, with a family."""
    user = _staff(demo, "avgang", seats=[(SUBPROJECT, TeamRole.CONTACT_PERSON)])
    home = household(demo, alias="Familien Avgang")
    Household.objects.filter(pk=home.pk).update(contact_person=user)
    home.refresh_from_db()
    return user, home


def _hand(demo, who, home, to, **extra):
    return services.household_contact_person_set(
        acting_user=demo["users"][who] if isinstance(who, str) else who,
        household=home,
        contact_person=to,
        **extra,
    )


def test_the_lead_hands_a_household_over_and_access_follows(demo, leaving):
    avgang, home = leaving
    kontakt = demo["users"]["kontakt"]
    assert home in selectors.household_list_for(user=avgang, mine=True)
    assert home not in selectors.household_list_for(user=kontakt, mine=True)

    _hand(demo, "leder", home, kontakt, expected_contact_person=avgang)

    home.refresh_from_db()
    assert home.contact_person == kontakt
    assert home in selectors.household_list_for(user=kontakt, mine=True)
    assert home not in selectors.household_list_for(user=avgang, mine=True)
    # The old contact person still sits on the team, so still sees the family ...
    assert selectors.household_for(user=avgang, household_id=home.pk) == home
    # ... until the seat goes: then the household is out of reach, the new one keeps it.
    seat = TeamMembership.objects.get(user=avgang, subproject=demo["subprojects"][SUBPROJECT])
    subproject_services.team_member_remove(acting_user=demo["users"]["okonom"], membership=seat)
    with pytest.raises(NotFoundOrForbidden):
        selectors.household_for(user=avgang, household_id=home.pk)
    assert selectors.household_for(user=kontakt, household_id=home.pk) == home


def test_the_audit_row_keeps_ids_and_the_number_of_tasks_only(demo, leaving):
    avgang, home = leaving
    kontakt = demo["users"]["kontakt"]
    _hand(demo, "okonom", home, kontakt)
    record = AuditRecord.objects.get(action="household.contact_person", object_id=str(home.pk))
    assert record.actor == demo["users"]["okonom"]
    assert record.old_values == {"contact_person": avgang.pk}
    assert record.new_values == {"contact_person": kontakt.pk, "tasks_moved": 0}
    assert "Avgang" not in str(record.old_values) + str(record.new_values)


def test_open_tasks_for_the_old_contact_person_follow_the_household(demo):
    """The demo has a task after a payment the bank sent back, waiting for kontakt."""
    task = ReturnedPaymentTask.objects.select_related("request").get(done_at=None)
    kontakt, leder = demo["users"]["kontakt"], demo["users"]["leder"]
    assert task.assigned_to == kontakt
    home = task.request.household

    _hand(demo, "leder", home, leder, expected_contact_person=kontakt)

    task.refresh_from_db()
    assert task.assigned_to == leder
    assert task.done_at is None
    assert task in returned_payment_tasks_for(user=leder)
    record = AuditRecord.objects.get(action="household.contact_person", object_id=str(home.pk))
    assert record.new_values == {"contact_person": leder.pk, "tasks_moved": 1}


@pytest.mark.parametrize("who", ["kontakt", "team", "stat", "skole.dahl"])
def test_only_the_households_lead_and_the_economy_may_hand_over(demo, leaving, who):
    """A contact person or member of the team, the state and the lead of another team are
    refused like a missing household, and nothing is stored."""
    avgang, home = leaving
    before = AuditRecord.objects.count()
    with pytest.raises(NotFoundOrForbidden):
        _hand(demo, who, home, demo["users"]["kontakt"])
    assert Household.objects.get(pk=home.pk).contact_person == avgang
    assert AuditRecord.objects.count() == before


def test_the_administrator_may_hand_over(demo, leaving):
    _avgang, home = leaving
    _hand(demo, "admin", home, demo["users"]["leder"])
    assert Household.objects.get(pk=home.pk).contact_person == demo["users"]["leder"]


def _refused(demo, home, to, message, **extra):
    before = AuditRecord.objects.count()
    contact = Household.objects.get(pk=home.pk).contact_person_id
    with pytest.raises(DomainError) as refusal:
        _hand(demo, "leder", home, to, **extra)
    assert not isinstance(refusal.value, NotFoundOrForbidden)
    assert message in refusal.value.message
    assert refusal.value.field == "contact_person"
    assert Household.objects.get(pk=home.pk).contact_person_id == contact
    assert AuditRecord.objects.count() == before


def test_the_new_contact_person_must_sit_on_the_households_team(demo, leaving):
    _avgang, home = leaving
    # nav.hansen has no seat on Stødig start; nav.berg has one, but as a team member.
    _refused(
        demo,
        home,
        demo["users"]["nav.hansen"],
        "har ingen plass som kontaktperson eller leder i teamet til husstandens delprosjekt "
        "(Stødig start)",
    )
    _refused(demo, home, demo["users"]["nav.berg"], "har ingen plass som kontaktperson")


def test_the_new_contact_person_must_be_active_and_of_the_municipality(demo, leaving):
    avgang, home = leaving
    inactive = _staff(demo, "sluttet", seats=[(SUBPROJECT, TeamRole.CONTACT_PERSON)])
    accounts_services.user_deactivate(acting_user=None, user=inactive)
    _refused(demo, home, inactive, "er deaktivert og kan ikke følge opp husstanden")
    bamble = accounts_services.municipality_create(acting_user=None, name="Bamble", number="4012")
    stranger = _staff(demo, "bamble.kontakt", municipality=bamble)
    _refused(demo, home, stranger, "jobber ikke i kommunen til husstanden")
    _refused(demo, home, avgang, "er allerede kontaktperson for husstanden")
    _refused(demo, home, None, "Velg den nye kontaktpersonen.")


def test_a_household_handed_on_meanwhile_is_not_handed_on_again(demo, leaving):
    avgang, home = leaving
    _hand(demo, "leder", home, demo["users"]["kontakt"], expected_contact_person=avgang)
    _refused(
        demo,
        home,
        demo["users"]["leder"],
        "Husstanden har fått en annen kontaktperson i mellomtiden",
        expected_contact_person=avgang,
    )


# --- the pages ----------------------------------------------------------------------------


def test_the_household_page_offers_the_change_to_its_lead_only(demo, leaving, client_for):
    _avgang, home = leaving
    url = reverse("people:contact_person", args=[home.pk])
    assert url in client_for("leder").get(reverse("people:detail", args=[home.pk])).content.decode()
    page = client_for("kontakt").get(reverse("people:detail", args=[home.pk])).content.decode()
    assert url not in page
    assert client_for("kontakt").get(url).status_code == 404
    assert client_for("okonom").get(url).status_code == 404  # the economy sees no household


def test_change_contact_person_on_the_page(demo, leaving, client_for):
    avgang, home = leaving
    client = client_for("leder")
    url = reverse("people:contact_person", args=[home.pk])
    page = client.get(url).content.decode()
    assert "Bytt kontaktperson" in page and "Avgang Overføring" in page
    response = client.post(url, {"contact_person": TWENTY_NINES})
    assert response.status_code == 400
    assert Household.objects.get(pk=home.pk).contact_person == avgang
    response = client.post(url, {"contact_person": demo["users"]["kontakt"].pk}, follow=True)
    assert "er nå kontaktperson for husstanden" in response.content.decode()
    assert Household.objects.get(pk=home.pk).contact_person == demo["users"]["kontakt"]


@pytest.mark.parametrize(
    ("name", "who"), [("people:contact_person", "leder"), ("people:hand_over", "okonom")]
)
def test_nonsense_ids_are_404(demo, client_for, name, who):
    client = client_for(who)
    for key in (int(TWENTY_NINES), 2**63 - 1, 0):
        assert client.get(reverse(name, args=[key])).status_code == 404
        assert client.post(reverse(name, args=[key]), {}).status_code == 404


def _departing_with_three(demo):
    """avgang with two families on Stødig start and one on Veien til førerkortet; nav.berg,
    made contact person on Stødig start, can take the first two only."""
    avgang = _staff(
        demo,
        "avgang",
        seats=[(SUBPROJECT, TeamRole.CONTACT_PERSON), (OTHER_TEAM, TeamRole.CONTACT_PERSON)],
    )
    homes = [
        household(demo, alias="Familien En"),
        household(demo, alias="Familien To"),
        household(demo, alias="Familien Tre", subproject=OTHER_TEAM),
    ]
    Household.objects.filter(pk__in=[h.pk for h in homes]).update(contact_person=avgang)
    berg = TeamMembership.objects.get(
        user=demo["users"]["nav.berg"], subproject=demo["subprojects"][SUBPROJECT]
    )
    subproject_services.team_role_change(
        acting_user=None, membership=berg, team_role=TeamRole.CONTACT_PERSON
    )
    return avgang, homes


def test_many_households_at_once_one_set_aside_with_its_reason(demo):
    avgang, homes = _departing_with_three(demo)
    berg = demo["users"]["nav.berg"]
    result = services.households_hand_over(
        acting_user=demo["users"]["admin"], from_user=avgang, to_user=berg
    )
    assert [h.pk for h in result.moved] == [homes[0].pk, homes[1].pk]
    ((aside, reason),) = result.set_aside
    assert aside.pk == homes[2].pk and "Veien til førerkortet" in reason
    contacts = dict(
        Household.objects.filter(pk__in=[h.pk for h in homes]).values_list("pk", "contact_person")
    )
    assert contacts == {homes[0].pk: berg.pk, homes[1].pk: berg.pk, homes[2].pk: avgang.pk}
    assert AuditRecord.objects.filter(action="household.contact_person").count() == 2


def test_a_lead_hands_over_only_their_teams_households(demo):
    avgang, homes = _departing_with_three(demo)
    skole_lead = demo["users"]["skole.dahl"]  # leads other teams
    with pytest.raises(NotFoundOrForbidden):
        services.households_hand_over(
            acting_user=skole_lead, from_user=avgang, to_user=demo["users"]["kontakt"]
        )
    with pytest.raises(NotFoundOrForbidden):  # a chosen household out of reach: nothing moves
        services.households_hand_over(
            acting_user=demo["users"]["kontakt"],
            from_user=avgang,
            to_user=demo["users"]["leder"],
            households=homes[:1],
        )
    assert not AuditRecord.objects.filter(action="household.contact_person").exists()


def test_the_economy_hands_over_from_the_users_page_without_seeing_households(demo, client_for):
    avgang, homes = _departing_with_three(demo)
    client = client_for("admin")
    users_page = client.get(reverse("accounts:users")).content.decode()
    url = reverse("people:hand_over", args=[avgang.pk])
    assert url in users_page and "Overfør husstandene fra avgang (3)" in users_page
    page = client.get(url).content.decode()
    assert "Familien" not in page  # counts per sub-project, never a household's name
    assert "Stødig start" in page and "Veien til førerkortet" in page
    response = client.post(url, {"to_user": demo["users"]["nav.berg"].pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 husstander er overført." in page
    assert f"Husstand #{homes[2].pk}" in page and "Familien" not in page
    assert Household.objects.get(pk=homes[0].pk).contact_person == demo["users"]["nav.berg"]


def test_the_lead_chooses_households_from_the_subproject_page(demo, client_for):
    avgang, homes = _departing_with_three(demo)
    client = client_for("leder")
    url = reverse("people:hand_over", args=[avgang.pk])
    detail = client.get(reverse("subprojects:detail", args=[demo["subprojects"][SUBPROJECT].pk]))
    assert url in detail.content.decode()
    assert url not in client_for("kontakt").get(detail.request["PATH_INFO"]).content.decode()
    page = client.get(url).content.decode()
    assert "Familien En" in page and "Familien Tre" in page
    response = client.post(
        url, {"households": [homes[1].pk], "to_user": demo["users"]["kontakt"].pk}
    )
    assert response.status_code == 200
    assert "1 husstand er overført." in response.content.decode()
    contacts = dict(
        Household.objects.filter(pk__in=[h.pk for h in homes]).values_list("pk", "contact_person")
    )
    assert contacts[homes[1].pk] == demo["users"]["kontakt"].pk
    assert contacts[homes[0].pk] == contacts[homes[2].pk] == avgang.pk
    # A household number nobody has, or twenty nines, is an invalid choice: nothing moves.
    response = client.post(url, {"households": [TWENTY_NINES], "to_user": avgang.pk})
    assert response.status_code == 400
    assert client_for("kontakt").get(url).status_code == 404
