"""The staff pages of effects: goals and indicators, participants, outcomes and their
corrections. Bad input from the issue gets a message on the page and stores nothing."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from samskap.audit.models import AuditRecord
from samskap.effects import services
from samskap.effects.models import (
    Goal,
    IndicatorKind,
    Outcome,
    Participant,
    ParticipantGroup,
    PlanGoal,
)
from samskap.people.models import Member

VEIEN = "Veien til førerkortet"


@pytest.fixture
def veien(demo):
    return demo["subprojects"][VEIEN]


@pytest.fixture
def goal(veien):
    return services.goal_create(
        acting_user=None, agreement=veien.agreement, subproject=veien, title="Mestring"
    )


@pytest.fixture
def scale(goal):
    return services.indicator_create(
        acting_user=None,
        goal=goal,
        name="Opplevd mestring",
        kind=IndicatorKind.SCALE,
        target="4",
        baseline_value="2",
        baseline_date=goal.agreement.starts_on,
        measured_when="Ved start og slutt",
        measured_how="Samtale",
        recorded_by="contact_person",
    )


@pytest.fixture
def participant(veien):
    return (
        Participant.objects.filter(subproject=veien, group=ParticipantGroup.PARTICIPANT)
        .order_by("pk")
        .first()
    )


def _baseline_day() -> str:
    """A baseline date the service takes whenever the tests run: in the past and within
    five years before the demo's agreement, which starts on 1 January last year (a fixed
    day in January 2025 falls more than five years before it from 2031 on)."""
    return (timezone.localdate() - datetime.timedelta(days=30)).isoformat()


def _indicator_form(**overrides) -> dict:
    return {
        "name": "Fullført skoleår",
        "kind": "achieved",
        "target": "80",
        "direction": "higher",
        "baseline_value": "50",
        "baseline_date": _baseline_day(),
        "measured_when": "Ved skoleårets slutt",
        "measured_how": "Vitnemål",
        "recorded_by": "team",
        **overrides,
    }


def _text(response) -> str:
    return response.content.decode()


# --- goals ---------------------------------------------------------------------------


def test_the_lead_creates_a_goal_with_sdg_targets_and_a_plan_goal(client_for, veien, demo):
    plan = PlanGoal.objects.create(
        municipality=veien.agreement.municipality, code="KP-9", title="Alle i arbeid"
    )
    response = client_for("leder").post(
        reverse("effects:goals", args=[veien.pk]),
        {
            "action": "goal",
            "title": "Flere i jobb",
            "sdg_targets": ["8.6", "10.2"],
            "plan_goals": [plan.pk],
        },
    )
    goal = Goal.objects.get(subproject=veien, title="Flere i jobb")
    assert response.status_code == 302
    assert response["Location"] == reverse("effects:indicator_create", args=[goal.pk])
    assert sorted(goal.sdg_targets.values_list("code", flat=True)) == ["10.2", "8.6"]
    assert list(goal.plan_goals.all()) == [plan]
    assert AuditRecord.objects.filter(action="effect_goal.create", object_id=str(goal.pk)).exists()


def test_a_plan_goal_is_added_from_the_goals_page(client_for, veien):
    response = client_for("leder").post(
        reverse("effects:goals", args=[veien.pk]),
        {"action": "plan_goal", "plan-code": "KP-10", "plan-title": "Trygge oppvekstvilkår"},
    )
    assert response.status_code == 302
    assert PlanGoal.objects.filter(code="KP-10", municipality=veien.agreement.municipality).exists()


def test_an_unknown_sdg_target_is_refused_and_nothing_stored(client_for, veien):
    before = Goal.objects.count()
    response = client_for("leder").post(
        reverse("effects:goals", args=[veien.pk]),
        {"action": "goal", "title": "Noe", "sdg_targets": ["99.9"]},
    )
    assert response.status_code == 400
    assert Goal.objects.count() == before


def test_the_goal_is_edited_and_its_tags_replaced(client_for, goal):
    response = client_for("leder").post(
        reverse("effects:goal", args=[goal.pk]),
        {"title": "Mestring i hverdagen", "sdg_targets": ["3.4"]},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.title == "Mestring i hverdagen"
    assert list(goal.sdg_targets.values_list("code", flat=True)) == ["3.4"]
    record = AuditRecord.objects.get(action="effect_goal.update", object_id=str(goal.pk))
    assert record.new_values["sdg_targets"] == ["3.4"]


def test_the_state_reads_the_goals_but_cannot_write(client_for, goal, veien):
    client = client_for("stat")
    page = client.get(reverse("effects:goals", args=[veien.pk]))
    assert page.status_code == 200
    assert "Mestring" in _text(page) and "Nytt effektmål" not in _text(page)
    before = Goal.objects.count()
    refused = client.post(
        reverse("effects:goals", args=[veien.pk]), {"action": "goal", "title": "Nei"}
    )
    assert refused.status_code == 404
    assert Goal.objects.count() == before


def test_programme_goals_are_set_by_the_economist_only(client_for, demo):
    agreement = demo["agreement"]
    url = reverse("effects:programme_goals", args=[agreement.pk])
    assert client_for("leder").get(url).status_code == 404
    response = client_for("okonom").post(
        url, {"action": "goal", "title": "Færre barn i fattigdom", "sdg_targets": ["1.2"]}
    )
    assert response.status_code == 302
    assert Goal.objects.filter(
        agreement=agreement, subproject=None, title="Færre barn i fattigdom"
    ).exists()


# --- indicators ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "target"),
    [("achieved", "80"), ("count", "3"), ("scale", "4,5"), ("amount", "15000")],
)
def test_an_indicator_of_each_kind_is_created(client_for, goal, kind, target):
    response = client_for("leder").post(
        reverse("effects:indicator_create", args=[goal.pk]),
        _indicator_form(kind=kind, target=target, baseline_value="", baseline_date=""),
    )
    assert response.status_code == 302
    indicator = goal.indicators.get()
    assert indicator.kind == kind
    assert indicator.target == Decimal(target.replace(",", "."))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        # The "target of the wrong kind": a scale target outside 1–5.
        ({"kind": "scale", "target": "6"}, "For en skalaindikator ligger målet mellom 1 og 5."),
        ({"kind": "achieved", "target": "150"}, "For en ja/nei-indikator er målet andelen"),
        ({"kind": "count", "target": "2,5"}, "Et antall er et helt tall, 0 eller mer."),
        ({"kind": "amount", "target": "-100"}, "Skriv et beløp i kroner"),
        (
            {"kind": "scale", "target": "4", "baseline_value": "0"},
            "For en skalaindikator ligger utgangsverdien mellom 1 og 5.",
        ),
        ({"baseline_date": "0001-01-01"}, "Datoen for utgangsverdien kan ligge høyst fem år"),
        ({"baseline_date": ""}, "En utgangsverdi trenger både verdi og dato."),
        ({"baseline_date": "2999-01-01"}, "Datoen for utgangsverdien kan ikke være fram i tid."),
        ({"target": "mye"}, "Skriv et tall"),
    ],
)
def test_a_target_that_does_not_fit_the_kind_is_refused(client_for, goal, overrides, message):
    response = client_for("leder").post(
        reverse("effects:indicator_create", args=[goal.pk]), _indicator_form(**overrides)
    )
    assert response.status_code == 400
    assert message in _text(response)
    assert not goal.indicators.exists()


def test_the_kind_of_an_indicator_with_outcomes_cannot_change(client_for, scale, participant):
    services.outcome_record(
        acting_user=None,
        participant=participant,
        indicator=scale,
        value="3",
        measured_on=timezone.localdate(),
        source="self_report",
    )
    response = client_for("leder").post(
        reverse("effects:indicator", args=[scale.pk]),
        _indicator_form(name="Opplevd mestring", kind="count", target="3"),
    )
    assert response.status_code == 400
    assert "Det er registrert resultater for denne indikatoren" in _text(response)
    scale.refresh_from_db()
    assert scale.kind == "scale"


def test_the_target_of_an_indicator_is_edited(client_for, scale):
    page = client_for("leder").get(reverse("effects:indicator", args=[scale.pk]))
    assert 'value="4"' in _text(page)  # typed as staff type it, not 4.00
    response = client_for("leder").post(
        reverse("effects:indicator", args=[scale.pk]),
        _indicator_form(
            name="Opplevd mestring",
            kind="scale",
            target="3,5",
            baseline_value="2",
            baseline_date=_baseline_day(),
        ),
    )
    assert response.status_code == 302
    scale.refresh_from_db()
    assert str(scale.target) == "3.50"
    assert AuditRecord.objects.filter(action="indicator.update").exists()


# --- participants ---------------------------------------------------------------------


def test_the_team_enrols_a_household_member_and_ends_the_enrolment(client_for, veien):
    member = (
        Member.objects.filter(household__enrolments__subproject=veien)
        .exclude(participations__subproject=veien)
        .first()
    )
    assert member is not None
    client = client_for("kontakt")
    start = timezone.localdate() - datetime.timedelta(days=30)
    response = client.post(
        reverse("effects:participants", args=[veien.pk]),
        {"member": member.pk, "group": "participant", "starts_on": start.isoformat()},
    )
    participant = Participant.objects.get(subproject=veien, member=member)
    assert response.status_code == 302
    assert response["Location"] == reverse("effects:participant", args=[participant.pk])
    too_early = client.post(
        reverse("effects:participant", args=[participant.pk]),
        {"action": "end", "ends_on": (start - datetime.timedelta(days=1)).isoformat()},
    )
    assert too_early.status_code == 400
    assert "Sluttdatoen kan ikke være før starten." in _text(too_early)
    ended = client.post(
        reverse("effects:participant", args=[participant.pk]),
        {"action": "end", "ends_on": timezone.localdate().isoformat()},
    )
    assert ended.status_code == 302
    participant.refresh_from_db()
    assert participant.ends_on == timezone.localdate()
    again = client.post(
        reverse("effects:participant", args=[participant.pk]),
        {"action": "end", "ends_on": timezone.localdate().isoformat()},
    )
    assert again.status_code == 400
    assert "Denne deltakelsen er allerede avsluttet." in _text(again)


def test_an_enrolment_starting_in_the_future_is_refused(client_for, veien):
    member = Member.objects.filter(household__enrolments__subproject=veien).first()
    before = Participant.objects.count()
    response = client_for("kontakt").post(
        reverse("effects:participants", args=[veien.pk]),
        {
            "member": member.pk,
            "group": "participant",
            "starts_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Startdatoen kan ikke være fram i tid." in _text(response)
    assert Participant.objects.count() == before


def test_only_the_team_sees_the_participants(client_for, veien):
    assert (
        client_for("okonom").get(reverse("effects:participants", args=[veien.pk])).status_code
        == 404
    )
    assert (
        client_for("stat").get(reverse("effects:participants", args=[veien.pk])).status_code == 404
    )
    page = client_for("team").get(reverse("effects:participants", args=[veien.pk]))
    assert page.status_code == 200


# --- outcomes and corrections ----------------------------------------------------------


def _outcome_form(indicator, **overrides) -> dict:
    return {
        "action": "outcome",
        "indicator": indicator.pk,
        "value": "4",
        "measured_on": timezone.localdate().isoformat(),
        "source": "staff_observation",
        **overrides,
    }


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"value": "6"}, "En verdi på skalaen er et helt tall fra 1 til 5."),  # the 6
        ({"value": "0"}, "En verdi på skalaen er et helt tall fra 1 til 5."),
        ({"value": "3,5"}, "En verdi på skalaen er et helt tall fra 1 til 5."),
        ({"measured_on": "2999-01-01"}, "Et resultat kan ikke dateres fram i tid."),
        ({"measured_on": "2001-01-01"}, "Et resultat kan ikke dateres før personen ble"),
    ],
)
def test_bad_outcomes_are_refused_and_nothing_stored(
    client_for, scale, participant, overrides, message
):
    before = Outcome.objects.count()
    response = client_for("kontakt").post(
        reverse("effects:participant", args=[participant.pk]), _outcome_form(scale, **overrides)
    )
    assert response.status_code == 400
    assert message in _text(response)
    assert Outcome.objects.count() == before


def test_an_outcome_is_recorded_corrected_and_its_history_shown(client_for, scale, participant):
    client = client_for("kontakt")
    response = client.post(
        reverse("effects:participant", args=[participant.pk]), _outcome_form(scale, value="3")
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get(participant=participant, indicator=scale)
    url = reverse("effects:outcome_correct", args=[outcome.pk])
    no_reason = client.post(
        url,
        {
            "value": "4",
            "measured_on": outcome.measured_on.isoformat(),
            "source": "staff_observation",
            "reason": "",
        },
    )
    assert no_reason.status_code == 400
    assert Outcome.objects.filter(participant=participant, indicator=scale).count() == 1
    six = client.post(
        url,
        {
            "value": "6",
            "measured_on": outcome.measured_on.isoformat(),
            "source": "staff_observation",
            "reason": "Feil tast",
        },
    )
    assert six.status_code == 400
    assert "En verdi på skalaen er et helt tall fra 1 til 5." in _text(six)
    corrected = client.post(
        url,
        {
            "value": "4",
            "measured_on": outcome.measured_on.isoformat(),
            "source": "staff_observation",
            "reason": "Feil tast",
        },
    )
    assert corrected.status_code == 302
    current = Outcome.objects.get(participant=participant, indicator=scale, is_current=True)
    assert current.value == 4 and current.corrects_id == outcome.pk
    assert current.recorded_by.username == "kontakt"
    page = _text(client.get(reverse("effects:participant", args=[participant.pk])))
    assert "Feil tast" in page
    history = _text(client.get(reverse("effects:outcome_correct", args=[current.pk])))
    assert history.count('data-testid="history"') == 2
    assert "Feil tast" in history
    stale = client.post(
        url,
        {
            "value": "5",
            "measured_on": outcome.measured_on.isoformat(),
            "source": "staff_observation",
            "reason": "Igjen",
        },
    )
    assert stale.status_code == 400
    assert "Denne verdien er allerede rettet." in _text(stale)


def test_another_team_cannot_open_the_participant(client_for, participant):
    response = client_for("skole.dahl").get(reverse("effects:participant", args=[participant.pk]))
    assert response.status_code == 404


# --- links ----------------------------------------------------------------------------


def test_the_sub_project_page_and_the_report_link_to_the_new_pages(client_for, veien):
    client = client_for("kontakt")
    page = _text(client.get(reverse("subprojects:detail", args=[veien.pk])))
    for name in ("effects:goals", "effects:report", "effects:participants"):
        assert reverse(name, args=[veien.pk]) in page
    report = _text(client.get(reverse("effects:report", args=[veien.pk])))
    assert reverse("effects:goals", args=[veien.pk]) in report
    assert reverse("effects:participants", args=[veien.pk]) in report
    state = _text(client_for("stat").get(reverse("subprojects:detail", args=[veien.pk])))
    assert reverse("effects:participants", args=[veien.pk]) not in state
