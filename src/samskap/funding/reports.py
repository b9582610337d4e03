"""Figures for the economist's screens and exports, computed from ledger balances only.

Everything here derives from the same account balances, so the pot overview, the
per-scheme report, the exports and `ledger_check` reconcile by construction.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from samskap.core.rows import sql_date, sql_money
from samskap.funding.models import (
    Account,
    AccountKind,
    AccountMonth,
    Direction,
    GrantScheme,
    Leg,
    ProgrammeAgreement,
    SchemeYearAmount,
    TransactionKind,
)
from samskap.funding.selectors import SubprojectBudget
from samskap.subprojects.models import SubProject

ZERO = Decimal("0.00")


@dataclass
class SubprojectRow:
    subproject: object
    years: list[SubprojectBudget]
    total: SubprojectBudget


@dataclass
class PotOverview:
    """Received, allocated, committed, paid and remaining, per sub-project and year."""

    agreement: ProgrammeAgreement
    years: list[int]
    planned: Decimal = ZERO
    received: Decimal = ZERO
    received_by_year: list[Decimal] = field(default_factory=list)
    unallocated: Decimal = ZERO
    returned: Decimal = ZERO
    # Of `returned`: payouts that came back from the bank after the close.
    returned_after_close: Decimal = ZERO
    rows: list[SubprojectRow] = field(default_factory=list)
    year_totals: list[SubprojectBudget] = field(default_factory=list)
    total: SubprojectBudget = field(default_factory=lambda: SubprojectBudget(year=0))


@dataclass
class SchemeSection:
    """One grant scheme's money: where every krone it paid in is now."""

    scheme: GrantScheme
    planned: Decimal = ZERO
    received: Decimal = ZERO
    unallocated: Decimal = ZERO
    returned: Decimal = ZERO
    returned_after_close: Decimal = ZERO
    rows: list[tuple[object, SubprojectBudget]] = field(default_factory=list)
    total: SubprojectBudget = field(default_factory=lambda: SubprojectBudget(year=0))


def _balances(
    agreement: ProgrammeAgreement,
) -> list[tuple[int, str, int, int | None, int | None, Decimal]]:
    """(account id, kind, scheme id, sub-project id, year, balance) of every account of
    the agreement (one row per account, no model objects; an account's key is unique)."""
    return list(
        Account.objects.filter(agreement=agreement)
        .order_by("kind", "scheme_id", "subproject_id", "year")
        .values_list("pk", "kind", "scheme_id", "subproject_id", "year", "balance")
    )


def _ids(balances, *kinds: str) -> list[int]:
    """The ids of the accounts of these kinds. Reports filter legs by account id, not by a
    join on the account's kind: PostgreSQL cannot tell from a join that the income or
    returned accounts hold a handful of legs among hundreds of thousands, and scanned
    them all (180 ms at `medium` for 14 income legs); by id it uses the leg index."""
    return [row[0] for row in balances if row[1] in kinds]


@dataclass(frozen=True)
class SubprojectName:
    """What the scheme report shows of a sub-project: its id and name."""

    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


def _balances_named(
    agreement: ProgrammeAgreement,
) -> list[tuple[int, str, int, int | None, str | None, int | None, Decimal]]:
    """As `_balances`, with each sub-project's name joined in the same statement, written
    out (issue 14: the ORM took longer to build it than the database to answer it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.id, a.kind, a.scheme_id, a.subproject_id, s.name, a.year, a.balance"
            " FROM funding_account a"
            " LEFT JOIN subprojects_subproject s ON s.id = a.subproject_id"
            " WHERE a.agreement_id = %s",
            [agreement.pk],
        )
        return [(*row[:6], sql_money(row[6])) for row in cursor.fetchall()]


_SCHEME_FIELDS = [
    "id",
    "name",
    "ministry",
    "directorate",
    "budget_chapter",
    "budget_post",
    "reporting_duties",
]


def _planned_by_scheme(agreement: ProgrammeAgreement) -> tuple[dict, dict]:
    """The agreement's yearly amounts summed per scheme, and the schemes (every field),
    in one written-out statement (was the ORM's `SchemeYearAmount` with its schemes)."""
    columns = ", ".join(f"s.{name}" for name in _SCHEME_FIELDS)
    planned: dict[int, Decimal] = defaultdict(lambda: ZERO)
    schemes: dict[int, GrantScheme] = {}
    db = connection.alias
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT y.amount, {columns} FROM funding_schemeyearamount y"  # noqa: S608
            " JOIN funding_grantscheme s ON s.id = y.scheme_id WHERE y.agreement_id = %s",
            [agreement.pk],
        )
        for amount, *scheme in cursor.fetchall():
            planned[scheme[0]] += sql_money(amount)
            if scheme[0] not in schemes:
                schemes[scheme[0]] = GrantScheme.from_db(db, _SCHEME_FIELDS, scheme)
    return planned, schemes


