"""The shared pot made visible: who got how much, by sub-project, staff member and
household type, and each sub-project's spending against its share and the time gone.

A fixed number of queries whatever the data size (pinned in tests): decisions, enrolments
and members are read once each as plain rows and grouped in Python.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskap.core import disclosure
from samskap.funding import reports
from samskap.oversight.stats import MIN_GROUP, Summary, gini, lorenz, summarise
from samskap.people.models import Enrolment, Language, Member, MemberRole
from samskap.subprojects.models import SubProject
from samskap.support.models import Decision, Outcome

ZERO = Decimal("0.00")
SIZES = ("1", "2", "3", "4", "5+")


@dataclass
class Row:
    """One group's figures. `ids`: the households supported in it (never shown);
    `protecting`: hidden so that the total cannot give a small group back."""

    label: str
    summary: Summary
    per_household: Decimal = ZERO
    ids: set = field(default_factory=set, repr=False)
    protecting: bool = False

    @property
    def hidden(self) -> bool:
        return self.summary.suppressed or self.protecting


@dataclass
class SubprojectRow(Row):
    allocated: Decimal = ZERO
    used: Decimal = ZERO
    share_of_pot: float = 0.0  # of everything allocated to sub-projects
    share_used: float | None = None  # of its own allocation


@dataclass
class PotDistribution:
    agreement: object
    time_elapsed: float  # share of the agreement period gone by today
    total: Summary
    subprojects: list[SubprojectRow] = field(default_factory=list)
    staff: list[Row] = field(default_factory=list)
    sizes: list[Row] = field(default_factory=list)
    single_parent: list[Row] = field(default_factory=list)
    languages: list[Row] = field(default_factory=list)
    gini: float | None = None
    lorenz: list[tuple[float, float]] = field(default_factory=list)
    households: int = 0
    # The totals are left out when a dimension could not protect its small groups.
    total_hidden: bool = False

    @property
    def distribution_suppressed(self) -> bool:
        return self.households < MIN_GROUP


def _elapsed(agreement, today: datetime.date) -> float:
    days = (agreement.ends_on - agreement.starts_on).days or 1
    gone = (min(max(today, agreement.starts_on), agreement.ends_on) - agreement.starts_on).days
    return gone / days


def _households(agreement) -> dict[int, dict]:
    """Every household enrolled in the agreement's sub-projects, with its type."""
    enrolled = set(
        Enrolment.objects.filter(subproject__agreement=agreement).values_list(
            "household_id", flat=True
        )
    )
    members = defaultdict(list)
    rows = (
        Member.objects.filter(household_id__in=enrolled)
        .order_by("household_id", "birth_year", "pk")
        .values_list("household_id", "role", "preferred_language")
    )
    for household_id, role, language in rows:
        members[household_id].append((role, language))
    types = {}
    for household_id in enrolled:
        people = members.get(household_id, [])
        size = len(people)
        parents = sum(1 for role, _l in people if role == MemberRole.PARENT)
        young = sum(1 for role, _l in people if role in (MemberRole.CHILD, MemberRole.YOUNG_PERSON))
        # The household's language: the eldest adult's or young person's choice.
        spoken = [lang for role, lang in people if role != MemberRole.CHILD] or [
            lang for _r, lang in people
        ]
        types[household_id] = {
            "size": SIZES[min(size, 5) - 1] if size else SIZES[0],
            "single_parent": parents == 1 and young > 0,
            "language": spoken[0] if spoken else Language.OTHER,
        }
    return types


def _rows(groups: dict, labels: dict, supports: list) -> list[Row]:
    rows = []
    for key, households in groups.items():
        given = [(h, a) for h, a in supports if h in households]
        summary = summarise(given, households)
        row = Row(label=labels.get(key, str(key)), summary=summary, ids={h for h, _a in given})
        if households:
            row.per_household = (summary.total / len(households)).quantize(Decimal("0.01"))
        rows.append(row)
    return rows


