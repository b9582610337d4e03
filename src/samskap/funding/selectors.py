"""Read side of funding, already narrowed to what the user may see."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Case,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    When,
)
from django.utils import timezone

from samskap.core.rows import sql_date, sql_money
from samskap.funding.models import (
    Account,
    AccountKind,
    AuthorityCeiling,
    AuthorityLimit,
    Direction,
    GrantReceipt,
    GrantScheme,
    Leg,
    ProgrammeAgreement,
    SchemeYearAmount,
    TransactionKind,
)
from samskap.subprojects.models import TeamMembership, TeamRole

ZERO = Decimal("0.00")


def agreements_visible_to(*, user) -> QuerySet[ProgrammeAgreement]:
    agreements = ProgrammeAgreement.objects.select_related("municipality")
    if user.is_superuser or user.is_state_viewer:
        return agreements
    return agreements.filter(municipality_id=user.municipality_id)


@dataclass
class SchemeRow:
    scheme: GrantScheme
    amounts: list[Decimal]
    total: Decimal


@dataclass
class PotPlan:
    """The agreed pot: each scheme's yearly amount, and the totals per year."""

    agreement: ProgrammeAgreement
    years: list[int]
    rows: list[SchemeRow] = field(default_factory=list)
    year_totals: list[Decimal] = field(default_factory=list)
    total: Decimal = Decimal("0.00")
    # Every yearly amount summed, in the agreement's years or not (as the burn-down has it).
    planned: Decimal = Decimal("0.00")


def pot_plan(*, agreement: ProgrammeAgreement) -> PotPlan:
    years = agreement.years
    by_scheme: dict[int, dict[int, Decimal]] = defaultdict(dict)
    schemes: dict[int, GrantScheme] = {}
    for line in SchemeYearAmount.objects.filter(agreement=agreement).select_related("scheme"):
        by_scheme[line.scheme_id][line.year] = line.amount
        schemes[line.scheme_id] = line.scheme
    plan = PotPlan(agreement=agreement, years=years)
    for scheme in sorted(schemes.values(), key=lambda s: (s.budget_chapter, s.budget_post)):
        amounts = [by_scheme[scheme.pk].get(year, Decimal("0.00")) for year in years]
        plan.rows.append(
            SchemeRow(scheme=scheme, amounts=amounts, total=sum(amounts, Decimal("0.00")))
        )
    plan.year_totals = [
        sum((row.amounts[i] for row in plan.rows), Decimal("0.00")) for i in range(len(years))
    ]
    plan.total = sum(plan.year_totals, Decimal("0.00"))
    plan.planned = sum(
        (amount for amounts in by_scheme.values() for amount in amounts.values()),
        Decimal("0.00"),
    )
    return plan


@dataclass
class SubprojectBudget:
    """One sub-project's money in one year: allocated = committed + paid + remaining."""

    year: int
    allocated: Decimal = ZERO
    committed: Decimal = ZERO
    paid: Decimal = ZERO
    remaining: Decimal = ZERO

    def add(self, kind: str, amount: Decimal) -> None:
        if kind == AccountKind.BUDGET:
            self.remaining += amount
        elif kind == AccountKind.COMMITTED:
            self.committed += amount
        elif kind == AccountKind.PAID:
            self.paid += amount
        else:
            return
        self.allocated += amount


def budget_year(*, agreement: ProgrammeAgreement, day=None) -> int:
    """This year, kept inside the agreement period."""
    year = (day or timezone.localdate()).year
    return min(max(year, agreement.starts_on.year), agreement.ends_on.year)


def subproject_budget(*, subproject, year: int | None = None) -> SubprojectBudget:
    """The sub-project's budget for a year (default: this year), summed over schemes."""
    if year is None:
        year = budget_year(agreement=subproject.agreement)
    budget = SubprojectBudget(year=year)
    rows = (
        Account.objects.filter(subproject=subproject, year=year)
        .values("kind")
        .annotate(total=Sum("balance"))
    )
    for row in rows:
        budget.add(row["kind"], row["total"])
    return budget


