"""A participant takes part as one of the target group (the sub-project's age range
applies) or as a family member of a household taking part (it does not). Issue #11's
trial: "Flyktningefamilien i sentrum" (0–18) refused every parent, though its goal is
"Foreldrene kommer i arbeid eller kvalifisering", and the demo recorded the parents'
outcome on a child."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError
from samskap.effects import participation_services as participation
from samskap.effects import services
from samskap.effects.models import (
    Outcome,
    Participant,
    ParticipantGroup,
    ParticipantRole,
    ProposalRound,
)
from samskap.effects.report import evaluation_report
from samskap.people.services import MemberInput, household_create

REFUGEES = "Flyktningefamilien i sentrum"
PARENTS = "Antall foreldre i arbeid eller kvalifisering"


@pytest.fixture
def refugees(demo):
    return demo["subprojects"][REFUGEES]


@pytest.fixture
def parent(demo, refugees):
    """A parent of 40 in a household enrolled in the sub-project (range 0–18)."""
    household = household_create(
        acting_user=demo["users"]["nav.hansen"],
        subproject=refugees,
        alias="Familien Test",
        first_member=MemberInput(
            name="Leyla", role="parent", birth_year=timezone.localdate().year - 40
        ),
    )
    return household.members.get()


def _enrol(refugees, member, **kwargs):
    return services.participant_enrol(
        acting_user=None,
        subproject=refugees,
        member=member,
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
        **kwargs,
    )


def test_the_issue_case_a_parent_of_the_target_group_is_refused(refugees, parent):
    with pytest.raises(DomainError) as error:
        _enrol(refugees, parent)
    assert "aldersgruppen" in str(error.value.message)
    assert "familiemedlem" in str(error.value.message)
    assert not Participant.objects.filter(member=parent).exists()


def test_a_parent_takes_part_as_a_family_member(refugees, parent):
    participant = _enrol(refugees, parent, role=ParticipantRole.FAMILY_MEMBER)
    assert participant.role == ParticipantRole.FAMILY_MEMBER
    audit = AuditRecord.objects.get(action="participant.enrol", object_id=str(participant.pk))
    assert audit.new_values["role"] == "family_member"


def test_the_team_enrols_a_parent_as_a_family_member_on_the_page(client_for, refugees, parent):
    client = client_for("nav.hansen")
    url = reverse("effects:participants", args=[refugees.pk])
    form = client.get(url).content.decode()
    assert '<option value="target_group" selected>Målgruppe</option>' in form
    assert '<option value="family_member">Familiemedlem</option>' in form
    start = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    refused = client.post(url, {"member": parent.pk, "group": "participant", "starts_on": start})
    assert refused.status_code == 400
    assert "utenfor aldersgruppen" in refused.content.decode()
    saved = client.post(
        url,
        {
            "member": parent.pk,
            "group": "participant",
            "role": "family_member",
            "starts_on": start,
        },
    )
    participant = Participant.objects.get(member=parent)
    assert saved.status_code == 302
    assert participant.role == ParticipantRole.FAMILY_MEMBER
    listing = client.get(url).content.decode()
    assert "<td>Familiemedlem</td>" in listing and "<td>Målgruppe</td>" in listing
    page = client.get(reverse("effects:participant", args=[participant.pk])).content.decode()
    assert "Deltaker · Familiemedlem ·" in page


def test_an_unknown_role_is_refused(client_for, refugees, parent):
    response = client_for("nav.hansen").post(
        reverse("effects:participants", args=[refugees.pk]),
        {
            "member": parent.pk,
            "group": "participant",
            "role": "neighbour",
            "starts_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert not Participant.objects.filter(member=parent).exists()
    with pytest.raises(DomainError):
        _enrol(refugees, parent, role="neighbour")


def test_a_comparison_person_keeps_the_target_groups_rules(refugees, parent):
    with pytest.raises(DomainError) as error:
        _enrol(
            refugees,
            parent,
            group=ParticipantGroup.WAITING_LIST,
            role=ParticipantRole.FAMILY_MEMBER,
        )
    assert error.value.field == "role"
    with pytest.raises(DomainError):  # and the age range applies to them
        _enrol(refugees, parent, group=ParticipantGroup.WAITING_LIST)
    assert not Participant.objects.filter(member=parent).exists()


def test_a_family_member_needs_the_household_taking_part(demo, refugees):
    other = demo["subprojects"]["Veien til førerkortet"]
    household = household_create(
        acting_user=demo["users"]["kontakt"],
        subproject=other,
        alias="Familien Utenfor",
        first_member=MemberInput(
            name="Omar", role="parent", birth_year=timezone.localdate().year - 45
        ),
    )
    with pytest.raises(DomainError) as error:
        _enrol(refugees, household.members.get(), role=ParticipantRole.FAMILY_MEMBER)
    assert "husstanden" in str(error.value.message).lower()


def test_the_database_refuses_a_family_member_in_a_comparison_group(refugees, parent):
    for fields in (
        {"group": ParticipantGroup.WAITING_LIST, "role": ParticipantRole.FAMILY_MEMBER},
        {"group": ParticipantGroup.PARTICIPANT, "role": "neighbour"},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Participant.objects.create(
                subproject=refugees, member=parent, starts_on=timezone.localdate(), **fields
            )


def test_the_demo_records_the_parents_outcome_on_an_enrolled_parent(refugees):
    outcomes = Outcome.objects.filter(
        participant__subproject=refugees, indicator__name=PARENTS
    ).select_related("participant__member")
    assert outcomes.count() == 10  # five families, at the start and half a year later
    for outcome in outcomes:
        assert outcome.participant.role == ParticipantRole.FAMILY_MEMBER
        assert outcome.participant.member.role == "parent"
    # The children take part as the target group, within 0–18.
    children = Participant.objects.filter(
        subproject=refugees, member__role="child", role=ParticipantRole.TARGET_GROUP
    )
    assert children.count() >= 5


def test_the_report_counts_family_members_apart_and_n_per_indicator_stays(client_for, refugees):
    report = evaluation_report(subproject=refugees)
    target_group = Participant.objects.filter(
        subproject=refugees,
        group=ParticipantGroup.PARTICIPANT,
        role=ParticipantRole.TARGET_GROUP,
    ).count()
    assert report.family_member_count == 5
    assert report.participant_count == target_group
    row = next(row for row in report.rows if row.indicator.name == PARENTS)
    assert (row.participants.n, row.participants.reached) == (5, 4)
    if report.spent:
        expected = (report.spent / target_group).quantize(1)
        assert report.cost_per_participant == expected
    page = client_for("leder").get(reverse("effects:report", args=[refugees.pk]))
    assert 'data-testid="family-members">5<' in page.content.decode()


def test_family_members_get_no_voting_link(refugees, parent):
    participant = _enrol(refugees, parent, role=ParticipantRole.FAMILY_MEMBER)
    today = timezone.localdate()
    round_ = participation.proposal_round_create(
        acting_user=None,
        subproject=refugees,
        title="Hva trenger familiene?",
        opens_on=today,
        closes_on=today,
    )
    voters = participation.voters_of(round_=round_)
    assert participant.pk not in {voter.pk for voter in voters}
    assert voters.exists()
    token = participation.participation_link_token(round_=round_, member_id=parent.pk)
    with pytest.raises(participation.LinkRefused):
        participation.read_token(token)
    assert ProposalRound.objects.filter(pk=round_.pk).exists()
