"""The effects forms answer every problem in one go (the new-user trial): a target or a
value out of range is marked beside the fields left empty, and a round that closes before
it opens beside its missing question; nothing is stored."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samskap.audit.models import AuditRecord
from samskap.effects import services
from samskap.effects.models import (
    Goal,
    Indicator,
    IndicatorKind,
    Outcome,
    Participant,
    ParticipantGroup,
    ProposalRound,
)

VEIEN = "Veien til førerkortet"


@pytest.fixture
def veien(demo):
    return demo["subprojects"][VEIEN]


@pytest.fixture
def goal(veien):
    return services.goal_create(
        acting_user=None, agreement=veien.agreement, subproject=veien, title="Mestring"
    )


def _stored():
    return (
        Indicator.objects.count(),
        Outcome.objects.count(),
        ProposalRound.objects.count(),
        Goal.objects.count(),
        AuditRecord.objects.count(),
    )


def test_a_new_indicators_target_out_of_range_comes_with_the_missing_fields(client_for, goal):
    before = _stored()
    response = client_for("leder").post(
        reverse("effects:indicator_create", args=[goal.pk]),
        {
            "name": "",
            "kind": "achieved",
            "target": "150",
            "direction": "higher",
            "baseline_value": "",
            "baseline_date": "",
            "measured_when": "",
            "measured_how": "Vitnemål",
            "recorded_by": "team",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"name", "measured_when", "target"}
    assert "100" in errors["target"][0]
    # The summary names each field.
    summary = response.content.decode().split('role="alert"', 1)[1].split("</div>", 1)[0]
    assert ": Feltet er påkrevet." in summary
    assert _stored() == before


def test_a_participants_value_out_of_range_comes_with_the_missing_date(client_for, veien):
    goal = services.goal_create(
        acting_user=None, agreement=veien.agreement, subproject=veien, title="Mestring"
    )
    scale = services.indicator_create(
        acting_user=None,
        goal=goal,
        name="Opplevd mestring",
        kind=IndicatorKind.SCALE,
        target="4",
        measured_when="Ved start og slutt",
        measured_how="Samtale",
        recorded_by="contact_person",
    )
    person = (
        Participant.objects.filter(subproject=veien, group=ParticipantGroup.PARTICIPANT)
        .order_by("pk")
        .first()
    )
    before = _stored()
    response = client_for("kontakt").post(
        reverse("effects:participant", args=[person.pk]),
        {
            "action": "outcome",
            "indicator": scale.pk,
            "value": "9",
            "measured_on": "",
            "source": "staff_observation",
        },
    )
    assert response.status_code == 400
    errors = response.context["outcome_form"].errors
    assert set(errors) == {"measured_on", "value"}
    assert "5" in errors["value"][0]
    assert _stored() == before


def test_a_round_that_closes_before_it_opens_comes_with_the_missing_question(client_for, veien):
    today = timezone.localdate()
    before = _stored()
    response = client_for("kontakt").post(
        reverse("effects:participation", args=[veien.pk]),
        {
            "action": "round",
            "title": "",
            "opens_on": today.isoformat(),
            "closes_on": (today - datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 400
    errors = response.context["round_form"].errors
    assert set(errors) == {"title", "closes_on"}
    assert errors["closes_on"] == ["Runden kan ikke stenge før den åpner."]
    assert _stored() == before


def test_an_end_before_the_start_comes_with_the_missing_member_and_group(client_for, veien):
    """The new-user trial on the participants page: no member, no group, and an end
    before the start, which was named only on the next try."""
    starts_on = timezone.localdate() - datetime.timedelta(days=10)
    before = (_stored(), Participant.objects.count())
    response = client_for("leder").post(
        reverse("effects:participants", args=[veien.pk]),
        {
            "member": "",
            "group": "",
            "role": "",
            "starts_on": starts_on.isoformat(),
            "ends_on": (starts_on - datetime.timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"member", "group", "ends_on"}
    assert errors["ends_on"] == ["Sluttdatoen kan ikke være før starten."]
    assert (_stored(), Participant.objects.count()) == before


def test_the_enrolment_service_names_every_problem_at_once(veien, demo):
    member = veien.agreement.municipality.households.first().members.first()
    starts_on = timezone.localdate() + datetime.timedelta(days=3)
    with pytest.raises(services.DomainError) as refused:
        services.participant_enrol(
            acting_user=None,
            subproject=veien,
            member=member,
            group="nonsense",
            starts_on=starts_on,
            ends_on=starts_on - datetime.timedelta(days=5),
        )
    fields = {problem.field for problem in refused.value.problems}
    assert {"group", "starts_on", "ends_on"} <= fields


def test_a_corrections_future_date_comes_with_the_unread_value_and_missing_reason(
    client_for, veien
):
    """The new-user trial on the correction page: "abc" as value, no reason and a date
    a year ahead (2031 in the trial), which was named only on the next try."""
    outcome = Outcome.objects.filter(participant__subproject=veien, is_current=True).first()
    assert outcome is not None
    before = _stored()
    response = client_for("leder").post(
        reverse("effects:outcome_correct", args=[outcome.pk]),
        {
            "value": "abc",
            # A day in the future, whenever the test runs.
            "measured_on": (timezone.localdate() + datetime.timedelta(days=400)).isoformat(),
            "source": outcome.source,
            "reason": "",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"value", "reason", "measured_on"}
    assert errors["measured_on"] == ["Et resultat kan ikke dateres fram i tid."]
    assert _stored() == before
