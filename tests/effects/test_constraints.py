"""The database itself refuses effect data that cannot be true."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from samskap.effects.models import (
    Goal,
    Indicator,
    Proposal,
    ProposalRound,
    Vote,
)
from samskap.people.models import Member


@pytest.fixture
def goal(demo):
    subproject = demo["subprojects"]["Veien til førerkortet"]
    return Goal.objects.create(
        agreement=subproject.agreement, subproject=subproject, title="Førerkort"
    )


def indicator(goal, **fields):
    values = {
        "goal": goal,
        "name": "Trivsel",
        "kind": "scale",
        "target": Decimal("4"),
        "measured_when": "Ved start og slutt",
        "measured_how": "Samtale",
        "recorded_by": "contact_person",
    }
    values.update(fields)
    return Indicator.objects.create(**values)


@pytest.mark.parametrize(
    ("kind", "target"),
    [
        ("scale", "6"),
        ("scale", "0"),
        ("achieved", "101"),
        ("count", "2.5"),
        ("count", "-1"),
        ("amount", "-0.01"),
    ],
)
def test_target_of_the_wrong_kind_is_refused(goal, kind, target):
    with pytest.raises(IntegrityError), transaction.atomic():
        indicator(goal, kind=kind, target=Decimal(target))
    assert not Indicator.objects.filter(goal=goal).exists()


@pytest.mark.parametrize(
    ("kind", "target"), [("scale", "5"), ("achieved", "100"), ("count", "3"), ("amount", "0")]
)
def test_targets_that_fit_their_kind_are_kept(goal, kind, target):
    assert indicator(goal, kind=kind, target=Decimal(target)).pk


def test_a_baseline_needs_its_date(goal):
    with pytest.raises(IntegrityError), transaction.atomic():
        indicator(goal, baseline_value=Decimal("2"))


def test_second_vote_in_a_round_is_refused(goal):
    round_ = ProposalRound.objects.create(
        subproject=goal.subproject,
        title="Hva skal vi bruke pengene på?",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + datetime.timedelta(days=31),
    )
    first = Proposal.objects.create(round=round_, text="Kjøretimer")
    second = Proposal.objects.create(round=round_, text="Teoriboker")
    voter = Member.objects.first()
    Vote.objects.create(round=round_, proposal=first, voter=voter)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(round=round_, proposal=second, voter=voter)
    assert Vote.objects.filter(round=round_).count() == 1