def pot_distribution(*, agreement, today: datetime.date | None = None) -> PotDistribution:
    """The distribution of the agreement's final, not cancelled supports (NOK).

    The caller has opened `agreement` through `oversight.access`. Every group under
    MIN_GROUP households is marked suppressed; templates show only that it is.
    """
    today = today or timezone.localdate()
    decided = list(
        Decision.objects.filter(
            request__subproject__agreement=agreement,
            decided_at__isnull=False,
            cancelled_at__isnull=True,
            amount__gt=0,
        )
        .exclude(outcome=Outcome.DECLINED)
        .values_list(
            "request__subproject_id", "request__proposed_by_id", "request__household_id", "amount"
        )
    )
    types = _households(agreement)
    households_all = set(types) | {household for _s, _p, household, _a in decided}
    supports = [(household, amount) for _s, _p, household, amount in decided]
    result = PotDistribution(
        agreement=agreement,
        time_elapsed=_elapsed(agreement, today),
        total=summarise(supports, households_all),
        households=len(households_all),
    )
    per_household = defaultdict(lambda: ZERO)
    for household, amount in supports:
        per_household[household] += amount
    totals = [per_household[household] for household in households_all]
    result.gini = gini(totals)
    result.lorenz = lorenz(totals)

    # Sub-projects: their supports, and spending against their share and time gone.
    subprojects = {s.pk: s for s in SubProject.objects.filter(agreement=agreement)}
    by_subproject = defaultdict(set)
    for household_id, subproject_id in Enrolment.objects.filter(
        subproject__agreement=agreement
    ).values_list("household_id", "subproject_id"):
        by_subproject[subproject_id].add(household_id)
    overview = reports.pot_overview(agreement=agreement)
    money = {row.subproject.pk: row.total for row in overview.rows}
    allocated_all = sum((cell.allocated for cell in money.values()), start=ZERO)
    for pk, subproject in sorted(subprojects.items(), key=lambda item: item[1].name):
        households = by_subproject[pk] | {h for s, _p, h, _a in decided if s == pk}
        cell = money.get(pk)
        allocated = cell.allocated if cell else ZERO
        used = (cell.committed + cell.paid) if cell else ZERO
        row = SubprojectRow(
            label=subproject.name,
            summary=summarise([(h, a) for s, _p, h, a in decided if s == pk], households),
            allocated=allocated,
            used=used,
            share_of_pot=float(allocated / allocated_all) if allocated_all else 0.0,
            share_used=float(used / allocated) if allocated else None,
            ids={h for s, _p, h, _a in decided if s == pk},
        )
        if households:
            row.per_household = (row.summary.total / len(households)).quantize(Decimal("0.01"))
        result.subprojects.append(row)

    # Staff members who proposed the supports.
    by_staff = defaultdict(set)
    staff_supports = defaultdict(list)
    for _s, proposer, household, amount in decided:
        by_staff[proposer].add(household)
        staff_supports[proposer].append((household, amount))
    names = {user.pk: str(user) for user in get_user_model().objects.filter(pk__in=list(by_staff))}
    for proposer in sorted(by_staff, key=lambda pk: names.get(pk, "")):
        result.staff.append(
            Row(
                label=names.get(proposer, "?"),
                summary=summarise(staff_supports[proposer], by_staff[proposer]),
                ids=set(by_staff[proposer]),
            )
        )

    # Household types.
    groups = defaultdict(lambda: defaultdict(set))
    for household, kinds in types.items():
        for kind, value in kinds.items():
            groups[kind][value].add(household)
    result.sizes = _rows(
        {size: groups["size"][size] for size in SIZES if groups["size"][size]},
        {
            size: _("%(size)s people") % {"size": size} if size != "1" else _("1 person")
            for size in SIZES
        },
        supports,
    )
    result.single_parent = _rows(
        {
            flag: groups["single_parent"][flag]
            for flag in (True, False)
            if groups["single_parent"][flag]
        },
        {True: _("Single parent"), False: _("Other households")},
        supports,
    )
    result.languages = sorted(
        _rows(dict(groups["language"]), dict(Language.choices), supports),
        key=lambda row: -row.summary.households,
    )
    # Complementary suppression: in each dimension the parts add up to the total shown
    # above them, so total minus the shown parts must never give a small group back.
    for dimension in (
        result.subprojects,
        result.staff,
        result.sizes,
        result.single_parent,
        result.languages,
    ):
        if disclosure.protect(dimension, lambda row: row.ids):
            result.total_hidden = True
    return result
