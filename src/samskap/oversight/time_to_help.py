"""Resource use against the ordinary route (the thesis's third research question).

Per sub-project: days from needs mapped → letter confirmed → decided → paid (median and
90th percentile), the services and staff involved per case, meetings per decision, side
by side with the municipality's baseline for the ordinary enkeltvedtak route and an
estimate of staff hours saved with its assumptions. A case is a support request with a
final decision (not cancelled).

Where the time stamps come from: `NeedsMapping.mapped_at` (the latest mapping of the
household in the sub-project up to the letter's confirmation), `MotivationLetter.
confirmed_at`, `Decision.decided_at` (final: at once, or when the second approver
confirmed) and `Payment.paid_on` (the first payment of the request the bank confirmed as
paid).

A fixed number of queries whatever the data size (pinned in tests): the cases with their
time stamps and counts in one annotated query, the organisations involved in three, the
meetings per sub-project in one aggregate. Percentiles are numpy's type 7, as on the
distribution page (SQLite has no percentile aggregate).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskap.accounts.models import Organisation
from samskap.core import disclosure
from samskap.oversight.stats import MIN_GROUP
from samskap.oversight.time_to_help_models import (
    DEFAULT_HOURS_PER_ORDINARY_DECISION,
    DEFAULT_HOURS_PER_PERSON_PER_CASE,
    DEFAULT_ORDINARY_DAYS,
    RouteBaseline,
    UnitIndicator,
)
from samskap.payments.models import Payment, PaymentStatus
from samskap.subprojects.models import SubProject
from samskap.support.models import Meeting, NeedsMapping, OtherHelp, SupportRequest

# (key, label): the steps of a case, and the spans between them that are shown.
SPANS = (
    ("mapped_to_confirmed", _("Needs mapped → letter confirmed")),
    ("confirmed_to_decided", _("Letter confirmed → decided")),
    ("decided_to_paid", _("Decided → paid")),
    ("mapped_to_decided", _("Needs mapped → decided")),
    ("mapped_to_paid", _("Needs mapped → paid")),
)
DAY = 86400.0


@dataclass(frozen=True)
class Days:
    """Median and 90th percentile of a span in days, over `count` cases."""

    count: int
    median: float | None
    p90: float | None


def days_summary(values: list[float]) -> Days:
    if not values:
        return Days(0, None, None)
    array = np.array(values, dtype=float)
    return Days(
        count=len(values),
        median=round(float(np.median(array)), 1),
        p90=round(float(np.percentile(array, 90)), 1),
    )


@dataclass
class Case:
    subproject_id: int
    household_id: int
    spans: dict[str, float]
    services: int
    people: int


@dataclass
class Row:
    label: str
    cases: int
    households: int
    spans: dict[str, Days] = field(default_factory=dict)
    services_per_case: float | None = None
    people_per_case: float | None = None
    meetings: int = 0
    meetings_per_decision: float | None = None
    hours_ordinary: Decimal = Decimal("0.0")
    hours_here: Decimal = Decimal("0.0")
    ids: set = field(default_factory=set, repr=False)  # the households (never shown)
    # Hidden so that the total row cannot give a small sub-project back by subtraction.
    protecting: bool = False

    @property
    def suppressed(self) -> bool:
        return self.households < MIN_GROUP

    @property
    def hidden(self) -> bool:
        return self.suppressed or self.protecting

    @property
    def hours_saved(self) -> Decimal:
        return self.hours_ordinary - self.hours_here

    def span_list(self) -> list[tuple[str, Days]]:
        return [(key, self.spans[key]) for key, _label in SPANS]


@dataclass
class Baseline:
    ordinary_days: int
    hours_per_ordinary_decision: Decimal
    hours_per_person_per_case: Decimal
    is_default: bool


@dataclass
class TimeToHelp:
    agreement: object
    baseline: Baseline
    rows: list[Row]
    total: Row
    indicators: list[UnitIndicator]

    @property
    def shown(self) -> list[Row]:
        # Medians are no sums: total minus the shown rows gives no median back, so a row
        # hidden only to protect a smaller one still has its bar.
        return [row for row in self.rows if not row.suppressed]


def baseline_for(municipality_id: int) -> Baseline:
    stored = RouteBaseline.objects.filter(municipality_id=municipality_id).first()
    if stored is None:
        return Baseline(
            ordinary_days=DEFAULT_ORDINARY_DAYS,
            hours_per_ordinary_decision=Decimal(DEFAULT_HOURS_PER_ORDINARY_DECISION),
            hours_per_person_per_case=Decimal(DEFAULT_HOURS_PER_PERSON_PER_CASE),
            is_default=True,
        )
    return Baseline(
        ordinary_days=stored.ordinary_days,
        hours_per_ordinary_decision=stored.hours_per_ordinary_decision,
        hours_per_person_per_case=stored.hours_per_person_per_case,
        is_default=False,
    )


def _days_between(start, end) -> float | None:
    """Days from `start` to `end` (datetimes, or a datetime and a date: then whole local
    days); None when either is missing or the order is reversed."""
    if start is None or end is None:
        return None
    if isinstance(end, datetime.datetime) and isinstance(start, datetime.datetime):
        value = (end - start).total_seconds() / DAY
    else:
        start_day = timezone.localdate(start) if isinstance(start, datetime.datetime) else start
        end_day = timezone.localdate(end) if isinstance(end, datetime.datetime) else end
        value = float((end_day - start_day).days)
    return value if value >= 0 else None


def _cases(agreement) -> list[Case]:
    mapped = (
        NeedsMapping.objects.filter(
            household_id=OuterRef("household_id"),
            subproject_id=OuterRef("subproject_id"),
            mapped_at__lte=OuterRef("letter__confirmed_at"),
        )
        .order_by("-mapped_at")
        .values("mapped_at")[:1]
    )
    mapping_id = (
        NeedsMapping.objects.filter(
            household_id=OuterRef("household_id"),
            subproject_id=OuterRef("subproject_id"),
            mapped_at__lte=OuterRef("letter__confirmed_at"),
        )
        .order_by("-mapped_at")
        .values("pk")[:1]
    )
    mapped_by = (
        NeedsMapping.objects.filter(
            household_id=OuterRef("household_id"),
            subproject_id=OuterRef("subproject_id"),
            mapped_at__lte=OuterRef("letter__confirmed_at"),
        )
        .order_by("-mapped_at")
        .values("recorded_by_id")[:1]
    )
    paid = (
        Payment.objects.filter(support_line__request=OuterRef("pk"), status=PaymentStatus.PAID)
        .order_by("paid_on")
        .values("paid_on")[:1]
    )
    rows = (
        SupportRequest.objects.filter(
            subproject__agreement=agreement,
            decision__decided_at__isnull=False,
            decision__cancelled_at__isnull=True,
        )
        .annotate(
            mapped_at=Subquery(mapped),
            mapping_id=Subquery(mapping_id),
            mapped_by=Subquery(mapped_by),
            paid_on=Subquery(paid),
        )
        .values_list(
            "pk",
            "subproject_id",
            "household_id",
            "mapped_at",
            "letter__confirmed_at",
            "decision__decided_at",
            "paid_on",
            "mapping_id",
            "decision__meeting_id",
            "mapped_by",
            "letter__written_by_id",
            "proposed_by_id",
            "decision__decided_by_id",
            "decision__second_approver_id",
        )
    )
    rows = list(rows)
    # The services involved: present at the mapping or the meeting, or given a help task.
    mapping_ids = {row[7] for row in rows if row[7]}
    meeting_ids = {row[8] for row in rows}
    at_mapping = defaultdict(set)
    for mapping, organisation in NeedsMapping.services_present.through.objects.filter(
        needsmapping_id__in=mapping_ids
    ).values_list("needsmapping_id", "organisation_id"):
        at_mapping[mapping].add(organisation)
    at_meeting = defaultdict(set)
    for meeting, organisation in Meeting.services_present.through.objects.filter(
        meeting_id__in=meeting_ids
    ).values_list("meeting_id", "organisation_id"):
        at_meeting[meeting].add(organisation)
    tasks = defaultdict(set)
    for request_id, organisation in (
        OtherHelp.objects.filter(request__subproject__agreement=agreement)
        .exclude(status="dropped")
        .values_list("request_id", "responsible_id")
    ):
        tasks[request_id].add(organisation)

    cases = []
    for (
        pk,
        subproject_id,
        household_id,
        mapped_at,
        confirmed_at,
        decided_at,
        paid_on,
        mapping,
        meeting,
        *people,
    ) in rows:
        spans = {
            "mapped_to_confirmed": _days_between(mapped_at, confirmed_at),
            "confirmed_to_decided": _days_between(confirmed_at, decided_at),
            "decided_to_paid": _days_between(decided_at, paid_on),
            "mapped_to_decided": _days_between(mapped_at, decided_at),
            "mapped_to_paid": _days_between(mapped_at, paid_on),
        }
        services = at_mapping.get(mapping, set()) | at_meeting.get(meeting, set()) | tasks[pk]
        cases.append(
            Case(
                subproject_id=subproject_id,
                household_id=household_id,
                spans={key: value for key, value in spans.items() if value is not None},
                services=len(services),
                people=len({person for person in people if person}),
            )
        )
    return cases


def _row(label, cases: list[Case], meetings: int, baseline: Baseline) -> Row:
    ids = {c.household_id for c in cases}
    row = Row(label=str(label), cases=len(cases), households=len(ids), ids=ids)
    row.spans = {
        key: days_summary([c.spans[key] for c in cases if key in c.spans]) for key, _l in SPANS
    }
    row.meetings = meetings
    if cases:
        row.services_per_case = round(sum(c.services for c in cases) / len(cases), 1)
        row.people_per_case = round(sum(c.people for c in cases) / len(cases), 1)
        row.meetings_per_decision = round(meetings / len(cases), 2)
        # The estimate: each service involved would have made its own individual decision;
        # here every staff member involved spends the assumed hours on the case.
        services = Decimal(sum(c.services for c in cases))
        people = Decimal(sum(c.people for c in cases))
        row.hours_ordinary = (services * baseline.hours_per_ordinary_decision).quantize(
            Decimal("0.1")
        )
        row.hours_here = (people * baseline.hours_per_person_per_case).quantize(Decimal("0.1"))
    return row


def time_to_help(*, agreement) -> TimeToHelp:
    """The figures of `agreement` (opened through `oversight.access`). Rows of fewer
    than MIN_GROUP households are marked suppressed; templates show only that they are."""
    baseline = baseline_for(agreement.municipality_id)
    cases = _cases(agreement)
    meetings = dict(
        SubProject.objects.filter(agreement=agreement)
        .annotate(
            held=Count(
                "meetings",
                filter=Q(
                    meetings__decisions__decided_at__isnull=False,
                    meetings__decisions__cancelled_at__isnull=True,
                ),
                distinct=True,
            )
        )
        .values_list("pk", "held")
    )
    names = dict(
        SubProject.objects.filter(agreement=agreement).order_by("name").values_list("pk", "name")
    )
    by_subproject = defaultdict(list)
    for case in cases:
        by_subproject[case.subproject_id].append(case)
    rows = [
        _row(name, by_subproject[pk], meetings.get(pk, 0), baseline)
        for pk, name in sorted(names.items(), key=lambda item: item[1])
    ]
    total = _row(_("All sub-projects"), cases, sum(meetings.values()), baseline)
    # The total's cases, meetings and hours are sums of the rows: the total minus the
    # shown rows must not give a small sub-project back.
    if disclosure.protect(rows, lambda row: row.ids):
        total.protecting = True
    indicators = list(
        UnitIndicator.objects.filter(
            organisation__municipality_id=agreement.municipality_id,
            year__gte=agreement.starts_on.year,
            year__lte=agreement.ends_on.year,
        )
        .select_related("organisation")
        .order_by("organisation__name", "-year", "-quarter")
    )
    return TimeToHelp(
        agreement=agreement, baseline=baseline, rows=rows, total=total, indicators=indicators
    )


def organisations_for_indicators(*, user):
    """The units `user` may type indicators for: the economist every organisation of the
    municipality, a unit lead their own."""
    from samskap.oversight.time_to_help_access import indicator_organisation_ids

    return Organisation.objects.filter(pk__in=indicator_organisation_ids(user)).order_by("name")
