"""The household page's survey panel (selectors.surveys_on_household_page, written out)
against the ORM's reading (surveys_of_household with each survey's messages)."""

from samskap.effects.surveys import selectors, services
from samskap.effects.surveys.models import Survey
from samskap.people.models import Household
from tests.effects.surveys.conftest import weeks_after


def test_the_panel_reads_the_surveys_and_messages_the_orm_reads(paid):
    services.surveys_schedule(now=weeks_after(paid, 0))
    surveys = list(Survey.objects.filter(decision__request=paid.support_line.request))
    assert len(surveys) > 1
    shown = 0
    for household in Household.objects.order_by("pk"):
        found = selectors.surveys_on_household_page(household_id=household.pk)
        expected = selectors.surveys_of_household(household=household)
        assert [
            (s.pk, s.weeks_after, s.due_at, s.answered_at, s.get_answered_via_display())
            for s, _messages in found
        ] == [
            (s.pk, s.weeks_after, s.due_at, s.answered_at, s.get_answered_via_display())
            for s in expected
        ]
        assert [
            [(m.pk, m.get_channel_display(), m.get_status_display()) for m in messages]
            for _survey, messages in found
        ] == [
            [(m.pk, m.get_channel_display(), m.get_status_display()) for m in s.messages.all()]
            for s in expected
        ]
        shown += sum(len(messages) for _survey, messages in found)
    assert shown > 0  # the schedule wrote the invitations