def _received_by_year(
    agreement: ProgrammeAgreement, *, income: list[int] | None = None
) -> dict[int, Decimal]:
    """Net receipts per year of booking (a reversed receipt counts against its year):
    the income accounts' monthly changes (`AccountMonth`, credit-raised: the balance's
    sign), one row per year. `income`: the ids of the agreement's income accounts, if
    already read."""
    if income is None:
        income = _ids(_balances(agreement), AccountKind.INCOME)
    rows = (
        AccountMonth.objects.filter(account_id__in=income)
        .annotate(year=ExtractYear("month"))
        .values("year")
        .annotate(total=Sum("change"))
        .order_by()
        .values_list("year", "total")
    )
    # SQLite sums decimals as floats: back to whole øre (PostgreSQL's sum is exact).
    return {year: Decimal(total).quantize(ZERO) for year, total in rows}


# The agreement's accounts as `_balances` reads them, then its sub-projects (each once,
# with or without accounts) as rows of their own: what the pot page needs, in one
# statement (issue 14: the ORM took longer to build these two queries than the database
# took to answer them).
_BALANCES_AND_SUBPROJECTS_SQL = (
    "SELECT id, kind, scheme_id, subproject_id, year, balance, NULL"
    " FROM funding_account WHERE agreement_id = %s"
    " UNION ALL"
    " SELECT id, NULL, NULL, NULL, NULL, NULL, name"
    " FROM subprojects_subproject WHERE agreement_id = %s"
)


def _balances_and_subprojects(agreement: ProgrammeAgreement) -> tuple[list[tuple], list]:
    """`_balances` (in no particular order: every use sums them) and the agreement's
    sub-projects with their id and name only (what the pot page shows of them)."""
    with connection.cursor() as cursor:
        cursor.execute(_BALANCES_AND_SUBPROJECTS_SQL, [agreement.pk, agreement.pk])
        rows = cursor.fetchall()
    balances, subprojects = [], []
    db = connection.alias
    for pk, kind, scheme_id, subproject_id, year, balance, name in rows:
        if kind is None:
            subprojects.append(SubProject.from_db(db, ["id", "name"], [pk, name]))
        else:
            balances.append((pk, kind, scheme_id, subproject_id, year, sql_money(balance)))
    return balances, subprojects


def _months(balances) -> tuple[dict[int, Decimal], dict[tuple[int, int], Decimal]]:
    """Receipts per year and money decided per (year, month), from one written-out
    statement over the income, committed and paid accounts' monthly changes (by account
    id, see `_ids`): what `_received_by_year` and `_decided_by_month` give, for the pot
    page that shows both (issue 14: the ORM took longer to build it than the database
    to answer)."""
    income = _ids(balances, AccountKind.INCOME)
    decided = _ids(balances, AccountKind.COMMITTED, AccountKind.PAID)
    if not income and not decided:
        return {}, {}
    every = ", ".join(["%s"] * len(income + decided))
    received = "NULL"
    if income:
        received = (
            f"SUM(CASE WHEN account_id IN ({', '.join(['%s'] * len(income))}) THEN change END)"
        )
    # Only placeholders are put in.
    sql = (
        f"SELECT month, SUM(change), {received} FROM funding_accountmonth"  # noqa: S608
        f" WHERE account_id IN ({every}) GROUP BY month"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*income, *income, *decided])
        rows = cursor.fetchall()
    by_year: dict[int, Decimal] = defaultdict(lambda: ZERO)
    by_month: dict[tuple[int, int], Decimal] = {}
    for month, total, received_in_month in rows:
        month = sql_date(month)
        # As `_months`: SQLite's float sums turned into Decimal as Django's converter does,
        # then to whole øre (PostgreSQL's sum is exact).
        received_in_month = Decimal(sql_money(received_in_month) or 0).quantize(ZERO)
        by_year[month.year] += received_in_month
        by_month[(month.year, month.month)] = sql_money(total).quantize(ZERO) - received_in_month
    return dict(by_year), by_month


