"""Consent (GDPR art. 6(1)(a), 7): who gave it, how, when, for which services and purposes,
until when; withdrawal recorded; other legal bases are a record of their own."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError
from samskap.people import selectors, services
from samskap.people.models import Consent, LegalBasisRecord
from tests.support.factories import consent_arguments, consent_form, household


def _today():
    # Read at each use: a run may cross midnight (collection before, the test after).
    return timezone.localdate()


def _stored(home) -> tuple:
    return (
        Consent.objects.filter(household=home).count(),
        LegalBasisRecord.objects.filter(household=home).count(),
        AuditRecord.objects.count(),
    )


def test_consent_records_who_how_when_what_and_until_when(demo):
    home = household(demo)
    kontakt = demo["users"]["kontakt"]
    giver = home.members.get()
    consent = services.consent_give(
        acting_user=kontakt,
        **consent_arguments(
            home,
            method="oral",
            given_on=_today() - datetime.timedelta(days=3),
            services=["police", "nav"],
            purposes=["support", "needs_mapping"],
            scope="Ikke helseopplysninger om Ali",
        ),
    )
    consent.refresh_from_db()
    assert consent.given_by == giver
    assert consent.method == "oral"
    assert consent.given_on == _today() - datetime.timedelta(days=3)
    # Stored in the order of the choices, each once.
    assert consent.services == ["nav", "police"]
    assert consent.purposes == ["needs_mapping", "support"]
    assert consent.is_active and selectors.has_processing_basis(household=home)
    row = AuditRecord.objects.filter(action="consent.give").latest("pk")
    assert row.new_values["given_by"] == giver.pk
    assert row.new_values["method"] == "oral"
    assert row.new_values["services"] == ["nav", "police"]
    # No name and no free text in the trail.
    assert "Ali" not in str(row.new_values) and "helse" not in str(row.new_values)


def test_withdrawal_is_recorded_once_and_the_consent_then_counts_as_none(demo):
    home = household(demo)
    kontakt = demo["users"]["kontakt"]
    consent = services.consent_give(acting_user=kontakt, **consent_arguments(home))
    services.consent_withdraw(acting_user=kontakt, consent=consent)
    consent.refresh_from_db()
    assert consent.withdrawn_at >= consent.recorded_at
    assert consent.withdrawn_recorded_by == kontakt
    assert not consent.is_active
    assert not selectors.has_processing_basis(household=home)
    with pytest.raises(DomainError, match="allerede trukket"):
        services.consent_withdraw(acting_user=kontakt, consent=consent)


def test_an_expired_consent_counts_as_absent(demo):
    home = household(demo)
    consent = services.consent_give(acting_user=demo["users"]["kontakt"], **consent_arguments(home))
    # A year and a day later.
    Consent.objects.filter(pk=consent.pk).update(
        given_on=_today() - datetime.timedelta(days=366),
        valid_until=_today() - datetime.timedelta(days=1),
    )
    consent.refresh_from_db()
    assert consent.is_expired and not consent.is_active
    assert not selectors.has_processing_basis(household=home)


def test_a_child_does_not_consent_alone_but_a_guardian_does(demo):
    home = household(demo)
    kontakt = demo["users"]["kontakt"]
    child = services.member_add(
        acting_user=kontakt,
        household=home,
        data=services.MemberInput(name="Lille", role="child", birth_year=_today().year - 9),
    )
    before = _stored(home)
    with pytest.raises(DomainError, match="forelderen eller vergen") as refused:
        services.consent_give(acting_user=kontakt, **consent_arguments(home, given_by=child))
    assert refused.value.field == "given_by"
    assert _stored(home) == before
    parent = services.member_add(
        acting_user=kontakt,
        household=home,
        data=services.MemberInput(name="Mor", role="parent", birth_year=1985),
    )
    consent = services.consent_give(acting_user=kontakt, **consent_arguments(home, given_by=parent))
    assert consent.given_by == parent


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (lambda today: {"method": "not_recorded"}, "method", "skriftlig, muntlig eller digitalt"),
        (lambda today: {"method": "email"}, "method", "skriftlig, muntlig eller digitalt"),
        (lambda today: {"services": []}, "services", "tjenestene"),
        (lambda today: {"services": ["nav", "secret"]}, "services", "tjenestene"),
        (lambda today: {"purposes": []}, "purposes", "brukes til"),
        (
            lambda today: {"given_on": today + datetime.timedelta(days=1)},
            "given_on",
            "fremtiden",
        ),
        (
            lambda today: {"given_on": today - datetime.timedelta(days=400)},
            "given_on",
            "gis på nytt",
        ),
        (lambda today: {"given_on": "2026-01-01"}, "given_on", "datoen"),
        (lambda today: {"valid_until": today}, "valid_until", "etter dagen det ble gitt"),
        (
            lambda today: {"valid_until": today - datetime.timedelta(days=5)},
            "valid_until",
            "etter dagen det ble gitt",
        ),
        (
            lambda today: {
                "given_on": today - datetime.timedelta(days=7),
                "valid_until": today - datetime.timedelta(days=1),
            },
            "valid_until",
            "lenger enn i dag",
        ),
        (
            lambda today: {"valid_until": today.replace(year=today.year + 4)},
            "valid_until",
            "høyst 3 år",
        ),
        (lambda today: {"valid_until": None}, "valid_until", "datoen"),
        (lambda today: {"given_by": None}, "given_by", "hvem i husstanden"),
    ],
)
def test_bad_consent_input_is_refused_in_norwegian_and_nothing_stored(
    demo, overrides, field, message
):
    home = household(demo)
    before = _stored(home)
    with pytest.raises(DomainError, match=message) as refused:
        services.consent_give(
            acting_user=demo["users"]["kontakt"],
            **consent_arguments(home, **overrides(_today())),
        )
    assert refused.value.field == field
    assert _stored(home) == before


def test_every_refused_consent_field_comes_in_one_answer(demo):
    home = household(demo)
    before = _stored(home)
    today = _today()
    with pytest.raises(DomainError) as refused:
        services.consent_give(
            acting_user=demo["users"]["kontakt"],
            **consent_arguments(
                home,
                method="email",
                given_on=today + datetime.timedelta(days=3),
                services=[],
                purposes=None,
                valid_until=today,
            ),
        )
    assert [problem.field for problem in refused.value.problems] == [
        "method",
        "given_on",
        "services",
        "purposes",
        "valid_until",
    ]
    assert _stored(home) == before


@pytest.mark.parametrize("step", ["people:consent_give", "support:case_consent"])
def test_the_consent_pages_name_the_forms_and_the_services_problems_together(
    demo, client_for, step
):
    """The form's own refusals (a missing method, no services) and the service's (a
    given-date in the future, an end date too far from it) in one answer, each at its
    field (the trial: 2030 as the given-date was refused only on the second try)."""
    home = household(demo)
    before = _stored(home)
    today = _today()
    response = client_for("kontakt").post(
        reverse(step, args=[home.pk]),
        consent_form(
            home,
            method="",
            services=[],
            given_on=(today + datetime.timedelta(days=30)).isoformat(),
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"method", "services", "given_on"}
    assert "fremtiden" in errors["given_on"][0]
    page = response.content.decode()
    assert 'href="#id_given_on"' in page and 'href="#id_method"' in page
    assert _stored(home) == before


def test_a_member_of_another_household_cannot_give_the_consent(demo):
    home = household(demo)
    other = household(demo, alias="Familien Annen")
    before = _stored(home)
    with pytest.raises(DomainError, match="hvem i husstanden"):
        services.consent_give(
            acting_user=demo["users"]["kontakt"],
            **consent_arguments(home, given_by=other.members.get()),
        )
    assert _stored(home) == before


def test_other_legal_bases_are_their_own_record_with_the_law_named(demo):
    home = household(demo)
    kontakt = demo["users"]["kontakt"]
    before = _stored(home)
    for basis, reference, field in (
        ("consent", "sosialtjenesteloven § 17", "basis"),
        ("public_task", "  ", "legal_reference"),
        ("public_task", "x" * 201, "legal_reference"),
    ):
        with pytest.raises(DomainError) as refused:
            services.legal_basis_record(
                acting_user=kontakt,
                household=home,
                basis=basis,
                legal_reference=reference,
                services=["nav"],
                purposes=["coordination"],
            )
        assert refused.value.field == field
    assert _stored(home) == before
    record = services.legal_basis_record(
        acting_user=kontakt,
        household=home,
        basis="legal_obligation",
        legal_reference="barnevernsloven § 13-1",
        services=["school", "municipal_unit"],
        purposes=["coordination"],
    )
    assert record.services == ["municipal_unit", "school"]
    assert not Consent.objects.filter(household=home).exists()
    assert selectors.has_processing_basis(household=home)
    row = AuditRecord.objects.filter(action="legal_basis.record").latest("pk")
    assert row.new_values["basis"] == "legal_obligation"
    assert "barnevern" not in str(row.new_values)
    services.legal_basis_end(acting_user=kontakt, record=record)
    record.refresh_from_db()
    assert record.ended_at is not None and record.ended_by == kontakt
    assert not selectors.has_processing_basis(household=home)
    with pytest.raises(DomainError, match="allerede avsluttet"):
        services.legal_basis_end(acting_user=kontakt, record=record)


def test_the_consent_page_asks_only_about_consent(demo, client_for):
    home = household(demo)
    client = client_for("kontakt")
    url = reverse("people:consent_give", args=[home.pk])
    page = client.get(url).content.decode()
    assert 'name="given_by"' in page and 'name="valid_until"' in page
    # A date input reads only ISO dates: today is filled in, as the browser can read it.
    assert f'name="given_on" id="id_given_on" value="{_today().isoformat()}"' in page
    assert 'name="basis"' not in page and 'name="legal_basis"' not in page
    assert reverse("people:legal_basis_record", args=[home.pk]) in page

    # Bad input: a Norwegian message on the field, what was typed kept, nothing stored.
    response = client.post(url, consent_form(home, valid_until="2020-01-01", scope="Bare NAV"))
    assert response.status_code == 200
    # Ending before it was given: the message names the day it was given (the trial
    # swapped the two dates and was told only "beyond today").
    given = _today().strftime("%d.%m.%Y")
    assert f"Samtykket må slutte etter dagen det ble gitt ({given})." in response.content.decode()
    assert 'value="Bare NAV"' in response.content.decode()
    assert not Consent.objects.filter(household=home).exists()
    # Given a week ago, ending yesterday: after the day it was given, but not beyond today.
    week_ago, yesterday = (_today() - datetime.timedelta(days=d) for d in (7, 1))
    late = consent_form(home, given_on=week_ago.isoformat(), valid_until=yesterday.isoformat())
    response = client.post(url, late)
    assert "Samtykket må gjelde lenger enn i dag." in response.content.decode()
    assert not Consent.objects.filter(household=home).exists()

    response = client.post(url, consent_form(home))
    assert response.status_code == 302
    detail = client.get(reverse("people:detail", args=[home.pk])).content.decode()
    assert "Skriftlig" in detail and "Gjelder" in detail


def test_the_legal_basis_page_records_separately(demo, client_for):
    home = household(demo)
    client = client_for("kontakt")
    url = reverse("people:legal_basis_record", args=[home.pk])
    response = client.post(
        url, {"basis": "public_task", "legal_reference": "", "services": ["nav"]}
    )
    assert response.status_code == 200
    assert not LegalBasisRecord.objects.filter(household=home).exists()
    response = client.post(
        url,
        {
            "basis": "public_task",
            "legal_reference": "sosialtjenesteloven § 17",
            "services": ["nav"],
            "purposes": ["coordination"],
        },
    )
    assert response.status_code == 302
    record = LegalBasisRecord.objects.get(household=home)
    detail = client.get(reverse("people:detail", args=[home.pk])).content.decode()
    assert "sosialtjenesteloven § 17" in detail
    client.post(reverse("people:legal_basis_end", args=[record.pk]))
    record.refresh_from_db()
    assert record.ended_at is not None
    other = client_for("okonom").post(reverse("people:legal_basis_end", args=[record.pk]))
    assert other.status_code == 404
