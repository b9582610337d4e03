"""Reads of the perceived-effect survey: per household for its team, and aggregates that
identify no one (any count under five is suppressed)."""

import functools
from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

from samskap.core.rows import Columns
from samskap.effects.surveys.links import nonce_of_any_age
from samskap.effects.surveys.models import Survey, SurveyMessage
from samskap.support.models import Decision, SupportRequest

SMALLEST_SHOWN = 5


def language_of_link(*, token: str) -> str | None:
    """The language chosen for the survey a genuine link names (even an expired one)."""
    nonce = nonce_of_any_age(token)
    if nonce is None:
        return None
    return Survey.objects.filter(nonce=nonce).values_list("language", flat=True).first()


def surveys_of_household(*, household) -> QuerySet[Survey]:
    """For the household page, whose view already checked that the user may see it."""
    return (
        Survey.objects.filter(decision__request__household=household)
        .select_related("decision__request", "recorded_by")
        .prefetch_related("messages")
        .order_by("due_at", "id")
    )


@functools.cache
def _page_columns() -> tuple[Columns, Columns]:
    """What the household page shows of a survey and its messages; never the answers
    (they are read only in summaries)."""
    return (
        Columns(Survey, ("id", "weeks_after", "due_at", "answered_at", "answered_via")),
        Columns(SurveyMessage, ("id", "survey_id", "channel", "status")),
    )


def surveys_on_household_page(*, household_id: int) -> list[tuple[Survey, list[SurveyMessage]]]:
    """`surveys_of_household` for the household page, written out: each survey with its
    messages (in their order) from one statement, instead of the ORM's two built on every
    request (issue 14)."""
    survey, message = _page_columns()
    table = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {survey.select('s')}, {message.select('m')}"  # noqa: S608 (names)
            f" FROM {table(Survey._meta.db_table)} s"
            f" INNER JOIN {table(Decision._meta.db_table)} d ON d.id = s.decision_id"
            f" INNER JOIN {table(SupportRequest._meta.db_table)} r ON r.id = d.request_id"
            f" LEFT OUTER JOIN {table(SurveyMessage._meta.db_table)} m ON m.survey_id = s.id"
            " WHERE r.household_id = %s"
            " ORDER BY s.due_at, s.id, m.next_attempt_at, m.id",
            [household_id],
        )
        rows = cursor.fetchall()
    found: dict[int, tuple[Survey, list[SurveyMessage]]] = {}
    for row in rows:
        if row[0] not in found:
            found[row[0]] = (survey.build(row), [])
        if row[survey.width] is not None:
            found[row[0]][1].append(message.build(row, survey.width))
    return list(found.values())


@dataclass(frozen=True)
class PerceivedEffect:
    """Answers for a set of sub-projects; None where fewer than five people are behind it."""

    answered: int | None
    helped: dict[str, int | None]
    how_much: dict[int, int | None]
    mean_how_much: float | None


def _protected(counts: dict) -> dict:
    """Each cell shown only when it counts five or more, and never one whose hidden
    neighbours could be worked out from the total: while the hidden cells add up to
    between one and four, the smallest shown cell is hidden as well."""
    shown = {key: (count if count >= SMALLEST_SHOWN else None) for key, count in counts.items()}
    hidden = sum(count for key, count in counts.items() if shown[key] is None)
    while 0 < hidden < SMALLEST_SHOWN and any(value is not None for value in shown.values()):
        smallest = min((key for key in shown if shown[key] is not None), key=lambda k: counts[k])
        shown[smallest] = None
        hidden += counts[smallest]
    return shown


def perceived_effect(*, subproject_ids, since=None, until=None) -> PerceivedEffect:
    """The distribution of answers, each cell shown only when it counts five or more.

    Callers check the user's scope on the sub-projects first; this never names anyone.
    """
    return perceived_effects(groups={None: subproject_ids}, since=since, until=until)[None]


def perceived_effects(*, groups: dict, since=None, until=None) -> dict:
    """{key: `perceived_effect` of the sub-projects `groups[key]` names} in one query
    however many groups (the state's view asks it once for every municipality)."""
    group_of = {pk: key for key, ids in groups.items() for pk in ids}
    answers = Survey.objects.filter(subproject_id__in=list(group_of), answered_at__isnull=False)
    if since is not None:
        answers = answers.filter(answered_at__date__gte=since)
    if until is not None:
        answers = answers.filter(answered_at__date__lte=until)
    rows: dict = {key: [] for key in groups}
    for subproject_id, helped, how_much in answers.values_list(
        "subproject_id", "helped", "how_much"
    ):
        rows[group_of[subproject_id]].append((helped, how_much))
    return {key: _distribution(found) for key, found in rows.items()}


def _distribution(rows: list[tuple[str, int]]) -> PerceivedEffect:
    helped = Counter(row[0] for row in rows)
    how_much = Counter(row[1] for row in rows)
    total = len(rows)
    enough = total >= SMALLEST_SHOWN
    return PerceivedEffect(
        answered=total if enough else None,
        helped=_protected({key: helped[key] for key in ("yes", "partly", "no")}),
        how_much=_protected({scale: how_much[scale] for scale in range(1, 6)}),
        mean_how_much=round(sum(row[1] for row in rows) / total, 2) if enough else None,
    )
