"""The evaluation page asks the database the same number of questions for 10 and for
1,000 participants."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samskap.effects.models import Indicator, Outcome, Participant, ParticipantGroup
from samskap.people.models import Household, Member

SUBPROJECT = "Praktisk grunnskole"
# Pinned (session, user, sub-project, participant counts, outcomes, ledger, indicators,
# goals and the decisions naming them, the survey answers, team check, rounds): the same
# for 10 and 1,000.
# A change here is a choice.
QUERIES = 12


def populate(demo, count: int) -> None:
    subproject = demo["subprojects"][SUBPROJECT]
    indicator = Indicator.objects.get(goal__subproject=subproject)
    contact = demo["users"]["skole.strand"]
    households = Household.objects.bulk_create(
        Household(municipality=demo["municipality"], alias=f"Elev {i}", contact_person=contact)
        for i in range(count)
    )
    members = Member.objects.bulk_create(
        Member(household=household, name=household.alias, role="child", birth_year=2011)
        for household in households
    )
    start = subproject.agreement.starts_on
    participants = Participant.objects.bulk_create(
        Participant(
            subproject=subproject,
            member=member,
            starts_on=start,
            group=ParticipantGroup.WAITING_LIST if i % 4 == 0 else ParticipantGroup.PARTICIPANT,
        )
        for i, member in enumerate(members)
    )
    Outcome.objects.bulk_create(
        Outcome(
            participant=participant,
            indicator=indicator,
            value=i % 3 != 0,
            measured_on=start + datetime.timedelta(days=30),
            source="register",
        )
        for i, participant in enumerate(participants)
    )


def queries(client, demo) -> int:
    url = reverse("effects:report", args=[demo["subprojects"][SUBPROJECT].pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("count", [10, 1000])
def test_the_evaluation_page_is_pinned(client_for, demo, count):
    client = client_for("skole.dahl")
    populate(demo, count)
    assert queries(client, demo) == QUERIES
