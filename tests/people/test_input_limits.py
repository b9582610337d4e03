"""Inputs the household pages accepted before: a phone of letters, an invisible alias,
an over-long consent scope. Each is refused with a Norwegian message, nothing stored."""

import pytest
from django.urls import reverse

from samskap.core.errors import DomainError
from samskap.people import services
from samskap.people.models import Consent, Household, Member
from tests.support.factories import SUBPROJECT, consent_arguments, household


def _create_form(demo, **extra) -> dict:
    return {
        "subproject": demo["subprojects"][SUBPROJECT].pk,
        "alias": "Familien Telefon",
        "bank_account": "",
        "account_holder": "",
        "name": "Nora",
        "role": "young_person",
        "birth_year": "2006",
        "national_id": "",
        "preferred_language": "nb",
        "phone": "",
        "email": "",
        **extra,
    }


def test_phone_abc_is_refused_next_to_the_field(demo, client_for):
    response = client_for("kontakt").post(reverse("people:create"), _create_form(demo, phone="abc"))
    assert response.status_code == 200
    assert "Dette er ikke et gyldig telefonnummer" in response.content.decode()
    assert response.context["form"].errors["phone"]
    assert not Household.objects.filter(alias="Familien Telefon").exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("912 34 567", "+4791234567"),
        ("+47 912 34 567", "+4791234567"),
        ("0047 22 12 34 56", "+4722123456"),
        ("+46 70 123 45 67", "+46701234567"),
    ],
)
def test_phone_numbers_are_stored_in_e164(demo, typed, stored):
    home = household(demo)
    member = services.member_add(
        acting_user=demo["users"]["kontakt"],
        household=home,
        data=services.MemberInput(name="Nora", role="child", birth_year=2015, phone=typed),
    )
    assert member.phone == stored


@pytest.mark.parametrize("phone", ["abc", "123", "+47 12", "912 34 567 89 01 23", "☎"])
def test_phone_numbers_that_are_not_numbers_are_refused(demo, phone):
    home = household(demo)
    with pytest.raises(DomainError) as error:
        services.member_add(
            acting_user=demo["users"]["kontakt"],
            household=home,
            data=services.MemberInput(name="Nora", role="child", birth_year=2015, phone=phone),
        )
    assert error.value.field == "phone"
    assert not Member.objects.filter(household=home, name="Nora").exists()


@pytest.mark.parametrize("alias", ["\u200b", " \u200b\u200b ", "\ufeff"])
def test_an_alias_made_only_of_invisible_characters_is_refused(demo, client_for, alias):
    response = client_for("kontakt").post(reverse("people:create"), _create_form(demo, alias=alias))
    assert response.status_code == 200
    assert response.context["form"].errors["alias"]
    assert not Household.objects.filter(alias=alias).exists()
    assert not Member.objects.filter(name="Nora", household__alias__in=[alias, ""]).exists()


def test_a_consent_scope_longer_than_the_column_is_refused(demo):
    home = household(demo)
    with pytest.raises(DomainError, match="høyst 200 tegn") as error:
        services.consent_give(
            acting_user=demo["users"]["kontakt"], **consent_arguments(home, scope="x" * 201)
        )
    assert error.value.field == "scope"
    assert not Consent.objects.filter(household=home).exists()


LONG_EMAIL = "a" * 300 + "@x.no"


def test_an_over_long_email_is_refused_next_to_the_field(demo, client_for):
    """A 305-character e-mail answered 500 on every member form (the model's own check
    escaped the service as a ValidationError)."""
    response = client_for("kontakt").post(
        reverse("people:create"), _create_form(demo, email=LONG_EMAIL)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not Household.objects.filter(alias="Familien Telefon").exists()


def test_the_service_refuses_an_over_long_email_on_its_field(demo):
    home = household(demo)
    before = Member.objects.count()
    with pytest.raises(DomainError) as error:
        services.member_add(
            acting_user=demo["users"]["kontakt"],
            household=home,
            data=services.MemberInput(name="Nora", role="child", birth_year=2015, email=LONG_EMAIL),
        )
    assert error.value.field == "email"
    assert Member.objects.count() == before


def test_samskap_code_runs_model_checks_only_through_full_clean_or_refuse():
    """A model's full_clean raises Django's ValidationError, which no view turns into a
    page: services call core.errors.full_clean_or_refuse, which raises a DomainError."""
    from pathlib import Path

    import samskap

    root = Path(samskap.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if ".full_clean(" in path.read_text(encoding="utf-8")
        and path != root / "core" / "errors.py"
    ]
    assert offenders == []
