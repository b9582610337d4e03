"""Bad input to the effects services: a clear Norwegian message and nothing stored."""

import datetime
from decimal import Decimal

import pytest
from django.core import signing
from django.utils import timezone
from django.utils.translation import override

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.effects import participation_services as participation
from samskap.effects import services
from samskap.effects.demo_data import LICENCE, MASTERY
from samskap.effects.models import Indicator, Outcome, Participant, Proposal, Vote

VEIEN = "Veien til førerkortet"


@pytest.fixture
def veien(demo):
    subproject = demo["subprojects"][VEIEN]
    participant = Participant.objects.filter(subproject=subproject).order_by("id").first()
    indicators = {i.name: i for i in Indicator.objects.filter(goal__subproject=subproject)}
    return subproject, participant, indicators


def record(demo, participant, indicator, value, day, user="kontakt"):
    return services.outcome_record(
        acting_user=demo["users"][user],
        participant=participant,
        indicator=indicator,
        value=value,
        measured_on=day,
        source="staff_observation",
    )


def refused(call, match):
    before = (Outcome.objects.count(), AuditRecord.objects.count())
    with override("nb"), pytest.raises(DomainError, match=match):
        call()
    assert (Outcome.objects.count(), AuditRecord.objects.count()) == before


def test_scale_value_6_is_refused_in_norwegian(demo, veien):
    _subproject, participant, indicators = veien
    today = timezone.localdate()
    refused(
        lambda: record(demo, participant, indicators[MASTERY], "6", today),
        "helt tall fra 1 til 5",
    )


@pytest.mark.parametrize("value", ["0", "2,5", "-1", "seks", "NaN"])
def test_every_other_scale_value_outside_1_to_5_is_refused(demo, veien, value):
    _subproject, participant, indicators = veien
    refused(
        lambda: record(demo, participant, indicators[MASTERY], value, timezone.localdate()),
        "tall",
    )


def test_outcome_before_enrolment_is_refused(demo, veien):
    _subproject, participant, indicators = veien
    day = participant.starts_on - datetime.timedelta(days=1)
    refused(lambda: record(demo, participant, indicators[LICENCE], 1, day), "før personen")


def test_outcome_in_the_future_is_refused(demo, veien):
    _subproject, participant, indicators = veien
    day = timezone.localdate() + datetime.timedelta(days=1)
    refused(lambda: record(demo, participant, indicators[LICENCE], 1, day), "fram i tid")


def test_yes_no_takes_only_0_or_1(demo, veien):
    _subproject, participant, indicators = veien
    refused(
        lambda: record(demo, participant, indicators[LICENCE], 2, timezone.localdate()),
        "ja \\(1\\) eller nei \\(0\\)",
    )


def test_someone_off_the_team_cannot_record(demo, veien):
    _subproject, participant, indicators = veien
    before = Outcome.objects.count()
    with pytest.raises(DomainError):
        record(demo, participant, indicators[LICENCE], 1, timezone.localdate(), user="okonom")
    assert Outcome.objects.count() == before


def test_a_correction_keeps_the_earlier_value_with_who_and_why(demo, veien):
    _subproject, participant, indicators = veien
    earlier = participant.outcomes.get(
        indicator=indicators[MASTERY], is_current=True, measured_on=participant.starts_on
    )
    corrected = services.outcome_correct(
        acting_user=demo["users"]["kontakt"],
        outcome=earlier,
        value="5",
        measured_on=earlier.measured_on,
        source="self_report",
        reason="Skrevet feil",
    )
    earlier.refresh_from_db()
    assert not earlier.is_current and corrected.is_current
    assert corrected.corrects == earlier and corrected.value == Decimal("5.00")
    assert corrected.recorded_by == demo["users"]["kontakt"]
    assert corrected.correction_reason == "Skrevet feil"
    with override("nb"), pytest.raises(DomainError, match="allerede rettet"):
        services.outcome_correct(
            acting_user=demo["users"]["kontakt"],
            outcome=earlier,
            value="4",
            measured_on=earlier.measured_on,
            source="self_report",
            reason="Igjen",
        )


