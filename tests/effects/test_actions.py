"""A page with more than one form dispatches on the hidden `action` field. A POST with an
unknown or missing action changes nothing and answers 400 with a message: it never
guesses which form was meant (issue #11's trial: an unknown action saved an outcome)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samskap.audit.models import AuditRecord
from samskap.effects import participation_services as participation
from samskap.effects import services
from samskap.effects.models import (
    Goal,
    IndicatorKind,
    Outcome,
    Participant,
    ParticipantGroup,
    PlanGoal,
    Proposal,
    ProposalRound,
    Vote,
)

VEIEN = "Veien til førerkortet"
MESSAGE = "Siden kunne ikke se hvilket skjema som ble sendt, så ingenting ble lagret."
# Two actions in one POST (the trial: "outcome" and "end") are as unclear as none.
UNKNOWN = [{"action": "slett"}, {"action": ""}, {}, {"action": ["outcome", "end"]}]


@pytest.fixture
def veien(demo):
    return demo["subprojects"][VEIEN]


@pytest.fixture
def participant(veien):
    return (
        Participant.objects.filter(subproject=veien, group=ParticipantGroup.PARTICIPANT)
        .order_by("pk")
        .first()
    )


@pytest.fixture
def scale(veien):
    goal = services.goal_create(
        acting_user=None, agreement=veien.agreement, subproject=veien, title="Mestring"
    )
    return services.indicator_create(
        acting_user=None,
        goal=goal,
        name="Opplevd mestring",
        kind=IndicatorKind.SCALE,
        target="4",
        measured_when="Ved start og slutt",
        measured_how="Samtale",
        recorded_by="contact_person",
    )


def _refused(response) -> None:
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


@pytest.mark.parametrize("action", UNKNOWN)
def test_the_issue_case_an_unknown_action_saves_no_outcome(client_for, participant, scale, action):
    """The trial's POST: a valid outcome under an action the page does not know."""
    before = (Outcome.objects.count(), AuditRecord.objects.count())
    response = client_for("kontakt").post(
        reverse("effects:participant", args=[participant.pk]),
        {
            "indicator": scale.pk,
            "value": "4",
            "measured_on": timezone.localdate().isoformat(),
            "source": "staff_observation",
            "ends_on": timezone.localdate().isoformat(),
            **action,
        },
    )
    _refused(response)
    assert (Outcome.objects.count(), AuditRecord.objects.count()) == before
    participant.refresh_from_db()
    assert participant.ends_on is None


def test_the_known_actions_still_work(client_for, participant, scale):
    client = client_for("kontakt")
    url = reverse("effects:participant", args=[participant.pk])
    today = timezone.localdate().isoformat()
    saved = client.post(
        url,
        {
            "action": "outcome",
            "indicator": scale.pk,
            "value": "4",
            "measured_on": today,
            "source": "staff_observation",
        },
    )
    assert saved.status_code == 302
    assert Outcome.objects.filter(participant=participant, indicator=scale).count() == 1


@pytest.mark.parametrize("action", UNKNOWN)
def test_the_goals_page_guesses_no_goal(client_for, veien, action):
    before = (Goal.objects.count(), PlanGoal.objects.count())
    response = client_for("leder").post(
        reverse("effects:goals", args=[veien.pk]),
        {"title": "Gjettet mål", "plan-code": "KP-77", "plan-title": "Gjettet", **action},
    )
    _refused(response)
    assert (Goal.objects.count(), PlanGoal.objects.count()) == before


@pytest.mark.parametrize("action", UNKNOWN)
def test_the_participation_page_guesses_no_round_and_no_response(client_for, veien, action):
    proposal = Proposal.objects.filter(round__subproject=veien).order_by("pk").first()
    before = (ProposalRound.objects.count(), proposal.response)
    today = timezone.localdate().isoformat()
    response = client_for("kontakt").post(
        reverse("effects:participation", args=[veien.pk]),
        {
            "title": "Gjettet runde",
            "opens_on": today,
            "closes_on": today,
            "proposal": proposal.pk,
            "response": "done",
            **action,
        },
    )
    _refused(response)
    proposal.refresh_from_db()
    assert (ProposalRound.objects.count(), proposal.response) == before


@pytest.mark.parametrize("action", UNKNOWN)
def test_the_target_groups_page_guesses_no_proposal_and_no_vote(client_for, veien, action):
    round_ = ProposalRound.objects.get(subproject=veien)
    voter = (
        participation.voters_of(round_=round_)
        .exclude(member_id__in=Vote.objects.filter(round=round_).values("voter_id"))
        .first()
    )
    token = participation.participation_link_token(round_=round_, member_id=voter.member_id)
    proposal = round_.proposals.order_by("pk").first()
    before = (Proposal.objects.count(), Vote.objects.count())
    response = Client().post(
        f"{reverse('effects:participate')}?lenke={token}",
        {"text": "Gjettet forslag", "proposal": proposal.pk, **action},
    )
    _refused(response)
    assert (Proposal.objects.count(), Vote.objects.count()) == before


@pytest.mark.parametrize(
    ("post", "reason"),
    [
        ({"response": "bogus"}, "Hva teamet gjorde:"),
        ({"proposal": "abc"}, "Forslag:"),
        ({"note": "x" * 3000}, "Merknad til målgruppen:"),
    ],
)
def test_a_refused_answer_to_a_proposal_says_why(client_for, veien, post, reason):
    """The trial: a bad answer to a proposal came back 400 with no message at all."""
    proposal = Proposal.objects.filter(round__subproject=veien).order_by("pk").first()
    before = proposal.response
    response = client_for("kontakt").post(
        reverse("effects:participation", args=[veien.pk]),
        {"action": "respond", "proposal": proposal.pk, "response": "done", **post},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Ingenting ble lagret." in text and reason in text
    proposal.refresh_from_db()
    assert proposal.response == before


def test_a_saved_answer_to_a_proposal_is_confirmed(client_for, veien):
    proposal = Proposal.objects.filter(round__subproject=veien).order_by("pk").first()
    response = client_for("kontakt").post(
        reverse("effects:participation", args=[veien.pk]),
        {"action": "respond", "proposal": proposal.pk, "response": "done", "note": "Gjort"},
        follow=True,
    )
    assert "Teamets svar på forslaget er lagret." in response.content.decode()
    proposal.refresh_from_db()
    assert (proposal.response, proposal.response_note) == ("done", "Gjort")


@pytest.mark.parametrize(
    ("post", "field"),
    [({"response": "bogus"}, "response"), ({"note": "x" * 3000}, "note")],
)
def test_a_refused_answer_is_marked_on_the_proposals_own_field(client_for, veien, post, field):
    """The trial: the page said "the marked fields" but marked none; the message was in
    the summary only. Now the answered proposal's field carries it, with what was typed."""
    proposal = Proposal.objects.filter(round__subproject=veien).order_by("pk").first()
    response = client_for("kontakt").post(
        reverse("effects:participation", args=[veien.pk]),
        {"action": "respond", "proposal": proposal.pk, "response": "done", **post},
    )
    text = response.content.decode()
    control = f'id="{field}-{proposal.pk}"'
    tag = text.split(control, 1)[1].split(">", 1)[0]
    assert f'aria-invalid="true" aria-describedby="{field}-{proposal.pk}_error"' in tag
    assert f'id="{field}-{proposal.pk}_error"' in text
    assert f'href="#{field}-{proposal.pk}"' in text  # the summary's link lands on it
    assert text.count('aria-invalid="true"') == 1  # no other proposal is marked
    if field == "note":
        assert 'value="' + "x" * 3000 + '"' in tag
