"""One person, one vote, also when the same link votes four times at once (PostgreSQL)."""

import pytest
from django.db import IntegrityError, transaction

from samskap.effects import participation_services as participation
from samskap.effects.models import ProposalRound, Vote
from samskap.web.demo import load_demo
from tests.races import run_together


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_four_votes_at_once_from_one_link_count_once():
    demo = load_demo()
    round_ = ProposalRound.objects.get(subproject=demo["subprojects"]["Veien til førerkortet"])
    voter = (
        participation.voters_of(round_=round_)
        .exclude(member_id__in=Vote.objects.filter(round=round_).values("voter_id"))
        .first()
    )
    token = participation.participation_link_token(round_=round_, member_id=voter.member_id)
    proposals = list(round_.proposals.order_by("id"))
    before = Vote.objects.filter(round=round_).count()

    results, refusals = run_together(
        *[
            lambda p=proposal: participation.vote_cast(token=token, proposal_id=p.pk)
            for proposal in proposals + proposals[:1]
        ]
    )
    assert len(results) == 1 and len(refusals) == 3
    assert all("allerede stemt" in str(error.message) for error in refusals)
    assert Vote.objects.filter(round=round_, voter_id=voter.member_id).count() == 1
    assert Vote.objects.filter(round=round_).count() == before + 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_database_itself_refuses_a_second_vote():
    demo = load_demo()
    round_ = ProposalRound.objects.get(subproject=demo["subprojects"]["Veien til førerkortet"])
    vote = Vote.objects.filter(round=round_).first()
    other = round_.proposals.exclude(pk=vote.proposal_id).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(round=round_, proposal=other, voter_id=vote.voter_id)