@pytest.mark.parametrize(
    ("kind", "target", "message"),
    [
        ("scale", "6", "mellom 1 og 5"),
        ("achieved", "120", "0 til 100"),
        ("count", "2,5", "helt tall"),
        ("amount", "-5", "beløp"),
    ],
)
def test_a_target_of_the_wrong_kind_is_refused(demo, veien, kind, target, message):
    _subproject, _participant, indicators = veien
    goal = indicators[LICENCE].goal
    before = Indicator.objects.count()
    with override("nb"), pytest.raises(DomainError, match=message):
        services.indicator_create(
            acting_user=demo["users"]["leder"],
            goal=goal,
            name="Ny",
            kind=kind,
            target=target,
            measured_when="Ved slutt",
            measured_how="Samtale",
            recorded_by="team",
        )
    assert Indicator.objects.count() == before


def test_a_programme_goal_needs_a_manager(demo):
    with pytest.raises(NotFoundOrForbidden):
        services.goal_create(
            acting_user=demo["users"]["kontakt"], agreement=demo["agreement"], title="Mål"
        )


@pytest.fixture
def round_(demo):
    from samskap.effects.models import ProposalRound

    return ProposalRound.objects.get(subproject=demo["subprojects"][VEIEN])


def test_a_second_vote_in_a_round_is_refused(demo, round_):
    voter = Vote.objects.filter(round=round_).first().voter_id
    token = participation.participation_link_token(round_=round_, member_id=voter)
    before = Vote.objects.count()
    with override("nb"), pytest.raises(DomainError, match="allerede stemt"):
        participation.vote_cast(token=token, proposal_id=round_.proposals.last().pk)
    assert Vote.objects.count() == before


def test_a_forged_link_is_refused(demo, round_):
    voter = participation.voters_of(round_=round_).last().member_id
    token = participation.participation_link_token(round_=round_, member_id=voter)
    forged = signing.dumps({"r": round_.pk, "m": voter}, salt="something else")
    for bad in (forged, token[:-2] + "xx", "", "not-a-token"):
        before = (Vote.objects.count(), Proposal.objects.count())
        with override("nb"), pytest.raises(DomainError, match="ikke gyldig"):
            participation.vote_cast(token=bad, proposal_id=round_.proposals.first().pk)
        with override("nb"), pytest.raises(DomainError, match="ikke gyldig"):
            participation.proposal_create(token=bad, text="Noe")
        assert (Vote.objects.count(), Proposal.objects.count()) == before


def test_an_expired_link_is_refused(demo, round_, monkeypatch):
    voter = participation.voters_of(round_=round_).last().member_id
    token = participation.participation_link_token(round_=round_, member_id=voter)
    later = signing.time.time() + participation.MAX_LINK_AGE.total_seconds() + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    with override("nb"), pytest.raises(DomainError, match="utløpt"):
        participation.vote_cast(token=token, proposal_id=round_.proposals.first().pk)


def test_a_link_for_someone_outside_the_target_group_is_refused(demo, round_):
    outsider = Participant.objects.exclude(subproject=round_.subproject).first().member_id
    token = participation.participation_link_token(round_=round_, member_id=outsider)
    with override("nb"), pytest.raises(DomainError, match="ikke gyldig"):
        participation.proposal_create(token=token, text="Noe")


def test_a_closed_round_takes_no_votes(demo, round_):
    round_.closes_on = round_.opens_on = timezone.localdate() - datetime.timedelta(days=2)
    round_.save()
    voter = participation.voters_of(round_=round_).last().member_id
    token = participation.participation_link_token(round_=round_, member_id=voter)
    with override("nb"), pytest.raises(DomainError, match="stengte"):
        participation.vote_cast(token=token, proposal_id=round_.proposals.first().pk)
