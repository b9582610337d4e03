"""Needs mapping and the motivation letter, confirmed by the citizen through a signed link."""

import re
import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError
from samskap.support import services
from samskap.support.links import SALT, CitizenOnly, letter_token
from samskap.support.models import NeedsMapping
from tests.support.factories import SUBPROJECT, consent_to_map, household, organisations


def write_letter(demo, home, **overrides):
    data = {
        "acting_user": demo["users"]["kontakt"],
        "household": home,
        "subproject": demo["subprojects"][SUBPROJECT],
        "language": "ar",
        "need": "Kjøretimer",
        "purpose": "Førerkort for å få jobb",
        "commitment": "Møte opp",
    }
    data.update(overrides)
    return services.letter_write(**data)


def test_needs_mapping_is_time_stamped_with_services_and_checklist(demo):
    home = household(demo)
    consent_to_map(demo, home)
    mapping = services.needs_mapping_record(
        acting_user=demo["users"]["kontakt"],
        household=home,
        subproject=demo["subprojects"][SUBPROJECT],
        place="school",
        services_present=organisations(demo),
        basic_needs=["transport", "bed"],
        notes="Sover på sofaen",
    )
    assert mapping.mapped_at is not None
    assert mapping.basic_needs == ["bed", "transport"]
    assert mapping.services_present.count() == 2


def test_needs_mapping_refuses_unknown_need_and_no_services(demo):
    home = household(demo)
    base = {
        "acting_user": demo["users"]["kontakt"],
        "household": home,
        "subproject": demo["subprojects"][SUBPROJECT],
        "place": "home",
    }
    with pytest.raises(DomainError):
        services.needs_mapping_record(**base, services_present=[], basic_needs=["bed"])
    with pytest.raises(DomainError):
        services.needs_mapping_record(
            **base, services_present=organisations(demo), basic_needs=["yacht"]
        )
    assert not NeedsMapping.objects.filter(household=home).exists()


def test_letter_needs_each_part(demo):
    home = household(demo)
    with pytest.raises(DomainError) as error:
        write_letter(demo, home, commitment="  ")
    assert error.value.field == "commitment"


def test_citizen_confirms_through_link_without_login(demo, client):
    letter = write_letter(demo, household(demo))
    url = reverse("support:confirm", args=[letter_token(letter)])
    page = client.get(url)
    assert page.status_code == 200
    assert "Førerkort for å få jobb" in page.content.decode()
    letter.refresh_from_db()
    assert letter.confirmed_at is None  # reading is not confirming
    assert client.post(url).status_code == 200
    letter.refresh_from_db()
    assert letter.confirmed_at is not None
    first = letter.confirmed_at
    client.post(url)
    letter.refresh_from_db()
    assert letter.confirmed_at == first


def test_tampered_link_is_refused_in_norwegian_and_changes_nothing(demo, client):
    letter = write_letter(demo, household(demo))
    token = letter_token(letter)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.post(reverse("support:confirm", args=[tampered]))
    assert response.status_code == 400
    assert "Lenken er ikke gyldig" in response.content.decode()
    letter.refresh_from_db()
    assert letter.confirmed_at is None


def test_expired_link_is_refused_and_changes_nothing(demo, client, monkeypatch):
    letter = write_letter(demo, household(demo))
    token = letter_token(letter)
    real_time = time.time
    # Eight days later: one day past the week the link lives.
    monkeypatch.setattr("django.core.signing.time.time", lambda: real_time() + 8 * 24 * 3600)
    response = client.post(reverse("support:confirm", args=[token]))
    assert response.status_code == 400
    # Said in the letter's language (Arabic here), though the link no longer opens it.
    assert "انتهت صلاحية هذا الرابط" in response.content.decode()
    assert '<html lang="ar" dir="rtl"' in response.content.decode()
    letter.refresh_from_db()
    assert letter.confirmed_at is None


def test_link_for_another_letter_text_is_refused(demo, client):
    letter = write_letter(demo, household(demo))
    token = signing.dumps({"letter": letter.pk, "digest": "0" * 32}, salt=SALT)
    assert client.post(reverse("support:confirm", args=[token])).status_code == 400
    letter.refresh_from_db()
    assert letter.confirmed_at is None


def test_contact_person_makes_link_on_letter_page(demo, client_for):
    letter = write_letter(demo, household(demo))
    response = client_for("kontakt").post(reverse("support:letter_detail", args=[letter.pk]))
    assert response.status_code == 200
    assert "/stotte/bekreft/" in response.content.decode()
    letter.refresh_from_db()
    assert letter.link_sent_at is not None
    assert (
        client_for("okonom").get(reverse("support:letter_detail", args=[letter.pk])).status_code
        == 404
    )


def _link_made_by_contact_person(demo, client_for):
    letter = write_letter(demo, household(demo))
    kontakt = client_for("kontakt")
    page = kontakt.post(reverse("support:letter_detail", args=[letter.pk])).content.decode()
    link = re.search(r'id="confirmation-link">([^<]+)<', page).group(1)
    return letter, kontakt, link


def test_contact_person_cannot_confirm_their_own_link_while_logged_in(demo, client_for):
    letter, kontakt, link = _link_made_by_contact_person(demo, client_for)
    for response in (kontakt.get(link), kontakt.post(link)):
        assert response.status_code == 403
        text = response.content.decode()
        assert "Du er logget inn i Samskap" in text
        assert "Førerkort for å få jobb" not in text  # the letter is not shown either
    letter.refresh_from_db()
    assert letter.confirmed_at is None
    assert not AuditRecord.objects.filter(
        action="motivation_letter.confirm", object_id=str(letter.pk)
    ).exists()


def test_the_service_refuses_a_staff_session_too(demo):
    letter = write_letter(demo, household(demo))
    with pytest.raises(CitizenOnly):
        services.letter_confirm(token=letter_token(letter), signed_in_user=demo["users"]["team"])
    letter.refresh_from_db()
    assert letter.confirmed_at is None


def test_after_confirmation_the_link_shows_only_that_it_is_confirmed(demo, client_for):
    letter, _kontakt, link = _link_made_by_contact_person(demo, client_for)
    citizen = Client()
    assert "Førerkort for å få jobb" in citizen.get(link).content.decode()
    citizen.post(link)
    record = AuditRecord.objects.get(action="motivation_letter.confirm", object_id=str(letter.pk))
    assert record.actor is None and record.new_values["by"] == "citizen link"
    for page in (citizen.get(link), Client().get(link)):
        text = page.content.decode()
        assert page.status_code == 200
        assert "لقد أكّدت الرسالة" in text  # in the letter's language, Arabic
        assert "Førerkort for å få jobb" not in text
        assert "Kjøretimer" not in text
