"""Households: minimum data, validated numbers, consent, and who may see them."""

import pytest
from django.urls import reverse

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.people import selectors, services
from samskap.people.models import Household, HouseholdAccess, Member
from tests.support.factories import SUBPROJECT, VALID_ACCOUNT, VALID_FNR, household


def member(**overrides):
    data = {"name": "Sara", "role": "parent", "birth_year": 1985}
    data.update(overrides)
    return services.MemberInput(**data)


def test_household_create_stores_minimum_and_audits(demo):
    home = household(demo)
    assert home.bank_account == VALID_ACCOUNT
    assert home.contact_person == demo["users"]["kontakt"]
    assert home.members.get().national_id == ""
    assert home.enrolments.get().subproject.name == SUBPROJECT
    record = AuditRecord.objects.get(action="household.create", object_id=str(home.pk))
    assert record.new_values["first_member"]["has_national_id"] is False


@pytest.mark.parametrize("account", ["12345678901", "0001008", "1234"])
def test_invalid_account_number_is_refused_and_nothing_stored(demo, account):
    with pytest.raises(DomainError) as error:
        household(demo, account=account)
    assert error.value.field == "bank_account"
    assert not Household.objects.filter(alias="Familien Test").exists()


def test_national_id_is_validated_and_kept_out_of_the_audit(demo):
    home = household(demo)
    with pytest.raises(DomainError) as error:
        services.member_add(
            acting_user=demo["users"]["kontakt"],
            household=home,
            data=member(national_id="15108695089"),
        )
    assert error.value.field == "national_id"
    added = services.member_add(
        acting_user=demo["users"]["kontakt"], household=home, data=member(national_id=VALID_FNR)
    )
    assert added.national_id == VALID_FNR
    record = AuditRecord.objects.get(action="household_member.create", object_id=str(added.pk))
    assert VALID_FNR not in str(record.new_values)


def test_only_team_members_can_register_households(demo):
    # "okonom" sees the whole municipality but sits on no team.
    with pytest.raises(DomainError):
        household(demo, by="okonom")
    assert not Household.objects.filter(alias="Familien Test").exists()


def test_households_visible_only_to_the_team(demo):
    home = household(demo)
    users = demo["users"]
    assert selectors.household_for(user=users["nav.berg"], household_id=home.pk) == home
    for outsider in ("okonom", "stat", "admin", "team"):
        with pytest.raises(NotFoundOrForbidden):
            selectors.household_for(user=users[outsider], household_id=home.pk)


def test_detail_page_logs_the_read_and_outsiders_get_404(demo, client_for):
    home = household(demo)
    url = reverse("people:detail", args=[home.pk])
    response = client_for("kontakt").get(url)
    assert response.status_code == 200
    assert (
        HouseholdAccess.objects.filter(household=home, user=demo["users"]["kontakt"]).count() == 1
    )
    assert client_for("okonom").get(url).status_code == 404
    assert client_for("stat").get(url).status_code == 404
    missing = reverse("people:detail", args=[home.pk + 999])
    assert client_for("kontakt").get(missing).status_code == 404


def test_register_page_shows_linked_error_for_bad_account(demo, client_for):
    client = client_for("kontakt")
    response = client.post(
        reverse("people:create"),
        {
            "subproject": demo["subprojects"][SUBPROJECT].pk,
            "alias": "Familien Feil",
            "bank_account": "1234.56.78901",
            "name": "Ali",
            "role": "young_person",
            "birth_year": "2006",
            "preferred_language": "nb",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-describedby="id_bank_account_error"' in html
    assert "kontonummer" in html
    assert not Household.objects.filter(alias="Familien Feil").exists()
    response = client.post(
        reverse("people:create"),
        {
            "subproject": demo["subprojects"][SUBPROJECT].pk,
            "alias": "Familien Rett",
            "bank_account": "1503.80.10007",
            "confirm_duplicate": "on",  # the demo uses this test account too
            "name": "Ali",
            "role": "young_person",
            "birth_year": "2006",
            "preferred_language": "nb",
        },
    )
    created = Household.objects.get(alias="Familien Rett")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[created.pk])
    assert Member.objects.filter(household=created).count() == 1


def test_database_refuses_malformed_account(demo):
    from django.db import IntegrityError, transaction

    home = household(demo)
    with pytest.raises(IntegrityError), transaction.atomic():
        Household.objects.filter(pk=home.pk).update(bank_account="123")


def test_audit_trail_names_no_one(demo):
    home = household(demo, alias="Familien Anonym")
    records = AuditRecord.objects.filter(object_type__startswith="people.")
    written = " ".join(str(r.new_values) for r in records.filter(object_id=str(home.pk)))
    assert written and "Familien Anonym" not in written
    member = home.members.get()
    assert member.name not in str(list(records.values_list("new_values", flat=True)))
