"""Every list and choice of people in effects names them the same way: name, birth year
and household number (effects/persons.py). Issue #11's trial: the enrol dropdown showed
first names only, so two children called Amina looked the same."""

import pytest
from django.urls import reverse
from django.utils import timezone

from samskap.effects import services
from samskap.effects.forms import EnrolForm
from samskap.effects.persons import person_label
from samskap.people.models import Member
from samskap.people.services import MemberInput, household_create

VEIEN = "Veien til førerkortet"


@pytest.fixture
def veien(demo):
    return demo["subprojects"][VEIEN]


@pytest.fixture
def aminas(demo, veien):
    """Two households in the sub-project, each with an Amina born the same year."""
    contact = demo["users"]["kontakt"]
    year = timezone.localdate().year - 19
    made = []
    for alias in ("Familien Ali", "Familien Noor"):
        household = household_create(
            acting_user=contact,
            subproject=veien,
            alias=alias,
            first_member=MemberInput(
                name="Amina", role="young_person", birth_year=year, national_id=""
            ),
        )
        made.append(household.members.get())
    return made


def _text(response) -> str:
    return response.content.decode()


def test_the_label_tells_two_people_of_the_same_name_apart(aminas):
    first, second = aminas
    assert person_label(first) != person_label(second)
    assert person_label(first) == (f"Amina (f. {first.birth_year}, husstand #{first.household_id})")


def test_the_label_shows_no_more_than_needed(aminas):
    member = aminas[0]
    member.national_id = "01010012345"
    label = person_label(member)
    assert "01010012345" not in label
    assert member.household.alias not in label  # "Familien Ali" names the family


def test_the_issue_case_the_enrol_dropdown_has_no_two_equal_choices(client_for, veien, aminas):
    page = _text(client_for("kontakt").get(reverse("effects:participants", args=[veien.pk])))
    for member in aminas:
        assert f'value="{member.pk}">{person_label(member)}</option>' in page
    form = EnrolForm(
        members=Member.objects.filter(household__enrolments__subproject=veien).distinct()
    )
    labels = [label for _value, label in form.fields["member"].choices]
    assert len(labels) == len(set(labels))


def test_the_participant_list_page_and_links_use_the_same_label(client_for, veien, aminas):
    start = timezone.localdate()
    for member in aminas:
        services.participant_enrol(
            acting_user=None, subproject=veien, member=member, starts_on=start
        )
    client = client_for("kontakt")
    listing = _text(client.get(reverse("effects:participants", args=[veien.pk])))
    participation = _text(client.get(reverse("effects:participation", args=[veien.pk])))
    for member in aminas:
        label = person_label(member)
        assert f"<bdi>{label}</bdi>" in listing
        assert f"<bdi>{label}</bdi>" in participation
        participant = member.participations.get()
        page = _text(client.get(reverse("effects:participant", args=[participant.pk])))
        assert f"Deltaker: {label}" in page
