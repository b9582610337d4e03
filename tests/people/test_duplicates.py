"""One person, one account: a national id or payout account already on another household
of the municipality gives a warning the user must confirm; it names the other household
only to someone who may see it."""

import pytest
from django.urls import reverse

from samskap.audit.models import AuditRecord
from samskap.people import services
from samskap.people.duplicates import DuplicateIdentity
from samskap.people.models import Household, Member
from tests.support.factories import SUBPROJECT, household

SAME_ID = "15508600019"  # the case
ELSEWHERE = "Fritid for alle barn og unge"  # kultur.moe's team; not Stødig start
# Accounts no demo household uses (the shared test accounts are on several already).
ACCOUNT, OTHER = "15031234562", "15031234570"


def _form(demo, subproject=SUBPROJECT, **extra) -> dict:
    return {
        "subproject": demo["subprojects"][subproject].pk,
        "alias": "Familien Andre",
        "bank_account": "",
        "account_holder": "",
        "name": "Nora",
        "role": "young_person",
        "birth_year": "2006",
        "national_id": SAME_ID,
        "preferred_language": "nb",
        "phone": "",
        "email": "",
        **extra,
    }


@pytest.fixture
def first(demo):
    home = household(demo, alias="Familien Første", account=ACCOUNT)
    services.member_add(
        acting_user=demo["users"]["kontakt"],
        household=home,
        data=services.MemberInput(
            name="Nora", role="young_person", birth_year=2006, national_id=SAME_ID
        ),
    )
    return home


def test_the_same_national_id_twice_warns_and_links_to_the_other_household(demo, first, client_for):
    client = client_for("kontakt")
    response = client.post(reverse("people:create"), _form(demo))
    page = response.content.decode()
    assert response.status_code == 200
    assert "allerede registrert på en annen husstand: Familien Første" in page
    assert reverse("people:detail", args=[first.pk]) in page
    assert 'name="confirm_duplicate"' in page
    assert not Household.objects.filter(alias="Familien Andre").exists()
    confirmed = client.post(reverse("people:create"), _form(demo, confirm_duplicate="on"))
    assert confirmed.status_code == 302
    second = Household.objects.get(alias="Familien Andre")
    assert Member.objects.filter(national_id=SAME_ID).count() == 2
    record = AuditRecord.objects.get(action="household.create", object_id=str(second.pk))
    assert record.new_values["duplicate_confirmed"] is True


def test_someone_who_cannot_see_the_other_household_gets_a_neutral_message(demo, first, client_for):
    response = client_for("kultur.moe").post(
        reverse("people:create"), _form(demo, subproject=ELSEWHERE)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "allerede registrert i kommunen" in page
    assert "Familien Første" not in page
    assert reverse("people:detail", args=[first.pk]) not in page
    assert not Household.objects.filter(alias="Familien Andre").exists()


def test_the_same_payout_account_warns_when_registered_or_changed(demo):
    first = household(demo, alias="Familien Konto", account=ACCOUNT, confirm_duplicate=False)
    kontakt = demo["users"]["kontakt"]
    with pytest.raises(DuplicateIdentity) as warned:
        household(demo, alias="Familien Konto To", account=ACCOUNT, confirm_duplicate=False)
    assert warned.value.field == "bank_account"
    assert warned.value.households == [first]
    # Saving a household's own account again is no duplicate.
    services.household_bank_account_set(
        acting_user=kontakt, household=first, bank_account=ACCOUNT, account_holder="Ali"
    )
    other = household(demo, alias="Familien Tre", account=OTHER, confirm_duplicate=False)
    with pytest.raises(DuplicateIdentity):
        services.household_bank_account_set(
            acting_user=kontakt, household=other, bank_account=ACCOUNT, account_holder="Ali"
        )
    other.refresh_from_db()
    assert other.bank_account == OTHER
    services.household_bank_account_set(
        acting_user=kontakt,
        household=other,
        bank_account=ACCOUNT,
        account_holder="Ali",
        confirm_duplicate=True,
    )
    other.refresh_from_db()
    assert other.bank_account == ACCOUNT


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_registrations_of_the_same_id_at_once_cannot_both_skip_the_warning():
    from samskap.web.demo import load_demo
    from tests.races import run_together

    demo = load_demo()
    subproject = demo["subprojects"][SUBPROJECT]

    def register(alias, account, national_id=SAME_ID):
        return lambda: services.household_create(
            acting_user=demo["users"]["kontakt"],
            subproject=subproject,
            alias=alias,
            first_member=services.MemberInput(
                name="Nora", role="young_person", birth_year=2006, national_id=national_id
            ),
            bank_account=account,
            account_holder="Nora",
        )

    results, refusals = run_together(
        register("Familien En", ACCOUNT), register("Familien To", OTHER)
    )
    assert len(results) == 1 and len(refusals) == 1
    assert isinstance(refusals[0], DuplicateIdentity)
    assert Member.objects.filter(national_id=SAME_ID).count() == 1
    # The same account from two registrations at once: one warns as well.
    results, refusals = run_together(
        register("Familien Tre", "15031234589", ""), register("Familien Fire", "15031234589", "")
    )
    assert len(results) == 1 and len(refusals) == 1
    assert Household.objects.filter(bank_account="15031234589").count() == 1
