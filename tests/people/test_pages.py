"""Household pages: members, bank account and consent through the browser forms."""

from django.urls import reverse

from samskap.people.models import Consent, HouseholdAccess
from tests.support.factories import consent_form, household


def test_list_shows_only_the_teams_households(demo, client_for):
    household(demo, alias="Familien Synlig")
    assert "Familien Synlig" in client_for("kontakt").get(reverse("people:list")).content.decode()
    # "team" sits on other sub-projects than the test household's.
    assert "Familien Synlig" not in client_for("team").get(reverse("people:list")).content.decode()


def test_member_bank_account_and_consent_forms(demo, client_for):
    home = household(demo)
    client = client_for("kontakt")
    member_url = reverse("people:member_add", args=[home.pk])
    assert client.get(member_url).status_code == 200
    response = client.post(
        member_url,
        {
            "name": "Lille",
            "role": "child",
            "birth_year": "2015",
            "preferred_language": "nb",
            "national_id": "123",
        },
    )
    assert response.status_code == 200
    assert 'aria-describedby="id_national_id_error"' in response.content.decode()
    assert home.members.count() == 1
    response = client.post(
        member_url,
        {"name": "Lille", "role": "child", "birth_year": "2015", "preferred_language": "nb"},
    )
    assert response.status_code == 302 and home.members.count() == 2

    bank_url = reverse("people:bank_account", args=[home.pk])
    response = client.post(bank_url, {"bank_account": "1234 56 78900", "account_holder": "Sara"})
    assert "kontonummer" in response.content.decode()
    # The demo's households use the test accounts too: confirm the duplicate warning.
    client.post(
        bank_url,
        {"bank_account": "1234 56 78903", "account_holder": "Sara", "confirm_duplicate": "on"},
    )
    home.refresh_from_db()
    assert home.bank_account == "12345678903" and home.account_holder == "Sara"

    consent_url = reverse("people:consent_give", args=[home.pk])
    client.post(consent_url, consent_form(home))
    consent = Consent.objects.get(household=home)
    client.post(reverse("people:consent_withdraw", args=[consent.pk]))
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    # Someone outside the team cannot withdraw it, and sees the same 404 as for nothing.
    other = client_for("okonom").post(reverse("people:consent_withdraw", args=[consent.pk]))
    assert other.status_code == 404


def test_support_pages_log_the_read(demo, client_for):
    home = household(demo)
    client_for("kontakt").get(reverse("support:mapping_create", args=[home.pk]))
    assert HouseholdAccess.objects.filter(household=home, purpose="needs mapping").count() == 1


def test_agenda_and_task_pages_log_every_household_shown(demo, client_for):
    subproject = demo["subprojects"]["Veien til førerkortet"]
    leder = demo["users"]["leder"]
    before = HouseholdAccess.objects.filter(user=leder, purpose="team meeting").count()
    page = client_for("leder").get(reverse("support:meeting", args=[subproject.pk]))
    shown = {item.request.household_id for item, _row in page.context["rows"]}
    assert shown, "the demo has a request on the agenda"
    logged = HouseholdAccess.objects.filter(user=leder, purpose="team meeting")
    assert logged.count() == before + len(shown)
    assert set(logged.values_list("household_id", flat=True)) >= shown
    client_for("leder").get(reverse("support:tasks"))
    tasks = client_for("leder").get(reverse("support:tasks")).context["tasks"]
    assert tasks, "the demo has open help tasks"
    assert HouseholdAccess.objects.filter(user=leder, purpose="help tasks").count() == 2 * len(
        {task.request.household_id for task in tasks}
    )