def subproject_accounts(*, subproject) -> list[tuple[int, str, int, Decimal]]:
    """(account id, kind, year, balance) of each of the sub-project's accounts, one query:
    the budget page reads its figures and finds its postings (by account id) from it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, kind, year, balance FROM funding_account"
            " WHERE subproject_id = %s ORDER BY id",
            [subproject.pk],
        )
        return [(pk, kind, year, sql_money(balance)) for pk, kind, year, balance in cursor]


def subproject_budgets(*, subproject, accounts=None) -> list[SubprojectBudget]:
    """The sub-project's budget for every year of its agreement, in one query (none with
    `accounts`, the rows of `subproject_accounts`)."""
    budgets = {year: SubprojectBudget(year=year) for year in subproject.agreement.years}
    if accounts is None:
        rows = (
            Account.objects.filter(subproject=subproject, year__in=list(budgets))
            .values_list("kind", "year")
            .annotate(total=Sum("balance"))
            .order_by()
        )
    else:
        rows = [(kind, year, balance) for _pk, kind, year, balance in accounts]
    for kind, year, total in rows:
        if year in budgets:
            budgets[year].add(kind, total)
    return list(budgets.values())


@dataclass(frozen=True)
class Authority:
    """How much someone may grant alone in one sub-project; None means no bound of that kind.

    A team member's role limit, capped by the sub-project's ceiling; for the economy
    (economist, administrator) the ceiling itself.
    """

    max_per_decision: Decimal | None
    max_per_household_per_year: Decimal | None

    def covers(self, *, amount: Decimal, received: Decimal = ZERO) -> bool:
        """True when `amount`, on top of `received` this year, is within both bounds."""
        if self.max_per_decision is not None and amount > self.max_per_decision:
            return False
        per_year = self.max_per_household_per_year
        return per_year is None or received + amount <= per_year


def _capped(value: Decimal | None, cap: Decimal | None) -> Decimal | None:
    if cap is None:
        return value
    return cap if value is None else min(value, cap)


def authority_ceiling_for(*, subproject) -> AuthorityCeiling | None:
    """The economy's ceiling for the sub-project, or None when none is set."""
    return AuthorityCeiling.objects.filter(subproject=subproject).first()


def authority_by_role(*, subproject) -> dict[str, Authority | None]:
    """Each team role's authority in the sub-project, capped by its ceiling (two queries).

    A limit set for the sub-project wins over the municipality's default for that role;
    a role with neither has no authority to decide alone (None).
    """

    # At most one limit per role on each level (unique constraints): no ordering (and no
    # joins for it) needed beyond putting the sub-project's own after the defaults.
    limits = (
        AuthorityLimit.objects.filter(
            municipality_id=subproject.agreement.municipality_id, subproject__isnull=True
        )
        | AuthorityLimit.objects.filter(subproject=subproject)
    ).order_by()
    by_role: dict[str, AuthorityLimit] = {}
    for limit in sorted(limits, key=lambda item: item.subproject_id is not None):
        by_role[limit.team_role] = limit
    ceiling = authority_ceiling_for(subproject=subproject)
    return _authorities(
        {
            role: (limit.max_per_decision, limit.max_per_household_per_year)
            for role, limit in by_role.items()
        },
        (ceiling.max_per_decision, ceiling.max_per_household_per_year) if ceiling else None,
    )


def _authorities(by_role: dict[str, tuple], ceiling: tuple | None) -> dict:
    """Each team role's Authority from its limit's (per decision, per household per
    year), capped by the ceiling's (None: no ceiling); a role without a limit gets None."""
    cap_decision, cap_year = ceiling or (None, None)
    authority: dict[str, Authority | None] = {}
    for role in TeamRole.values:
        limit = by_role.get(role)
        authority[role] = None
        if limit is not None:
            authority[role] = Authority(
                max_per_decision=_capped(limit[0], cap_decision),
                max_per_household_per_year=_capped(limit[1], cap_year),
            )
    return authority


