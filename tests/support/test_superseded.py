"""Saving a letter or a needs mapping again in a case supersedes the older one (issue
#10): the older citizen link stops working with a clear message, one current letter and
mapping per case, the older ones kept as history."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError
from samskap.support import services
from samskap.support.links import LinkRefused, letter_token, read_letter_token
from samskap.support.models import MotivationLetter, NeedsMapping, Place, SupportRequest
from tests.support.factories import SUBPROJECT, consent_to_map, household, organisations
from tests.support.test_case_flow import LETTER, _lines, _mapping

NEWER = "Det finnes en nyere versjon av dette brevet"


def _write(demo, home, need="Førerkort"):
    return services.letter_write(
        acting_user=demo["users"]["kontakt"],
        household=home,
        subproject=demo["subprojects"][SUBPROJECT],
        language="nb",
        need=need,
        purpose="Kjøretimer",
        commitment="Møte opp",
    )


def test_a_second_letter_stops_the_first_link_with_a_clear_message(demo):
    home = household(demo)
    first = _write(demo, home)
    old_link = letter_token(first)
    second = _write(demo, home, need="Førerkort og teori")
    with pytest.raises(LinkRefused) as refusal:
        services.letter_confirm(token=old_link)
    assert NEWER in refusal.value.message
    first.refresh_from_db()
    assert first.confirmed_at is None
    assert first.superseded_by == second and first.superseded_at is not None
    # The newest letter's link works; history is kept.
    assert services.letter_confirm(token=letter_token(second)).confirmed_at is not None
    assert MotivationLetter.objects.filter(household=home).count() == 2
    record = AuditRecord.objects.filter(action="motivation_letter.create").latest("pk")
    assert record.new_values["supersedes"] == first.pk


def test_even_an_identical_letter_saved_twice_leaves_one_live_link(demo):
    """Same text, same digest: the first link must still stop working."""
    home = household(demo)
    first = _write(demo, home)
    second = _write(demo, home)
    assert letter_token(first) != letter_token(second)
    with pytest.raises(LinkRefused):
        services.letter_confirm(token=letter_token(first))
    current = MotivationLetter.objects.filter(household=home, superseded_at=None)
    assert list(current) == [second]


def test_a_superseded_letter_gets_no_link_and_no_request(demo):
    home = household(demo)
    first = _write(demo, home)
    services.letter_confirm(token=letter_token(first))  # confirmed, then replaced
    _write(demo, home, need="Noe annet")
    first.refresh_from_db()
    with pytest.raises(DomainError, match="nyere versjon"):
        services.letter_link_issue(acting_user=demo["users"]["kontakt"], letter=first)
    with pytest.raises(DomainError, match="nyere versjon"):
        services.support_request_create(
            acting_user=demo["users"]["kontakt"],
            letter=first,
            lines=[services.LineInput(form="cash", description="Kjøretimer", amount="100")],
        )
    assert not SupportRequest.objects.filter(household=home).exists()


def test_the_database_holds_one_current_letter_and_mapping_per_case(demo):
    home = household(demo)
    letter = _write(demo, home)
    consent_to_map(demo, home)
    mapping = _map(demo, home)
    for model, row in ((MotivationLetter, letter), (NeedsMapping, mapping)):
        copy = model.objects.filter(pk=row.pk).values(
            *[
                f.attname
                for f in model._meta.concrete_fields
                if f.attname not in {"id", "superseded_at", "superseded_by_id"}
            ]
        )[0]
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.create(**copy)


def _map(demo, home):
    return services.needs_mapping_record(
        acting_user=demo["users"]["kontakt"],
        household=home,
        subproject=demo["subprojects"][SUBPROJECT],
        place=Place.HOME,
        services_present=organisations(demo)[:1],
        basic_needs=["transport"],
    )


def test_mapping_again_supersedes_the_older_mapping(demo):
    home = household(demo)
    consent_to_map(demo, home)
    first = _map(demo, home)
    second = _map(demo, home)
    first.refresh_from_db()
    assert first.superseded_by == second and second.superseded_at is None
    assert NeedsMapping.objects.filter(household=home).count() == 2
    record = AuditRecord.objects.filter(action="needs_mapping.create").latest("pk")
    assert record.new_values["supersedes"] == first.pk


def test_the_guided_case_resaving_the_letter_leaves_one_live_link(demo, client_for):
    client = client_for("kontakt")
    home = household(demo, alias="Familien Omskriver")
    consent_to_map(demo, home)
    url = reverse("support:case_letter", args=[home.pk])
    client.post(url, LETTER)
    first = MotivationLetter.objects.get(household=home)
    old_link = reverse("support:confirm", args=[letter_token(first)])
    client.post(url, {**LETTER, "need": "Førerkort, skrevet om"})
    assert MotivationLetter.objects.filter(household=home, superseded_at=None).count() == 1
    newest = MotivationLetter.objects.get(household=home, superseded_at=None)
    # The request step shows only the newest link.
    page = client.get(reverse("support:case_request", args=[home.pk])).content.decode()
    shown = re.findall(r"/stotte/bekreft/([^/\"]+)/", page)
    assert shown and {read_letter_token(token)[0] for token in shown} == {newest.pk}
    # The citizen's old link: a clear message, nothing confirmed.
    citizen = Client()
    response = citizen.post(old_link)
    assert response.status_code == 400
    assert NEWER in response.content.decode()
    assert not MotivationLetter.objects.filter(household=home, confirmed_at__isnull=False).exists()
    assert citizen.post(reverse("support:confirm", args=[letter_token(newest)])).status_code == 200
    # The old letter's page says it was replaced and links the newest; no request from it.
    old_page = client.get(reverse("support:letter_detail", args=[first.pk])).content.decode()
    assert reverse("support:letter_detail", args=[newest.pk]) in old_page
    assert reverse("support:request_create", args=[first.pk]) not in old_page
    response = client.post(reverse("support:request_create", args=[first.pk]), _lines())
    assert not SupportRequest.objects.filter(household=home).exists()


def test_the_guided_case_remapping_supersedes(demo, client_for):
    client = client_for("kontakt")
    home = household(demo, alias="Familien Kartlagt")
    consent_to_map(demo, home)
    url = reverse("support:case_mapping", args=[home.pk])
    client.post(url, _mapping(demo))
    client.post(url, {**_mapping(demo), "basic_needs": ["school"]})
    assert NeedsMapping.objects.filter(household=home).count() == 2
    current = NeedsMapping.objects.get(household=home, superseded_at=None)
    assert current.basic_needs == ["school"]


def test_waiting_for_you_lists_only_the_current_letter(demo):
    from samskap.support.selectors import waiting_for

    home = household(demo, alias="Familien Venteliste")
    first = _write(demo, home)
    second = _write(demo, home, need="Ny tekst")
    letters = waiting_for(user=demo["users"]["kontakt"]).letters
    assert second in letters and first not in letters