def _decided_by_month(agreement: ProgrammeAgreement) -> dict[tuple[int, int], Decimal]:
    """Money decided (committed or paid, net) per month of booking: the committed and
    paid accounts' monthly changes, which the database keeps with every leg
    (`AccountMonth`, checked against the legs by `ledger_check`). One row per month."""
    rows = (
        AccountMonth.objects.filter(
            account__agreement=agreement,
            account__kind__in=[AccountKind.COMMITTED, AccountKind.PAID],
        )
        .values("month")
        .annotate(total=Sum("change"))
        .order_by()
        .values_list("month", "total")
    )
    # SQLite sums decimals as floats: back to whole øre (PostgreSQL's sum is exact).
    return {(month.year, month.month): Decimal(total).quantize(ZERO) for month, total in rows}


def _returned_after_close(
    agreement: ProgrammeAgreement, *, returned: list[int] | None = None
) -> dict[int, Decimal]:
    """Per scheme, what came back from the bank after the close (late returns).
    `returned`: the ids of the agreement's returned accounts, if already read."""
    if returned is None:
        returned = _ids(_balances(agreement), AccountKind.RETURNED)
    return dict(
        Leg.objects.filter(
            account_id__in=returned,
            direction=Direction.DEBIT,
            transaction__kind=TransactionKind.LATE_RETURN,
        )
        .values("scheme_id")
        .annotate(total=Sum("amount"))
        .values_list("scheme_id", "total")
    )


def _planned(agreement: ProgrammeAgreement) -> Decimal:
    """The agreement's yearly amounts summed: the whole pot planned."""
    return sum(
        SchemeYearAmount.objects.filter(agreement=agreement).values_list("amount", flat=True),
        ZERO,
    )


def pot_with_burn_down(
    *, agreement: ProgrammeAgreement, today: datetime.date, planned: Decimal
) -> tuple["PotOverview", "BurnDown"]:
    """`pot_overview` and `burn_down` for the pot page, sharing their reads: the
    balances and the sub-projects in one written-out statement, receipts and decisions
    per month in another. `planned`: the agreement's yearly amounts summed, as the
    page's plan has them (PotPlan.planned)."""
    balances, subprojects = _balances_and_subprojects(agreement)
    received, decided = _months(balances)
    overview = pot_overview(
        agreement=agreement,
        planned=planned,
        balances=balances,
        received_by_year=received,
        subprojects=subprojects,
    )
    burn = burn_down(agreement=agreement, today=today, planned=planned, decided_by_month=decided)
    return overview, burn


def pot_overview(
    *,
    agreement: ProgrammeAgreement,
    planned: Decimal | None = None,
    balances=None,
    received_by_year: dict[int, Decimal] | None = None,
    subprojects=None,
) -> PotOverview:
    """The pot's figures. `planned`, `balances` (`_balances`), `received_by_year`
    (`_received_by_year`) and `subprojects` (the agreement's sub-projects): given when
    the caller has read them already."""
    years = agreement.years
    overview = PotOverview(agreement=agreement, years=years)
    overview.planned = _planned(agreement) if planned is None else planned
    by_subproject: dict[int, dict[int, SubprojectBudget]] = {}
    if subprojects is None:
        subprojects = agreement.subprojects.all()
    subprojects = {sub.pk: sub for sub in subprojects}
    for sub_id in subprojects:
        by_subproject[sub_id] = {year: SubprojectBudget(year=year) for year in years}
    if balances is None:
        balances = _balances(agreement)
    for _pk, kind, _scheme_id, subproject_id, year, balance in balances:
        if kind == AccountKind.INCOME:
            overview.received += balance
        elif kind == AccountKind.POT:
            overview.unallocated += balance
        elif kind == AccountKind.RETURNED:
            overview.returned += balance
        else:
            by_subproject[subproject_id][year].add(kind, balance)
    overview.returned_after_close = sum(
        _returned_after_close(agreement, returned=_ids(balances, AccountKind.RETURNED)).values(),
        ZERO,
    )
    received = received_by_year
    if received is None:
        received = _received_by_year(agreement, income=_ids(balances, AccountKind.INCOME))
    overview.received_by_year = [received.get(year, ZERO) for year in years]
    overview.year_totals = [SubprojectBudget(year=year) for year in years]
    for sub_id, subproject in sorted(subprojects.items(), key=lambda item: item[1].name):
        cells = [by_subproject[sub_id][year] for year in years]
        total = SubprojectBudget(year=0)
        for index, cell in enumerate(cells):
            _accumulate(total, cell)
            _accumulate(overview.year_totals[index], cell)
            _accumulate(overview.total, cell)
        overview.rows.append(SubprojectRow(subproject=subproject, years=cells, total=total))
    return overview