def economy_authority(*, subproject) -> Authority:
    """What the economist or administrator may grant in the sub-project: its ceiling, or
    no bound but the budget when no ceiling is set."""
    ceiling = authority_ceiling_for(subproject=subproject)
    if ceiling is None:
        return Authority(max_per_decision=None, max_per_household_per_year=None)
    return Authority(
        max_per_decision=ceiling.max_per_decision,
        max_per_household_per_year=ceiling.max_per_household_per_year,
    )


def authority_limit_for(*, user, subproject) -> Authority | None:
    """The authority of the user's seat on this team; None means no authority to decide alone.

    A limit set for the sub-project wins over the municipality's default for that role,
    and the sub-project's ceiling caps both.
    """
    membership = TeamMembership.objects.filter(subproject=subproject, user=user).first()
    if membership is None:
        return None
    return authority_by_role(subproject=subproject)[membership.team_role]


def authority_limits_for_subproject(*, subproject) -> list[tuple[str, Authority | None]]:
    """Each team role's label with the authority that applies to it in this sub-project,
    as `authority_by_role` finds it, in one written-out statement (the budget page: the
    ORM took longer to build its two queries than the database took to answer them)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _AUTHORITY_SQL, [subproject.agreement.municipality_id, subproject.pk, subproject.pk]
        )
        by_role = _authority_rows(cursor.fetchall())
    return [(label, by_role[value]) for value, label in TeamRole.choices]


def _authority_rows(rows) -> dict[str, Authority | None]:
    """`authority_by_role` from the rows of _AUTHORITY_SQL."""
    limits: dict[str, tuple] = {}
    ceiling = None
    # The municipality's defaults first, then the sub-project's own (they win).
    for _subproject_id, role, per_decision, per_year in sorted(
        rows, key=lambda row: row[0] is not None
    ):
        amounts = (sql_money(per_decision), sql_money(per_year))
        if role is None:
            ceiling = amounts
        else:
            limits[role] = amounts
    return _authorities(limits, ceiling)


def budget_and_authority(*, subproject, user) -> tuple[SubprojectBudget, Authority | None]:
    """`subproject_budget` of this year and the user's `authority_limit_for`, in one
    written-out statement: the meeting agenda read them in four ORM queries, each costing
    more to build (and, with the models' orderings, to plan) than to answer (issue 14)."""
    year = budget_year(agreement=subproject.agreement)
    with connection.cursor() as cursor:
        cursor.execute(
            _BUDGET_AND_AUTHORITY_SQL,
            [
                subproject.pk,
                year,
                subproject.pk,
                user.pk,
                subproject.agreement.municipality_id,
                subproject.pk,
                subproject.pk,
            ],
        )
        rows = cursor.fetchall()
    budget = SubprojectBudget(year=year)
    role = None
    authority_rows = []
    for part, subproject_id, kind, amount, per_year in rows:
        if part == "budget":
            budget.add(kind, sql_money(amount))
        elif part == "seat":
            role = kind
        else:
            authority_rows.append((subproject_id, kind, amount, per_year))
    return budget, None if role is None else _authority_rows(authority_rows)[role]


# The limits of the municipality (no sub-project) and of the sub-project, then the
# sub-project's ceiling (one at most) as a row without a role.
_AUTHORITY_SQL = (
    "SELECT subproject_id, team_role, max_per_decision, max_per_household_per_year"
    " FROM funding_authoritylimit"
    " WHERE (municipality_id = %s AND subproject_id IS NULL) OR subproject_id = %s"
    " UNION ALL"
    " SELECT subproject_id, NULL, max_per_decision, max_per_household_per_year"
    " FROM funding_authorityceiling WHERE subproject_id = %s"
)
# Tagged rows: the sub-project's accounts of one year summed by kind, the user's seat on
# its team (one at most), then _AUTHORITY_SQL's rows. The NULLs are typed: PostgreSQL
# resolves a UNION's column types pair by pair, and two untyped NULLs would be text. (No
# value is put into the text: S608 sees the constant _AUTHORITY_SQL.)
_BUDGET_AND_AUTHORITY_SQL = (
    "SELECT 'budget', CAST(NULL AS bigint), kind, SUM(balance), CAST(NULL AS numeric)"  # noqa: S608
    " FROM funding_account WHERE subproject_id = %s AND year = %s GROUP BY kind"
    " UNION ALL"
    " SELECT 'seat', CAST(NULL AS bigint), team_role, CAST(NULL AS numeric),"
    " CAST(NULL AS numeric)"
    " FROM subprojects_teammembership WHERE subproject_id = %s AND user_id = %s"
    " UNION ALL"
    f" SELECT 'authority', limits.* FROM ({_AUTHORITY_SQL}) limits"
)


def schemes_of(*, agreement: ProgrammeAgreement) -> QuerySet[GrantScheme]:
    ids = SchemeYearAmount.objects.filter(agreement=agreement).values("scheme_id")
    return GrantScheme.objects.filter(pk__in=ids)


@dataclass
class PostingLine:
    """One transaction in one budget year, as seen from a sub-project: its net change on
    each kind of account of that year (None where it touched no such account). A
    carry-over shows as two lines, minus on the old year and plus on the new."""

    transaction: object
    year: int
    budget: Decimal | None = None
    committed: Decimal | None = None
    paid: Decimal | None = None
    # The transaction's kind as `get_kind_display` shows it, without rebuilding the
    # choices for every line.
    kind: str = ""


_SIGNED = Case(
    When(direction="D", then=F("amount")),
    default=-F("amount"),
    output_field=DecimalField(max_digits=14, decimal_places=2),
)


class PostingLines:
    """The sub-project's postings per transaction and year as the pager wants them: a
    `count()` and slices (rows of dicts), each one query.

    A page is found over the ledger's transactions first: the agreement's transactions
    newest first (index on agreement, date and id), each kept if it has a leg on one of the
    sub-project's accounts (an index-only probe on the legs' transaction and account), up
    to the page's end; then only those transactions' legs are summed per year. Every
    transaction in the list gives at least one line, so the first `stop` lines come from
    at most the first `stop` transactions. The count takes each year's distinct
    transactions from the legs' account and transaction index alone (no table rows, no
    join). Before, both grouped all the sub-project's legs (at `medium` 24,000 legs for a
    page of 50 lines)."""

    def __init__(self, accounts, *, agreement_id: int | None = None):
        by_year: dict[int, list[int]] = defaultdict(list)
        for pk, _kind, year, _balance in accounts:
            by_year[year].append(pk)
        self.by_year = dict(by_year)
        self.ids = [pk for pk, _kind, _year, _balance in accounts]
        if agreement_id is None and self.ids:
            agreement_id = Account.objects.filter(pk=self.ids[0]).values_list(
                "agreement_id", flat=True
            )[0]
        self.agreement_id = agreement_id
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self._count_lines()
        return self._count

    def _count_lines(self) -> int:
        """Each year's distinct transactions, summed: one statement, written out (the ORM's
        union took longer to build than to run)."""
        if not self.ids:
            return 0
        per_year = [
            "(SELECT COUNT(DISTINCT transaction_id) FROM funding_leg WHERE account_id IN "  # noqa: S608
            f"({', '.join(['%s'] * len(ids))}))"
            for ids in self.by_year.values()
        ]
        params = [pk for ids in self.by_year.values() for pk in ids]
        with connection.cursor() as cursor:
            # Only placeholders are put in.
            cursor.execute(f"SELECT {' + '.join(per_year)}", params)
            return cursor.fetchone()[0]

    def transactions(self, limit: int, *, oldest_first: bool = False) -> QuerySet:
        """The ids of the list's first `limit` transactions, newest first (a subquery);
        `oldest_first`: its last `limit` transactions."""
        from samskap.funding.models import LedgerTransaction

        order = ("booked_on", "pk") if oldest_first else ("-booked_on", "-pk")
        return (
            LedgerTransaction.objects.filter(agreement_id=self.agreement_id)
            .filter(
                Exists(Leg.objects.filter(transaction_id=OuterRef("pk"), account_id__in=self.ids))
            )
            .order_by(*order)
            .values("pk")[:limit]
        )

    def rows(self, stop: int | None = None) -> QuerySet:
        """The lines, newest first; with `stop`, only those of the first `stop`
        transactions (enough for the lines before `stop`). A page's few hundred legs
        take their year and kind from their accounts (a join by primary key)."""
        if stop is None:
            return self._lines(Leg.objects.filter(account_id__in=self.ids))
        return self._lines(self._legs_of(self.transactions(stop)))

    def _legs_of(self, transactions):
        return Leg.objects.filter(account_id__in=self.ids, transaction_id__in=transactions)

    def _lines(self, legs, *, oldest_first: bool = False) -> QuerySet:
        order = (
            ("transaction__booked_on", "transaction_id", "-year")
            if oldest_first
            else ("-transaction__booked_on", "-transaction_id", "year")
        )
        return (
            legs.values("transaction_id", "transaction__booked_on", year=F("account__year"))
            .annotate(
                budget=Sum(_SIGNED, filter=Q(account__kind=AccountKind.BUDGET)),
                committed=Sum(_SIGNED, filter=Q(account__kind=AccountKind.COMMITTED)),
                paid=Sum(_SIGNED, filter=Q(account__kind=AccountKind.PAID)),
            )
            .order_by(*order)
        )

    def page(self, start: int, stop: int) -> list[dict]:
        """Lines `start` to `stop`, each transaction's lines together, each row with its
        transaction's kind, reason, poster and earmarked scheme (`posting_lines` needs no
        query of its own for them). In the older half the list is walked from its oldest
        end: lines `start`… are the last `count - start` lines, so they come from at most
        its last `count - start` transactions, read oldest first and turned round. Either
        way a page reads at most half the list, never every leg of the sub-project."""
        count = self.count()
        stop = min(stop, count)
        if not self.ids or stop <= start:
            return []
        if start < count - stop:
            return self._page_rows(transactions=stop, offset=start, size=stop - start)
        rows = self._page_rows(
            transactions=count - start, offset=count - stop, size=stop - start, oldest_first=True
        )
        return rows[::-1]

    def _page_rows(
        self, *, transactions: int, offset: int, size: int, oldest_first: bool = False
    ) -> list[dict]:
        """One statement, written out (the ORM took longer to build the page's query than
        the database took to run it): the lines of the list's first `transactions`
        transactions (`oldest_first`: its last), `size` of them from `offset`, as
        `_lines` sums them, joined to their transactions, posters and schemes."""
        ids = ", ".join(["%s"] * len(self.ids))
        newest, year = ("ASC", "DESC") if oldest_first else ("DESC", "ASC")
        sql = _PAGE_SQL.format(ids=ids, order=newest, year_order=year)
        params = [self.agreement_id, *self.ids, transactions, *self.ids, size, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        return [
            {
                "transaction_id": row[0],
                "transaction__booked_on": sql_date(row[1]),
                "year": row[2],
                "budget": sql_money(row[3]),
                "committed": sql_money(row[4]),
                "paid": sql_money(row[5]),
                "details": row[6:],
            }
            for row in fetched
        ]

    def __getitem__(self, index):
        if isinstance(index, slice):
            if index.step is not None or index.stop is None:
                return self.rows()[index]
            return self.page(index.start or 0, index.stop)
        return self[index : index + 1][0]

    def __len__(self) -> int:
        return self.count()


def posting_lines_for_subproject(*, subproject, accounts=None) -> PostingLines:
    """The sub-project's postings per transaction and year, newest first, summed in the
    database (rows of dicts); page it, then `posting_lines` fetches the page's
    transactions. `accounts`: the rows of `subproject_accounts`, if already read."""
    if accounts is None:
        accounts = subproject_accounts(subproject=subproject)
    return PostingLines(accounts, agreement_id=subproject.agreement_id)


def posting_lines(rows) -> list[PostingLine]:
    """The rows of one page with their transactions: from the rows themselves when the
    page's statement brought them (`PostingLines.page`), else one query."""
    from samskap.funding.models import LedgerTransaction

    rows = list(rows)
    labels = dict(TransactionKind.choices)
    if rows and all("details" in row for row in rows):
        transactions = _transactions_of(rows)
    else:
        transactions = LedgerTransaction.objects.select_related(
            "acting_user", "earmarked_scheme"
        ).in_bulk({row["transaction_id"] for row in rows})
    lines = []
    for row in rows:
        transaction = transactions[row["transaction_id"]]
        lines.append(
            PostingLine(
                transaction=transaction,
                year=row["year"],
                budget=row["budget"],
                committed=row["committed"],
                paid=row["paid"],
                kind=labels.get(transaction.kind, transaction.kind),
            )
        )
    return lines


def _transactions_of(rows) -> dict:
    """The page's transactions from its rows' `details`, with only the fields a posting
    line shows (id, kind, date, reason; the poster's names; the scheme's budget line)."""
    from samskap.accounts.models import User
    from samskap.funding.models import GrantScheme, LedgerTransaction

    db = connection.alias
    transactions = {}
    # A page's postings come from a few people and schemes: one instance of each.
    users: dict = {}
    schemes: dict = {}
    for row in rows:
        pk = row["transaction_id"]
        if pk in transactions:
            continue
        kind, reason, user_id, username, first_name, last_name, scheme_id, chapter, post = row[
            "details"
        ]
        transaction = LedgerTransaction.from_db(
            db, _TRANSACTION_FIELDS, [pk, kind, row["transaction__booked_on"], reason]
        )
        if user_id is not None and user_id not in users:
            users[user_id] = User.from_db(
                db, _USER_FIELDS, [user_id, username, first_name, last_name]
            )
        if scheme_id is not None and scheme_id not in schemes:
            schemes[scheme_id] = GrantScheme.from_db(db, _SCHEME_FIELDS, [scheme_id, chapter, post])
        transaction.acting_user = users.get(user_id)
        transaction.earmarked_scheme = schemes.get(scheme_id)
        transactions[pk] = transaction
    return transactions


_TRANSACTION_FIELDS = ["id", "kind", "booked_on", "reason"]
_USER_FIELDS = ["id", "username", "first_name", "last_name"]
_SCHEME_FIELDS = ["id", "budget_chapter", "budget_post"]
# The legs' signed amount (debit plus, credit minus), as `_SIGNED`.
_SIGNED_SQL = "CASE WHEN l.direction = 'D' THEN l.amount ELSE -l.amount END"
# `PostingLines._lines` over `PostingLines.transactions`, written out for the page (SQLite
# and PostgreSQL): the first (or last) transactions of the agreement that touch the
# sub-project's accounts, their legs on those accounts summed per year and kind, then
# joined by primary key to the transaction, its poster and its earmarked scheme.
# Only placeholders and the fixed words ASC/DESC are put in (`{ids}`, `{order}`).
_PAGE_SQL = (
    "WITH page AS ("  # noqa: S608
    " SELECT t.id FROM funding_ledgertransaction t"
    " WHERE t.agreement_id = %s AND EXISTS ("
    "  SELECT 1 FROM funding_leg e WHERE e.transaction_id = t.id AND e.account_id IN ({ids}))"
    " ORDER BY t.booked_on {order}, t.id {order} LIMIT %s"
    "), line AS ("
    " SELECT l.transaction_id, a.year,"
    f" SUM(CASE WHEN a.kind = 'budget' THEN {_SIGNED_SQL} END) AS budget,"
    f" SUM(CASE WHEN a.kind = 'committed' THEN {_SIGNED_SQL} END) AS committed,"
    f" SUM(CASE WHEN a.kind = 'paid' THEN {_SIGNED_SQL} END) AS paid"
    " FROM funding_leg l JOIN funding_account a ON a.id = l.account_id"
    " WHERE l.account_id IN ({ids}) AND l.transaction_id IN (SELECT id FROM page)"
    " GROUP BY l.transaction_id, a.year"
    ")"
    " SELECT line.transaction_id, t.booked_on, line.year, line.budget, line.committed,"
    " line.paid, t.kind, t.reason, t.acting_user_id, u.username, u.first_name, u.last_name,"
    " t.earmarked_scheme_id, s.budget_chapter, s.budget_post"
    " FROM line JOIN funding_ledgertransaction t ON t.id = line.transaction_id"
    " LEFT JOIN accounts_user u ON u.id = t.acting_user_id"
    " LEFT JOIN funding_grantscheme s ON s.id = t.earmarked_scheme_id"
    " ORDER BY t.booked_on {order}, line.transaction_id {order}, line.year {year_order}"
    " LIMIT %s OFFSET %s"
)
# The economist's own postings on the pot; the support and payment flow's are cancelled
# or returned through their own services, never reversed by hand.
CORRECTABLE_KINDS = ("receipt", "allocation", "reallocation", "carry_over")


def correctable_postings(*, agreement: ProgrammeAgreement):
    """Postings of the pot that may be corrected with a reversal, newest first."""
    from samskap.funding.models import LedgerTransaction

    return (
        LedgerTransaction.objects.filter(agreement=agreement, kind__in=CORRECTABLE_KINDS)
        .filter(reversed_by__isnull=True)
        .prefetch_related("legs")
        .order_by("-booked_on", "-pk")
    )


def unsettled_amounts(*, subproject, keys: list[str]) -> dict[str, Decimal]:
    """NOK of each posting (by idempotency key) that later postings have not settled yet.

    A payout is settled by the return or repayment that undoes it; a settlement that was
    itself reversed gives its part back. Keys without a posting are left out. Two
    queries, whatever the number of keys.
    """
    debits = (
        Leg.objects.filter(direction=Direction.DEBIT, transaction__subproject=subproject)
        .values("transaction__idempotency_key")
        .annotate(total=Sum("amount"))
        .values_list("transaction__idempotency_key", "total")
    )
    put = dict(debits.filter(transaction__idempotency_key__in=keys))
    settled = dict(
        Leg.objects.filter(
            direction=Direction.DEBIT,
            transaction__settles__idempotency_key__in=keys,
            transaction__settles__subproject=subproject,
            transaction__reversed_by__isnull=True,
        )
        .values("transaction__settles__idempotency_key")
        .annotate(total=Sum("amount"))
        .values_list("transaction__settles__idempotency_key", "total")
    )
    return {key: total - settled.get(key, ZERO) for key, total in put.items()}


def scheme_year_amount(*, agreement, scheme, year: int) -> Decimal:
    """What the agreement says `scheme` pays into the pot in `year` (NOK; 0 if nothing)."""
    row = SchemeYearAmount.objects.filter(agreement=agreement, scheme=scheme, year=year).first()
    return row.amount if row else ZERO


def received_in_year(*, agreement, scheme, year: int) -> Decimal:
    """What is registered as received from `scheme` with a receipt date in `year` (NOK)."""
    total = GrantReceipt.objects.filter(
        agreement=agreement, scheme=scheme, received_on__year=year
    ).aggregate(total=Sum("amount"))["total"]
    return total or ZERO


def scheme_years_used(*, agreement, scheme) -> dict[int, tuple[Decimal, Decimal]]:
    """Per year of the agreement: (received, allocated) for `scheme`, what its yearly
    amount may not go below. Received counts receipts dated in the year; allocated is
    what the sub-projects' budget, committed and paid accounts of that year hold from
    the scheme."""
    received = dict(
        GrantReceipt.objects.filter(agreement=agreement, scheme=scheme)
        .values_list("received_on__year")
        .annotate(total=Sum("amount"))
        .values_list("received_on__year", "total")
    )
    allocated = dict(
        Account.objects.filter(
            agreement=agreement,
            scheme=scheme,
            kind__in=[AccountKind.BUDGET, AccountKind.COMMITTED, AccountKind.PAID],
        )
        .values("year")
        .annotate(total=Sum("balance"))
        .values_list("year", "total")
    )
    return {
        year: (received.get(year) or ZERO, allocated.get(year) or ZERO) for year in agreement.years
    }
