"""The target group's vote page shows the person's own vote and the team's answers with
its note to the target group, in every citizen language, open or after the round closed."""

import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samskap.effects import participation_services as participation
from samskap.effects.models import Proposal, ProposalResponse, ProposalRound, Vote
from samskap.people.models import Member

NOTE = "Vi setter av penger til fem ekstra timer per deltaker fra januar."


@pytest.fixture
def round_(demo):
    return ProposalRound.objects.get(subproject=demo["subprojects"]["Veien til førerkortet"])


def link(round_, member_id, **query) -> str:
    token = participation.participation_link_token(round_=round_, member_id=member_id)
    extra = "".join(f"&{key}={value}" for key, value in query.items())
    return f"{reverse('effects:participate')}?lenke={token}{extra}"


def voter_of(round_, proposal) -> int:
    return Vote.objects.filter(round=round_, proposal=proposal).first().voter_id


def unvoted(round_) -> int:
    return (
        participation.voters_of(round_=round_)
        .exclude(member_id__in=Vote.objects.filter(round=round_).values("voter_id"))
        .first()
        .member_id
    )


def planned(round_) -> Proposal:
    return round_.proposals.get(response=ProposalResponse.PLANNED)


def test_a_person_who_voted_sees_their_vote_and_no_second_ballot(round_):
    proposal = planned(round_)
    html = Client().get(link(round_, voter_of(round_, proposal), lang="nb")).content.decode()
    assert "Du har stemt i denne runden" in html
    assert f"Du stemte på: <strong><bdi>{proposal.text}</bdi></strong>" in html
    assert 'name="action" value="vote"' not in html  # one vote: no ballot to send again
    # Nor an invitation to vote: only to propose, while the round is open.
    assert "stem på forslaget" not in html and "Du har én stemme" not in html
    assert "Du har brukt stemmen din. Du kan fortsatt foreslå" in html
    assert 'name="action" value="propose"' in html


def test_a_person_who_has_not_voted_gets_the_ballot(round_):
    html = Client().get(link(round_, unvoted(round_), lang="nb")).content.decode()
    assert "Du har stemt" not in html and "Du har brukt stemmen din" not in html
    assert "stem på forslaget du liker best" in html
    assert 'name="action" value="vote"' in html


def test_after_voting_the_page_says_which_vote_was_given(round_):
    member = unvoted(round_)
    other = round_.proposals.exclude(response=ProposalResponse.PLANNED).first()
    response = Client().post(
        link(round_, member, lang="nb"), {"action": "vote", "proposal": other.pk}
    )
    html = response.content.decode()
    assert "Takk. Stemmen din er telt." in html
    assert "Du har brukt stemmen din" in html and "Du har én stemme" not in html
    assert f"Du stemte på: <strong><bdi>{other.text}</bdi></strong>" in html


def test_the_teams_answer_and_its_note_to_the_target_group_are_shown(round_):
    html = Client().get(link(round_, unvoted(round_), lang="nb")).content.decode()
    assert "Teamets svar" in html
    assert "Teamet planlegger å gjøre dette." in html
    assert f"Merknad fra teamet: <bdi>{NOTE}</bdi>" in html


def test_an_unanswered_proposal_is_not_listed_as_answered(round_):
    Proposal.objects.filter(round=round_).update(response=ProposalResponse.OPEN, response_note="")
    html = Client().get(link(round_, unvoted(round_), lang="nb")).content.decode()
    assert "Teamets svar" not in html and NOTE not in html


@pytest.mark.parametrize(
    ("language", "voted", "answer", "note_label"),
    [
        ("nn", "Du røysta på:", "Teamet planlegg å gjere dette.", "Merknad frå teamet:"),
        ("ar", "اخترت:", "يخطّط الفريق لتنفيذ هذا.", "ملاحظة من الفريق:"),
        ("uk", "Ви проголосували за:", "Команда планує це зробити.", "Примітка від команди:"),
        ("en", "You voted for:", "The team plans to do this.", "Note from the team:"),
    ],
)
def test_the_vote_and_the_answer_speak_every_citizen_language(
    round_, language, voted, answer, note_label
):
    response = Client().get(link(round_, voter_of(round_, planned(round_)), lang=language))
    text = response.content.decode()
    assert f'<html lang="{language}"' in text
    assert voted in text and answer in text and note_label in text


@pytest.mark.parametrize(
    ("language", "used"),
    [
        ("nn", "Du har brukt røysta di."),
        ("ar", "لقد استخدمت صوتك."),
        ("uk", "Ви вже використали свій голос."),
        ("en", "You have used your vote."),
    ],
)
def test_after_voting_the_page_no_longer_invites_a_vote_in_any_language(round_, language, used):
    response = Client().get(link(round_, voter_of(round_, planned(round_)), lang=language))
    assert used in response.content.decode()


def test_the_page_speaks_the_members_own_language_without_a_pick(round_):
    member = voter_of(round_, planned(round_))
    Member.objects.filter(pk=member).update(preferred_language="uk")
    text = Client().get(link(round_, member)).content.decode()
    assert '<html lang="uk"' in text and "Ви проголосували за:" in text


def test_the_language_switch_keeps_the_link(round_):
    url = link(round_, unvoted(round_), lang="nb")
    text = Client().get(url).content.decode()
    switch = unescape(re.search(r'href="([^"]*)" lang="uk"', text).group(1))
    assert urlparse(switch).path == reverse("effects:participate")
    query = parse_qs(urlparse(switch).query)
    assert query["lenke"] == parse_qs(urlparse(url).query)["lenke"] and query["lang"] == ["uk"]


def test_a_closed_round_still_shows_the_vote_and_answers_but_takes_nothing(round_):
    proposal = planned(round_)
    member = voter_of(round_, proposal)
    ProposalRound.objects.filter(pk=round_.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    client = Client()
    text = client.get(link(round_, member, lang="nb")).content.decode()
    assert "Denne runden stengte" in text
    assert "Du stemte på:" in text and NOTE in text
    assert 'value="propose"' not in text and 'value="vote"' not in text
    before = (Proposal.objects.count(), Vote.objects.count())
    refused = client.post(
        link(round_, unvoted(round_), lang="uk"), {"action": "propose", "text": "X"}
    )
    assert refused.status_code == 400
    assert "Цей раунд закрився" in refused.content.decode()
    assert (Proposal.objects.count(), Vote.objects.count()) == before


def test_a_refusal_speaks_the_language_picked(round_):
    response = Client().get(reverse("effects:participate") + "?lenke=forged&lang=ar")
    assert response.status_code == 400
    text = response.content.decode()
    assert '<html lang="ar" dir="rtl"' in text
    assert "هذا الرابط غير صالح" in text


def test_an_expired_vote_form_speaks_the_language_picked_and_counts_nothing(round_):
    member = unvoted(round_)
    votes = Vote.objects.count()
    response = Client(enforce_csrf_checks=True).post(
        link(round_, member, lang="uk"),
        {"action": "vote", "proposal": planned(round_).pk},
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="uk"' in html and "Термін дії форми минув" in html
    assert Vote.objects.count() == votes