def _accumulate(into: SubprojectBudget, cell: SubprojectBudget) -> None:
    into.allocated += cell.allocated
    into.committed += cell.committed
    into.paid += cell.paid
    into.remaining += cell.remaining


def scheme_report(*, agreement: ProgrammeAgreement) -> list[SchemeSection]:
    """Per scheme: received, allocated, committed, paid, remaining per sub-project and year."""
    planned, schemes = _planned_by_scheme(agreement)
    sections = {
        pk: SchemeSection(scheme=scheme, planned=planned[pk]) for pk, scheme in schemes.items()
    }
    cells: dict[tuple[int, int, int], SubprojectBudget] = {}
    # The sub-projects' names come with the balances (one query less than loading them).
    subprojects: dict[int, SubprojectName] = {}
    balances, returned = [], []
    for pk, kind, scheme_id, subproject_id, name, year, balance in _balances_named(agreement):
        if subproject_id is not None and subproject_id not in subprojects:
            subprojects[subproject_id] = SubprojectName(pk=subproject_id, name=name)
        if kind == AccountKind.RETURNED:
            returned.append(pk)
        balances.append((kind, scheme_id, subproject_id, year, balance))
    # A scheme with money but no yearly amount in the agreement (rare): read it too.
    if missing := {row[1] for row in balances} - set(schemes):
        schemes.update(GrantScheme.objects.in_bulk(missing))
    for kind, scheme_id, subproject_id, year, balance in balances:
        section = sections.setdefault(
            scheme_id, SchemeSection(scheme=schemes[scheme_id], planned=ZERO)
        )
        if kind == AccountKind.INCOME:
            section.received += balance
        elif kind == AccountKind.POT:
            section.unallocated += balance
        elif kind == AccountKind.RETURNED:
            section.returned += balance
        else:
            key = (scheme_id, subproject_id, year)
            cell = cells.setdefault(key, SubprojectBudget(year=year))
            cell.add(kind, balance)
            section.total.add(kind, balance)
    for scheme_id, amount in _returned_after_close(agreement, returned=returned).items():
        sections[scheme_id].returned_after_close = amount
    for (scheme_id, sub_id, _year), cell in sorted(
        cells.items(), key=lambda item: (subprojects[item[0][1]].name, item[0][2])
    ):
        sections[scheme_id].rows.append((subprojects[sub_id], cell))
    return sorted(sections.values(), key=lambda s: (s.scheme.budget_chapter, s.scheme.budget_post))


@dataclass
class BurnDownPoint:
    month: datetime.date  # last day of the month
    left: Decimal
    forecast: bool


@dataclass
class BurnDown:
    """The pot left over the period: planned total minus money decided (committed or paid)."""

    planned: Decimal
    decided: Decimal
    pace_per_month: Decimal
    points: list[BurnDownPoint]
    left_at_end: Decimal
    runs_out: datetime.date | None


def _month_ends(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(datetime.date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def burn_down(
    *,
    agreement: ProgrammeAgreement,
    today: datetime.date | None = None,
    planned: Decimal | None = None,
    decided_by_month: dict[tuple[int, int], Decimal] | None = None,
) -> BurnDown:
    """Actual months up to today, then a straight-line forecast at the pace so far.
    `planned` and `decided_by_month` (`_decided_by_month`): given when already read."""
    today = today or timezone.localdate()
    if planned is None:
        planned = _planned(agreement)
    by_month: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    by_month.update(_decided_by_month(agreement) if decided_by_month is None else decided_by_month)
    months = _month_ends(agreement.starts_on, agreement.ends_on)
    elapsed = [month for month in months if (month.year, month.month) <= (today.year, today.month)]
    points, decided = [], ZERO
    for month in elapsed:
        decided += by_month[(month.year, month.month)]
        points.append(BurnDownPoint(month=month, left=planned - decided, forecast=False))
    # Anything booked after today (rare: back-dated) still counts as decided.
    decided += sum(
        (v for (y, m), v in by_month.items() if (y, m) > (today.year, today.month)), ZERO
    )
    pace = (decided / len(elapsed)).quantize(Decimal("0.01")) if elapsed else ZERO
    left = planned - decided
    runs_out = None
    for month in months[len(elapsed) :]:
        left -= pace
        points.append(BurnDownPoint(month=month, left=left, forecast=True))
        if runs_out is None and left < 0:
            runs_out = month
    return BurnDown(
        planned=planned,
        decided=decided,
        pace_per_month=pace,
        points=points,
        left_at_end=left,
        runs_out=runs_out,
    )
