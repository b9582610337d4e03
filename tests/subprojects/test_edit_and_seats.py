"""Changing a sub-project and its team's seats after set-up (issue #10): each through a
service with an audit row, refused for other roles at the service, nothing changed on
refusal."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.people import selectors as people_selectors
from samskap.subprojects import services
from samskap.subprojects.models import SubProject, TeamMembership
from tests.support.factories import SUBPROJECT, household

OUTSIDERS = ["leder", "kontakt", "team", "stat"]


def _edit(demo, by="okonom", **changes):
    subproject = demo["subprojects"][SUBPROJECT]
    data = {
        "name": subproject.name,
        "summary": subproject.summary,
        "target_group": subproject.target_group,
        "age_from": subproject.age_from,
        "age_to": subproject.age_to,
        **changes,
    }
    return services.subproject_update(acting_user=demo["users"][by], subproject=subproject, **data)


def _seat(demo, username="nav.berg"):
    return TeamMembership.objects.get(
        subproject=demo["subprojects"][SUBPROJECT], user=demo["users"][username]
    )


def test_the_sub_project_is_changed_and_the_trail_keeps_no_free_text(demo):
    subproject = _edit(
        demo, name="Stødig start i egen bolig", target_group="Unge 16–24 år i egen bolig", age_to=24
    )
    stored = SubProject.objects.get(pk=subproject.pk)
    assert (stored.name, stored.age_from, stored.age_to) == ("Stødig start i egen bolig", 16, 24)
    record = AuditRecord.objects.filter(action="subproject.update").latest("pk")
    assert record.new_values["target_group_changed"] is True
    assert record.new_values["summary_changed"] is False
    assert "Unge 16–24" not in str(record.new_values)
    assert record.old_values == {"name": "Stødig start", "age_from": 16, "age_to": 23}


def test_an_age_range_that_leaves_out_enrolled_young_people_is_refused_with_their_ages(demo):
    home = household(demo)  # Ali, born 2006, in Stødig start (16–23)
    age = timezone.localdate().year - home.members.get().birth_year
    assert 16 <= age <= 23
    assert age in [
        timezone.localdate().year - year
        for year in people_selectors.participant_birth_years(
            subproject=demo["subprojects"][SUBPROJECT]
        )
    ]
    before = AuditRecord.objects.count()
    with pytest.raises(DomainError) as refusal:
        _edit(demo, age_from=16, age_to=age - 1)
    assert refusal.value.field == "age_from"
    # Each age once, however many share it (the demo enrols cohorts of one age).
    named = re.search(r"er ([\d, ]+) år", refusal.value.message).group(1).split(", ")
    assert str(age) in named and len(named) == len(set(named))
    assert refusal.value.message.startswith(f"{len(left_out_ages(demo, age - 1))} unge")
    assert SubProject.objects.get(pk=demo["subprojects"][SUBPROJECT].pk).age_to == 23
    assert AuditRecord.objects.count() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"age_from": 20, "age_to": 18}, "age_to"), ({"age_to": 30}, "age_from")],
)
def test_bad_ages_are_refused(demo, changes, field):
    with pytest.raises(DomainError) as refusal:
        _edit(demo, **changes)
    assert refusal.value.field == field


@pytest.mark.parametrize("by", OUTSIDERS)
def test_other_roles_cannot_change_the_sub_project(demo, by):
    with pytest.raises(NotFoundOrForbidden):
        _edit(demo, by=by, name="Kapret")
    assert SubProject.objects.filter(name="Stødig start").exists()


def test_the_edit_page_saves_and_shows_the_refusal(demo, client_for):
    subproject = demo["subprojects"][SUBPROJECT]
    household(demo)
    client = client_for("admin")
    url = reverse("subprojects:edit", args=[subproject.pk])
    assert client.get(url).status_code == 200
    form = {
        "name": subproject.name,
        "summary": subproject.summary,
        "target_group": subproject.target_group,
        "age_from": "16",
        "age_to": "17",
    }
    response = client.post(url, form)
    assert response.status_code == 400
    assert "ville holde dem utenfor" in response.content.decode()
    response = client.post(url, {**form, "age_to": "24"})
    assert response.status_code == 302
    assert SubProject.objects.get(pk=subproject.pk).age_to == 24


def test_a_seat_changes_role_and_is_removed(demo):
    seat = _seat(demo)
    assert seat.team_role == "member"
    services.team_role_change(
        acting_user=demo["users"]["okonom"], membership=seat, team_role="lead"
    )
    assert _seat(demo).team_role == "lead"
    record = AuditRecord.objects.filter(action="team_membership.role").latest("pk")
    assert record.old_values == {"team_role": "member"}
    services.team_member_remove(acting_user=demo["users"]["admin"], membership=seat)
    assert not TeamMembership.objects.filter(pk=seat.pk).exists()
    record = AuditRecord.objects.filter(action="team_membership.delete").latest("pk")
    assert record.old_values["user"] == demo["users"]["nav.berg"].pk


def test_a_removed_seat_no_longer_sees_the_households(demo, client_for):
    home = household(demo)
    client = client_for("nav.berg")
    assert client.get(reverse("people:detail", args=[home.pk])).status_code == 200
    services.team_member_remove(acting_user=demo["users"]["okonom"], membership=_seat(demo))
    assert client.get(reverse("people:detail", args=[home.pk])).status_code == 404


def test_a_bad_team_role_is_refused(demo):
    for role, message in [("boss", "Velg en rolle i teamet."), ("member", "allerede denne rollen")]:
        with pytest.raises(DomainError) as refusal:
            services.team_role_change(
                acting_user=demo["users"]["okonom"], membership=_seat(demo), team_role=role
            )
        assert message in refusal.value.message
    assert _seat(demo).team_role == "member"


@pytest.mark.parametrize("by", OUTSIDERS)
def test_other_roles_cannot_change_or_remove_seats(demo, by):
    with pytest.raises(NotFoundOrForbidden):
        services.team_role_change(
            acting_user=demo["users"][by], membership=_seat(demo), team_role="lead"
        )
    with pytest.raises(NotFoundOrForbidden):
        services.team_member_remove(acting_user=demo["users"][by], membership=_seat(demo))
    assert _seat(demo).team_role == "member"


def test_the_team_page_changes_a_role_and_removes_a_seat(demo, client_for):
    client = client_for("okonom")
    seat = _seat(demo)
    team = reverse("subprojects:team", args=[seat.subproject_id])
    page = client.get(team).content.decode()
    assert reverse("subprojects:membership_remove", args=[seat.pk]) in page
    response = client.post(
        reverse("subprojects:membership_role", args=[seat.pk]), {"team_role": "contact_person"}
    )
    assert response["Location"] == team
    assert _seat(demo).team_role == "contact_person"
    client.post(reverse("subprojects:membership_remove", args=[seat.pk]))
    assert not TeamMembership.objects.filter(pk=seat.pk).exists()


def left_out_ages(demo, age_to: int) -> list[int]:
    """Ages of the sub-project's enrolled young people, inside its present range and above
    ``age_to`` (one per person)."""
    subproject = demo["subprojects"][SUBPROJECT]
    this_year = timezone.localdate().year
    ages = [
        this_year - year for year in people_selectors.participant_birth_years(subproject=subproject)
    ]
    return [age for age in ages if age_to < age <= subproject.age_to]


def _another_name(demo):
    subproject = demo["subprojects"][SUBPROJECT]
    return (
        SubProject.objects.filter(agreement_id=subproject.agreement_id)
        .exclude(pk=subproject.pk)
        .values_list("name", flat=True)
        .first()
    )


def test_the_service_names_a_reversed_range_and_a_taken_name_at_once(demo):
    """The new-user trial: the edit answered one problem per try."""
    taken = _another_name(demo)
    assert taken
    before = AuditRecord.objects.count()
    with pytest.raises(DomainError) as refused:
        _edit(demo, name=taken.upper(), age_from=20, age_to=10)
    assert {problem.field for problem in refused.value.problems} == {"name", "age_to"}
    stored = SubProject.objects.get(pk=demo["subprojects"][SUBPROJECT].pk)
    assert (stored.name, stored.age_from, stored.age_to) == ("Stødig start", 16, 23)
    assert AuditRecord.objects.count() == before


def test_the_edit_page_names_a_reversed_range_with_the_empty_fields(demo, client_for):
    """Empty required fields beside ages 20 to 10 and a taken name: all in one answer."""
    subproject = demo["subprojects"][SUBPROJECT]
    before = AuditRecord.objects.count()
    response = client_for("okonom").post(
        reverse("subprojects:edit", args=[subproject.pk]),
        {
            "name": _another_name(demo),
            "summary": "",
            "target_group": "",
            "age_from": "20",
            "age_to": "10",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"name", "summary", "target_group", "age_to"}
    assert errors["age_to"] == ["Den laveste alderen kan ikke være over den høyeste."]
    stored = SubProject.objects.get(pk=subproject.pk)
    assert (stored.name, stored.age_from, stored.age_to) == ("Stødig start", 16, 23)
    assert AuditRecord.objects.count() == before
