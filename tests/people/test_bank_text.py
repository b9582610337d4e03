"""Text that can reach a bank file is refused where it is typed: households and members."""

import pytest
from django.urls import reverse
from django.utils import translation

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError
from samskap.people import services
from samskap.people.models import Household, Member
from tests.support.factories import SUBPROJECT, VALID_ACCOUNT, household

LONG_NAME = "Kari Marie Åsgard-Nordmann Syntetisk-Berg Haugen-Øvrebø Lindqvist-Sæther Testesenn"

# Each kind of text a bank file cannot carry, typed into a single-line field.
BAD_TEXT = {
    "control character": "Ola\x02Syntetisk",
    "zero-width space": "Ola\u200bSyntetisk",
    "zero-width joiner": "Ola\u200dSyntetisk",
    "right-to-left override": "\u202eOla Syntetisk",
    "left-to-right mark": "Ola Syntetisk\u200e",
    "byte order mark": "\ufeffOla Syntetisk",
    "tab inside": "Ola\tSyntetisk",
    "line break inside": "Ola\nSyntetisk",
    "emoji": "Ola \U0001f600 Syntetisk",
    "family emoji": "Familien \U0001f468\u200d\U0001f469\u200d\U0001f467",
    "private use": "Ola\ue000Syntetisk",
}


def registration(demo, **overrides):
    data = {
        "subproject": demo["subprojects"][SUBPROJECT].pk,
        "alias": "Familien Lang",
        "bank_account": "1503.80.10007",
        "account_holder": "",
        "name": LONG_NAME,
        "role": "parent",
        "birth_year": "1985",
        "preferred_language": "nb",
        "confirm_duplicate": "on",  # the demo uses this test account too
    }
    data.update(overrides)
    return data


def test_the_pasted_control_character_is_refused_on_the_account_page(demo, client_for):
    home = household(demo)
    before = (home.bank_account, home.account_holder)
    audits = AuditRecord.objects.count()
    response = client_for("kontakt").post(
        reverse("people:bank_account", args=[home.pk]),
        {"bank_account": "1234 56 78903", "account_holder": "Ola\x02Syntetisk"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-describedby="id_account_holder_error"' in html
    assert "Teksten har et tegn som ikke synes (tegn nr. 4)" in html
    home.refresh_from_db()
    assert (home.bank_account, home.account_holder) == before
    assert AuditRecord.objects.count() == audits


def test_an_82_character_name_as_fallback_holder_is_refused_with_a_message(demo, client_for):
    """On PostgreSQL this was a 500 (value too long for varchar(70)); on SQLite it was stored."""
    assert len(LONG_NAME) == 82
    response = client_for("kontakt").post(reverse("people:create"), registration(demo))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-describedby="id_account_holder_error"' in html
    assert "82 tegn" in html and "70" in html
    assert not Household.objects.filter(alias="Familien Lang").exists()
    assert not Member.objects.filter(name=LONG_NAME).exists()


def test_the_long_name_is_kept_when_the_account_holder_is_typed(demo, client_for):
    response = client_for("kontakt").post(
        reverse("people:create"), registration(demo, account_holder="Kari Nordmann")
    )
    assert response.status_code == 302
    home = Household.objects.get(alias="Familien Lang")
    assert home.account_holder == "Kari Nordmann"
    assert home.members.get().name == LONG_NAME


def test_a_name_of_exactly_70_characters_holds_the_account(demo):
    name = "K" * 70
    home = services.household_create(
        confirm_duplicate=True,
        acting_user=demo["users"]["kontakt"],
        subproject=demo["subprojects"][SUBPROJECT],
        alias="Familien Sytti",
        first_member=services.MemberInput(name=name, role="parent", birth_year=1985),
        bank_account=VALID_ACCOUNT,
    )
    home.refresh_from_db()
    assert home.account_holder == name


@pytest.mark.parametrize("value", BAD_TEXT.values(), ids=BAD_TEXT.keys())
def test_every_kind_of_bad_account_holder_is_refused_and_nothing_stored(demo, value):
    home = household(demo)
    with translation.override("nb"), pytest.raises(DomainError) as refused:
        services.household_bank_account_set(
            confirm_duplicate=True,
            acting_user=demo["users"]["kontakt"],
            household=home,
            bank_account=VALID_ACCOUNT,
            account_holder=value,
        )
    assert refused.value.field == "account_holder"
    assert "tegn nr." in refused.value.message  # says where the character is
    home.refresh_from_db()
    assert home.account_holder == "Ali Testesen"


@pytest.mark.parametrize("field", ["alias", "name", "account_holder"])
@pytest.mark.parametrize("value", BAD_TEXT.values(), ids=BAD_TEXT.keys())
def test_registering_refuses_bad_text_in_every_field_that_can_pay(demo, field, value):
    data = {"alias": "Familien Ny", "name": "Ali", "account_holder": ""}
    data[field] = value
    with pytest.raises(DomainError) as refused:
        services.household_create(
            confirm_duplicate=True,
            acting_user=demo["users"]["kontakt"],
            subproject=demo["subprojects"][SUBPROJECT],
            alias=data["alias"],
            first_member=services.MemberInput(name=data["name"], role="parent", birth_year=1985),
            bank_account=VALID_ACCOUNT,
            account_holder=data["account_holder"],
        )
    assert refused.value.field == field
    assert not Household.objects.filter(alias__in=["Familien Ny", value]).exists()


def test_adding_a_member_refuses_an_invisible_character(demo):
    home = household(demo)
    with pytest.raises(DomainError) as refused:
        services.member_add(
            acting_user=demo["users"]["kontakt"],
            household=home,
            data=services.MemberInput(name="Lille\u200bBror", role="child", birth_year=2015),
        )
    assert refused.value.field == "name"
    assert home.members.count() == 1


@pytest.mark.parametrize(
    ("field", "limit"), [("account_holder", 70), ("alias", 100), ("name", 100)]
)
def test_very_long_text_is_refused_with_the_limit(demo, field, limit):
    data = {"alias": "Familien Ny", "name": "Ali", "account_holder": ""}
    data[field] = "x" * (limit + 1)
    with translation.override("nb"), pytest.raises(DomainError) as refused:
        services.household_create(
            confirm_duplicate=True,
            acting_user=demo["users"]["kontakt"],
            subproject=demo["subprojects"][SUBPROJECT],
            alias=data["alias"],
            first_member=services.MemberInput(name=data["name"], role="parent", birth_year=1985),
            bank_account=VALID_ACCOUNT,
            account_holder=data["account_holder"],
        )
    assert refused.value.field == field
    assert str(limit) in refused.value.message and str(limit + 1) in refused.value.message


def test_names_in_other_scripts_are_stored_as_typed(demo):
    home = household(demo)
    services.household_bank_account_set(
        confirm_duplicate=True,
        acting_user=demo["users"]["kontakt"],
        household=home,
        bank_account=VALID_ACCOUNT,
        account_holder="  Тарас Шевченко ",
    )
    home.refresh_from_db()
    assert home.account_holder == "Тарас Шевченко"


def test_the_audit_trail_does_not_name_the_account_holder(demo):
    home = household(demo)
    services.household_bank_account_set(
        confirm_duplicate=True,
        acting_user=demo["users"]["kontakt"],
        household=home,
        bank_account=VALID_ACCOUNT,
        account_holder="Sara Syntetisk",
    )
    record = AuditRecord.objects.filter(action="household.bank_account").latest("id")
    assert "Sara" not in str(record.new_values) + str(record.old_values)
    assert record.new_values["account_holder_changed"] is True
