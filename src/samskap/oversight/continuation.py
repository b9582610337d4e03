"""After the pilot: the participants whose time in the pilot ends soon without a plan
for which ordinary service takes over.

A participant's end is the earlier of their own end date and the programme agreement's
end (the pilot stops then for everyone). Only the pilot's participants count, not the
comparison groups. Constant queries whatever the number of participants.
"""

import datetime

from django.db.models import Case, Count, DateField, F, Q, When
from django.utils import timezone

from samskap.effects.models import Participant, ParticipantGroup
from samskap.oversight.continuation_access import continuation_subprojects, team_subprojects
from samskap.oversight.models.continuation import ContinuationPlan

DEFAULT_MONTHS = 6
MAX_MONTHS = 36


def months_ahead(today: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month = today.month - 1 + months
    year, month = today.year + month // 12, month % 12 + 1
    for day in (today.day, 30, 29, 28):
        try:
            return datetime.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _participants(*, subprojects, today):
    ends = Case(
        When(
            Q(ends_on__isnull=False) & Q(ends_on__lt=F("subproject__agreement__ends_on")),
            then=F("ends_on"),
        ),
        default=F("subproject__agreement__ends_on"),
        output_field=DateField(),
    )
    return (
        Participant.objects.filter(
            subproject__in=subprojects.values("pk"),
            group=ParticipantGroup.PARTICIPANT,
        )
        .annotate(pilot_ends_on=ends)
        .filter(pilot_ends_on__gte=today)
    )


def _ending(*, subprojects, months, today):
    return _participants(subprojects=subprojects, today=today).filter(
        pilot_ends_on__lte=months_ahead(today, months)
    )


def without_plan(*, user, months: int = DEFAULT_MONTHS, today=None):
    """Participants of the user's teams whose pilot ends within `months` without a plan,
    soonest first (names: only for a team seat)."""
    today = today or timezone.localdate()
    return (
        _participants(subprojects=team_subprojects(user=user), today=today)
        .filter(pilot_ends_on__lte=months_ahead(today, months), continuation_plan__isnull=True)
        .select_related("subproject", "member__household")
        .order_by("pilot_ends_on", "subproject__name", "pk")
    )


def count_without_plan(*, user, months: int = DEFAULT_MONTHS, today=None) -> int:
    """How many participants of the sub-projects the user sees (the economist: all of the
    municipality's) end within `months` without a plan. A figure, no names."""
    today = today or timezone.localdate()
    return (
        _ending(subprojects=continuation_subprojects(user=user), months=months, today=today)
        .filter(continuation_plan__isnull=True)
        .count()
    )


def counts_by_subproject(*, user, months: int = DEFAULT_MONTHS, today=None) -> list[dict]:
    """Per sub-project the user sees: participants ending within `months`, and how many
    of them lack a plan. One query."""
    today = today or timezone.localdate()
    return list(
        _ending(subprojects=continuation_subprojects(user=user), months=months, today=today)
        .values("subproject_id", "subproject__name")
        .annotate(
            ending=Count("pk"),
            without=Count("pk", filter=Q(continuation_plan__isnull=True)),
        )
        .order_by("subproject__name", "subproject_id")
    )


def plans(*, user):
    """The plans of the user's teams' participants, by the day the service takes over."""
    return (
        ContinuationPlan.objects.filter(
            participant__subproject__in=team_subprojects(user=user).values("pk")
        )
        .select_related("participant__subproject", "participant__member__household", "organisation")
        .order_by("starts_on", "pk")
    )
