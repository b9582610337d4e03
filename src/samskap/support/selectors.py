"""Read side of the support flow, scoped to the teams of the household's sub-projects."""

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Exists, F, Min, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from samskap.accounts.access import manages_municipality
from samskap.accounts.models import Organisation, User
from samskap.core import disclosure
from samskap.core.money import round_nok
from samskap.core.rows import Columns
from samskap.core.text import is_digits
from samskap.funding import selectors as funding_selectors
from samskap.payments.models import Payment, PaymentStatus
from samskap.people.models import Household
from samskap.people.selectors import household_languages
from samskap.subprojects.models import SubProject
from samskap.subprojects.selectors import team_seat_subproject_ids
from samskap.support.limits import (
    ApprovalNeed,
    HouseholdYear,
    Level,
    Proposal,
    ReceivedThisYear,
    approval_needs,
    final_decisions_this_year,
    household_received_this_year,
    household_year,
    needs_for,
    related_household_ids,
    second_approval_reasons,
)
from samskap.support.links import letter_id_of_any_age
from samskap.support.models import (
    Decision,
    MotivationLetter,
    NeedsMapping,
    OtherHelp,
    Outcome,
    Repayment,
    RequestStatus,
    ReturnedPaymentTask,
    SupportLine,
    SupportRequest,
    TaskStatus,
)

ZERO = Decimal("0.00")

# Counting per person and who may confirm live in support.limits; callers import them here.
__all__ = [
    "ApprovalNeed",
    "HouseholdYear",
    "Level",
    "Proposal",
    "ReceivedThisYear",
    "approval_needs",
    "final_decisions_this_year",
    "household_received_this_year",
    "household_year",
    "needs_for",
    "related_household_ids",
    "second_approval_reasons",
]


def team_subproject_seats(*, user) -> QuerySet | None:
    """What `team_subproject_ids` reads, not yet read (for `field__in=`, a subquery of the
    caller's own statement); None when the user can have no team seats (anonymous, the
    state's viewer)."""
    if user is None or not user.is_authenticated or user.is_state_viewer:
        return None
    return team_seat_subproject_ids(user=user)


def team_subproject_ids(*, user) -> set[int]:
    """Sub-projects whose families `user` works with: their team seats (none for the
    state's viewer, who never sees citizens)."""
    seats = team_subproject_seats(user=user)
    return set() if seats is None else set(seats)


def team_subprojects(*, user) -> QuerySet[SubProject]:
    """The sub-projects whose team `user` sits on, by name (the meetings they can hold)."""
    return SubProject.objects.filter(pk__in=team_subproject_ids(user=user)).order_by("name")


def team_subprojects_of(*, user, household) -> QuerySet[SubProject]:
    """Sub-projects the household is enrolled in and where the user sits on the team."""
    return SubProject.objects.filter(
        pk__in=team_subproject_ids(user=user), enrolments__household=household
    ).order_by("name")


def _percentile(sorted_values: list[Decimal], share: Decimal) -> Decimal | None:
    """Nearest-rank percentile: honest for the small numbers a sub-project has."""
    if not sorted_values:
        return None
    rank = max(1, int((share * len(sorted_values)).to_integral_value(rounding="ROUND_CEILING")))
    return sorted_values[rank - 1]


@dataclass
class PotContext:
    """What the team sees at the moment of deciding, so nobody decides blind."""

    allocated: Decimal
    committed: Decimal
    paid: Decimal
    remaining: Decimal
    decisions_this_year: int
    median: Decimal | None
    p90: Decimal | None
    # Median and 90th percentile over fewer than five households point at families
    # (core.disclosure): then they are None and the panel says so.
    suppressed: bool = False

    def share_of_remaining(self, amount: Decimal) -> Decimal | None:
        if self.remaining <= 0:
            return None
        return round_nok(amount * 100 / self.remaining)


def pot_context(*, subproject, budget=None) -> PotContext:
    """The pot panel; `budget`: the sub-project's budget of this year, if read already."""
    if budget is None:
        budget = funding_selectors.subproject_budget(subproject=subproject)
    rows = _granted_this_year(subproject)
    amounts = sorted(amount for amount, _household in rows)
    hidden = bool(rows) and disclosure.suppressed(len({household for _a, household in rows}))
    return PotContext(
        allocated=budget.allocated,
        committed=budget.committed,
        paid=budget.paid,
        remaining=budget.remaining,
        decisions_this_year=len(amounts),
        median=None if hidden else _percentile(amounts, Decimal("0.5")),
        p90=None if hidden else _percentile(amounts, Decimal("0.9")),
        suppressed=hidden,
    )


def _granted_this_year(subproject) -> list[tuple[Decimal, int]]:
    """(amount, household) of each of the sub-project's `final_decisions_this_year` that
    granted money, from one written-out statement (the ORM took about 2 ms to build it
    on every meeting page, issue 14); tests/support/test_pot_context.py compares them."""
    first, last = connection.ops.year_lookup_bounds_for_datetime_field(timezone.localdate().year)
    amount = _agenda_columns()["amount"]
    sql = (
        f"SELECT {amount.select('d')}, r.household_id FROM {_table(Decision)} d"  # noqa: S608 (names)
        f" INNER JOIN {_table(SupportRequest)} r ON r.id = d.request_id"
        " WHERE d.decided_at BETWEEN %s AND %s AND d.cancelled_at IS NULL"
        " AND NOT (d.outcome = %s) AND r.subproject_id = %s AND d.amount > 0"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [first, last, Outcome.DECLINED, subproject.pk])
        return [(amount.values(row)[0], row[1]) for row in cursor.fetchall()]


def needs_mappings_of(*, household) -> QuerySet[NeedsMapping]:
    """Mappings of a household the caller already got through household_for."""
    return (
        NeedsMapping.objects.filter(household=household)
        .select_related("recorded_by", "subproject")
        .prefetch_related("services_present")
    )


def letters_of(*, household) -> QuerySet[MotivationLetter]:
    return MotivationLetter.objects.filter(household=household).select_related(
        "subproject", "written_by"
    )


def requests_of(*, household) -> QuerySet[SupportRequest]:
    """The household page's requests, oldest first, with what its table shows (sub-project
    and decision); `returned_payments_by_request` adds what the bank sent back."""
    return SupportRequest.objects.filter(household=household).select_related(
        "subproject", "decision"
    )


def returned_payments_by_request(*, household) -> dict[int, list[Payment]]:
    """{request id: the payments of its lines the bank sent back and nobody has paid again
    yet}, in line order, for a household the caller already got through household_for.

    A line's payment counts when it is the line's latest (the highest id, as
    `LinePayments.current`) and it is returned: one query, where the household page read
    every line and every payment of every request to find them (issue 14)."""
    later = Payment.objects.filter(
        support_line_id=OuterRef("support_line_id"), pk__gt=OuterRef("pk")
    )
    returned = (
        Payment.objects.filter(
            support_line__request__household=household, status=PaymentStatus.RETURNED
        )
        .exclude(Exists(later))
        .annotate(request_id=F("support_line__request_id"))
        .order_by("support_line_id")
    )
    found: dict[int, list[Payment]] = {}
    for payment in returned:
        found.setdefault(payment.request_id, []).append(payment)
    return found


@dataclass
class HouseholdRequest:
    """A request on the household page: with its sub-project and decision (None when
    undecided) in the request's cache, the payments of its lines the bank sent back and
    nobody has paid again (`returned_payments_by_request`), and each line's current
    payment's status (the latest payment, as `LinePayments.current`) in line order."""

    request: SupportRequest
    returned: list[Payment] = field(default_factory=list)
    payment_statuses: list[str] = field(default_factory=list)

    @property
    def payment_labels(self) -> list[str]:
        """Where its money is, once each in line order ("Sent to the bank", "Paid"): the
        household list's stage says it for the household, this for each request."""
        labels = dict(PaymentStatus.choices)
        return [str(labels[status]) for status in dict.fromkeys(self.payment_statuses)]


@dataclass
class HouseholdPanel:
    """What support shows on the household page, read in three written-out statements
    instead of the ORM's five (issue 14: the ORM built each on every request, about 1 ms
    of Python a query; tests/support/test_household_panel.py compares them)."""

    requests: list[HouseholdRequest]
    # (mapping, the services present by name), newest first.
    mappings: list[tuple[NeedsMapping, list[Organisation]]]
    letters: list[MotivationLetter]


@functools.cache
def _panel_columns() -> dict[str, Columns]:
    """What the household page's panel reads of each table (built once: the models must
    be loaded); a field the panel's template reads must be here, or it would be read
    again per row (the page's pin in tests/web/test_page_queries.py would show it)."""
    every = lambda model: [f.attname for f in model._meta.concrete_fields]  # noqa: E731
    return {
        "request": Columns(SupportRequest, every(SupportRequest)),
        "subproject": Columns(SubProject, ("id", "name")),
        "decision": Columns(Decision, ("id", "request_id", "amount", "decided_at")),
        "payment": Columns(Payment, ("id", "support_line_id", "status", "return_reason")),
        "mapping": Columns(NeedsMapping, every(NeedsMapping)),
        "organisation": Columns(Organisation, ("id", "name")),
        "letter": Columns(
            MotivationLetter,
            ("id", "household_id", "subproject_id", "written_at", "link_sent_at", "confirmed_at"),
        ),
    }


_REQUEST_SUBPROJECT = SupportRequest._meta.get_field("subproject")
_REQUEST_DECISION = SupportRequest._meta.get_field("decision")
_LETTER_SUBPROJECT = MotivationLetter._meta.get_field("subproject")


def household_panel(*, household_id: int) -> HouseholdPanel:
    """Support's panel on the page of a household the caller already got through
    people.access: its requests, needs mappings and motivation letters."""
    with connection.cursor() as cursor:
        return HouseholdPanel(
            requests=_household_requests(cursor, household_id),
            mappings=_household_mappings(cursor, household_id),
            letters=_household_letters(cursor, household_id),
        )


def _household_requests(cursor, household_id: int) -> list[HouseholdRequest]:
    """Oldest first (as `requests_of`), a row per line with the line's latest payment."""
    c = _panel_columns()
    request, subproject, decision, payment = (
        c["request"],
        c["subproject"],
        c["decision"],
        c["payment"],
    )
    quote = connection.ops.quote_name
    # Each line's latest payment (by id, as `LinePayments.current`), its columns in the
    # model's order as `payment` builds them, each a subquery on the line's index: joined
    # instead, the planner hashed every payment of the municipality (8 ms at `medium`).
    latest = (
        f"(SELECT q.{{}} FROM {_table(Payment)} q WHERE q.support_line_id = l.id"  # noqa: S608 (names)
        " ORDER BY q.id DESC LIMIT 1)"
    )
    payment_columns = ", ".join(
        "l.id" if f.attname == "support_line_id" else latest.format(quote(f.column))
        for f in payment.fields
    )
    cursor.execute(
        f"SELECT {request.select('r')}, {subproject.select('s')}, {decision.select('d')},"  # noqa: S608 (names)
        f" {payment_columns}"
        f" FROM {_table(SupportRequest)} r"
        f" INNER JOIN {_table(SubProject)} s ON s.id = r.subproject_id"
        f" LEFT OUTER JOIN {_table(Decision)} d ON d.request_id = r.id"
        f" LEFT OUTER JOIN {_table(SupportLine)} l ON l.request_id = r.id"
        " WHERE r.household_id = %s"
        " ORDER BY r.requested_at, r.id, l.id",
        [household_id],
    )
    at_subproject = request.width
    at_decision = at_subproject + subproject.width
    at_payment = at_decision + decision.width
    at_status = at_payment + payment.position("status")
    found: dict[int, HouseholdRequest] = {}
    for row in cursor.fetchall():
        item = found.get(row[0])
        if item is None:
            built = request.build(row)
            _REQUEST_SUBPROJECT.set_cached_value(built, subproject.build(row, at_subproject))
            decided = None if row[at_decision] is None else decision.build(row, at_decision)
            _REQUEST_DECISION.set_cached_value(built, decided)
            item = found[row[0]] = HouseholdRequest(built)
        if row[at_payment] is None:
            continue  # a line not paid yet, or a request without lines
        item.payment_statuses.append(row[at_status])
        if row[at_status] == PaymentStatus.RETURNED:
            item.returned.append(payment.build(row, at_payment))
    return list(found.values())


def _household_mappings(cursor, household_id: int) -> list:
    """Newest first (as `needs_mappings_of`), each with the services present by name."""
    c = _panel_columns()
    mapping, organisation = c["mapping"], c["organisation"]
    through = NeedsMapping._meta.get_field("services_present")
    quote = connection.ops.quote_name
    cursor.execute(
        f"SELECT {mapping.select('m')}, {organisation.select('o')}"  # noqa: S608 (names)
        f" FROM {_table(NeedsMapping)} m"
        f" LEFT OUTER JOIN {quote(through.m2m_db_table())} x"
        f"  ON x.{quote(through.m2m_column_name())} = m.id"
        f" LEFT OUTER JOIN {_table(Organisation)} o"
        f"  ON o.id = x.{quote(through.m2m_reverse_name())}"
        " WHERE m.household_id = %s"
        " ORDER BY m.mapped_at DESC, m.id DESC, o.name, o.id",
        [household_id],
    )
    found: dict[int, tuple[NeedsMapping, list[Organisation]]] = {}
    for row in cursor.fetchall():
        if row[0] not in found:
            found[row[0]] = (mapping.build(row), [])
        if row[mapping.width] is not None:
            found[row[0]][1].append(organisation.build(row, mapping.width))
    return list(found.values())


def _household_letters(cursor, household_id: int) -> list[MotivationLetter]:
    """Newest first (as `letters_of`), each with its sub-project's name."""
    c = _panel_columns()
    letter, subproject = c["letter"], c["subproject"]
    cursor.execute(
        f"SELECT {letter.select('l')}, {subproject.select('s')}"  # noqa: S608 (names)
        f" FROM {_table(MotivationLetter)} l"
        f" INNER JOIN {_table(SubProject)} s ON s.id = l.subproject_id"
        " WHERE l.household_id = %s ORDER BY l.written_at DESC, l.id DESC",
        [household_id],
    )
    found = []
    for row in cursor.fetchall():
        item = letter.build(row)
        _LETTER_SUBPROJECT.set_cached_value(item, subproject.build(row, letter.width))
        found.append(item)
    return found


@dataclass
class LinePayments:
    """A support line with its payments: the current one (the latest) and the earlier."""

    line: SupportLine
    payments: list[Payment]

    @property
    def current(self) -> Payment | None:
        return self.payments[-1] if self.payments else None

    @property
    def earlier(self) -> list[Payment]:
        return self.payments[:-1]

    @property
    def returned(self) -> bool:
        """The bank sent the line's money back and it has not been paid again."""
        return self.current is not None and self.current.status == PaymentStatus.RETURNED


def _with_payments(lines) -> list[LinePayments]:
    return [
        LinePayments(line, sorted(line.payments.all(), key=lambda payment: payment.pk))
        for line in lines
    ]


def line_payments(*, support_request) -> list[LinePayments]:
    """Each line of a request with its payments, oldest first (two queries)."""
    return _with_payments(
        SupportLine.objects.filter(request=support_request)
        .prefetch_related("payments")
        .order_by("pk")
    )


def returned_lines(decision) -> list[tuple[SupportLine, Payment]]:
    """The decision's lines whose latest payment the bank sent back, with that payment."""
    lines = SupportLine.objects.filter(request_id=decision.request_id).prefetch_related("payments")
    found = []
    for line in lines.order_by("pk"):
        payments = sorted(line.payments.all(), key=lambda payment: payment.pk)
        if payments and payments[-1].status == PaymentStatus.RETURNED:
            found.append((line, payments[-1]))
    return found


def returned_payment_tasks_for(*, user) -> QuerySet[ReturnedPaymentTask]:
    """Open tasks after a returned payout in the user's teams, oldest first."""
    return (
        ReturnedPaymentTask.objects.filter(
            done_at=None, request__subproject_id__in=team_subproject_ids(user=user)
        )
        .select_related("payment", "request__household", "request__subproject", "assigned_to")
        .order_by("opened_at", "id")
    )


def request_queryset() -> QuerySet[SupportRequest]:
    """Requests with what their pages show; unscoped, so callers filter by the user's teams."""
    return (
        SupportRequest.objects.select_related(
            "household", "subproject__agreement__municipality", "proposed_by", "letter"
        )
        .prefetch_related(
            "lines", Prefetch("other_help", OtherHelp.objects.select_related("responsible"))
        )
        .order_by("requested_at", "id")
    )


@dataclass
class AgendaItem:
    """One request on the agenda with what the team needs to decide it: the letter
    (`request.letter`), the latest needs mapping, the household's year, and whether
    approving it in full would wait for a second approver, and for whom."""

    request: SupportRequest
    asked: Decimal
    received_this_year: Decimal
    share_of_remaining: Decimal | None
    related: int = 0
    mapping: NeedsMapping | None = None
    second_reasons: list[str] = field(default_factory=list)
    need: ApprovalNeed | None = None
    # The request's lines and other help, in the order the request's pages show them,
    # and the services present at the mapping (by name, as `mapping.services_present`).
    lines: list[SupportLine] = field(default_factory=list)
    other_help: list[OtherHelp] = field(default_factory=list)
    services_present: list[Organisation] = field(default_factory=list)


class Agenda(list):
    """`agenda_for`'s items, in order. `none_awaiting`: the requests statement found that
    no request of the sub-project awaits a second approver, so the page's list of those
    (`awaiting_second_approval`) is empty without its own statement (False when it could
    not tell: with nothing on the agenda no row came back to say)."""

    none_awaiting: bool = False


_UNREAD = object()


@functools.cache
def _agenda_columns() -> dict[str, Columns]:
    """What the agenda reads of each table (built once: the models must be loaded)."""
    return {
        "request": Columns(
            SupportRequest,
            (
                "id",
                "household_id",
                "subproject_id",
                "letter_id",
                "proposed_by_id",
                "requested_at",
                "status",
            ),
        ),
        # What the agenda shows of the household, the proposer and the letter (the
        # household's year reads its account); a deferred field read later would show as
        # extra queries in the page pin (tests/support/test_meeting_queries.py).
        "household": Columns(Household, ("id", "alias", "municipality_id", "bank_account")),
        "proposer": Columns(User, ("id", "username", "first_name", "last_name")),
        "letter": Columns(MotivationLetter, ("id", "need", "purpose", "commitment")),
        "line": Columns(SupportLine, [f.attname for f in SupportLine._meta.concrete_fields]),
        "help": Columns(OtherHelp, [f.attname for f in OtherHelp._meta.concrete_fields]),
        "mapping": Columns(NeedsMapping, [f.attname for f in NeedsMapping._meta.concrete_fields]),
        "organisation": Columns(
            Organisation, [f.attname for f in Organisation._meta.concrete_fields]
        ),
        # The second-approver list: every field, as select_related read them.
        "decision": Columns(Decision, [f.attname for f in Decision._meta.concrete_fields]),
        "full_request": Columns(
            SupportRequest, [f.attname for f in SupportRequest._meta.concrete_fields]
        ),
        "full_household": Columns(Household, [f.attname for f in Household._meta.concrete_fields]),
        "user": Columns(User, [f.attname for f in User._meta.concrete_fields]),
        "amount": Columns(Decision, ("amount",)),
    }


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _any_of(ids: list[int]) -> tuple[str, list]:
    """`column <this>` is one of `ids`: one array on PostgreSQL, a list elsewhere."""
    if connection.vendor == "postgresql":
        return "= ANY(%s::bigint[])", [ids]
    return f"IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _agenda_requests(subproject) -> tuple[list[SupportRequest], bool | None]:
    """The sub-project's pending requests with their household, proposer and letter, in
    the agenda's order (as `requested_at`, `id`), from one written-out statement; and
    whether any request of the sub-project awaits a second approver (None: no row came
    back to say)."""
    c = _agenda_columns()
    request, household, proposer, letter = c["request"], c["household"], c["proposer"], c["letter"]
    sql = (
        f"SELECT {request.select('r')}, {household.select('h')}, {proposer.select('u')},"  # noqa: S608 (names)
        f" {letter.select('l')},"
        # Asked once per statement (it does not depend on the row): when nothing awaits,
        # the page leaves out the second-approver list's statement (issue 14).
        f" EXISTS (SELECT 1 FROM {_table(SupportRequest)} w"
        " WHERE w.subproject_id = %s AND w.status = %s)"
        f" FROM {_table(SupportRequest)} r"
        f" INNER JOIN {_table(Household)} h ON h.id = r.household_id"
        f" INNER JOIN {_table(User)} u ON u.id = r.proposed_by_id"
        f" INNER JOIN {_table(MotivationLetter)} l ON l.id = r.letter_id"
        " WHERE r.subproject_id = %s AND r.status = %s"
        " ORDER BY r.requested_at, r.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [subproject.pk, RequestStatus.AWAITING_SECOND, subproject.pk, RequestStatus.PENDING],
        )
        rows = cursor.fetchall()
    at_household = request.width
    at_proposer = at_household + household.width
    at_letter = at_proposer + proposer.width
    at_awaiting = at_letter + letter.width
    found = []
    for row in rows:
        item = request.build(row)
        # The related objects straight into the request's cache, as select_related does.
        _HOUSEHOLD.set_cached_value(item, household.build(row, at_household))
        _PROPOSER.set_cached_value(item, proposer.build(row, at_proposer))
        _LETTER.set_cached_value(item, letter.build(row, at_letter))
        # Every request here is the sub-project's: one object for all of them instead of
        # a sub-project, agreement and municipality built for each row.
        _SUBPROJECT.set_cached_value(item, subproject)
        found.append(item)
    # SQLite answers EXISTS with 0 or 1.
    return found, bool(rows[0][at_awaiting]) if rows else None


_HOUSEHOLD = SupportRequest._meta.get_field("household")
_PROPOSER = SupportRequest._meta.get_field("proposed_by")
_LETTER = SupportRequest._meta.get_field("letter")
_SUBPROJECT = SupportRequest._meta.get_field("subproject")
_RESPONSIBLE = OtherHelp._meta.get_field("responsible")


def _agenda_lines_and_help(ids: list[int]) -> tuple[dict, dict]:
    """{request id: its lines by id}, {request id: its other help by due date, with the
    organisation responsible}: two written-out statements."""
    c = _agenda_columns()
    line, help_, organisation = c["line"], c["help"], c["organisation"]
    where, params = _any_of(ids)
    lines = defaultdict(list)
    helps = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {line.select('s')} FROM {_table(SupportLine)} s"  # noqa: S608 (names)
            f" WHERE s.request_id {where} ORDER BY s.request_id, s.id",
            params,
        )
        for row in cursor.fetchall():
            built = line.build(row)
            lines[built.request_id].append(built)
        cursor.execute(
            f"SELECT {help_.select('o')}, {organisation.select('g')}"  # noqa: S608 (names)
            f" FROM {_table(OtherHelp)} o"
            f" INNER JOIN {_table(Organisation)} g ON g.id = o.responsible_id"
            f" WHERE o.request_id {where} ORDER BY o.due_on, o.id",
            params,
        )
        for row in cursor.fetchall():
            built = help_.build(row)
            _RESPONSIBLE.set_cached_value(built, organisation.build(row, help_.width))
            helps[built.request_id].append(built)
    return lines, helps


def _agenda_mappings(household_ids: list[int], subproject) -> dict:
    """{household id: (its latest needs mapping in the sub-project, the services present
    at it by name)}: one written-out statement, a row per mapping and service."""
    c = _agenda_columns()
    mapping, organisation = c["mapping"], c["organisation"]
    where, params = _any_of(household_ids)
    through = NeedsMapping._meta.get_field("services_present").remote_field.through
    sql = (
        f"SELECT {mapping.select('m')}, {organisation.select('g')}"  # noqa: S608 (names)
        f" FROM {_table(NeedsMapping)} m"
        f" LEFT JOIN {_table(through)} t ON t.needsmapping_id = m.id"
        f" LEFT JOIN {_table(Organisation)} g ON g.id = t.organisation_id"
        f" WHERE m.household_id {where} AND m.subproject_id = %s"
        " ORDER BY m.household_id, m.mapped_at DESC, m.id DESC, g.name, g.id"
    )
    found: dict[int, tuple] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, subproject.pk])
        rows = cursor.fetchall()
    at_household, at_id = mapping.position("household_id"), mapping.position("id")
    for row in rows:
        latest = found.get(row[at_household])
        if latest is None:
            latest = found[row[at_household]] = (mapping.build(row), [])
        elif latest[0].pk != row[at_id]:
            continue  # an older mapping of the household
        if row[mapping.width] is not None:
            latest[1].append(organisation.build(row, mapping.width))
    return found


def agenda_for(*, subproject, pot: PotContext, user=None, authority=_UNREAD) -> Agenda:
    """Pending requests with all the meeting needs, in a constant number of queries.

    With `user` (the one who would confirm the meeting), each item says whether approving
    what was asked would need a second approver under their own authority, and who could
    confirm it then. `authority`: the user's, from `authority_of`, if the caller has read
    it already (None is an answer: no authority to decide alone).

    The agenda's own reads (the requests with household, proposer and letter; the lines;
    the other help; the needs mappings with the services present) are written-out
    statements turned into models as the ORM would (core.rows): the ORM took about four
    times as long to build them as to read them (issue 14).
    """
    requests, any_awaiting = _agenda_requests(subproject)
    lines: dict = defaultdict(list)
    helps: dict = defaultdict(list)
    households = sorted({r.household_id for r in requests})
    mappings: dict = {}
    if requests:
        lines, helps = _agenda_lines_and_help([request.pk for request in requests])
        mappings = _agenda_mappings(households, subproject)
    years = household_year(household_ids=set(households))
    if not user:
        authority = None
    elif authority is _UNREAD:
        authority = funding_selectors.authority_limit_for(user=user, subproject=subproject)
    none = HouseholdYear(received=ZERO, related=0)
    unmapped = (None, [])
    items = Agenda()
    items.none_awaiting = any_awaiting is False
    for request in requests:
        asked = sum((line.amount for line in lines[request.pk]), start=ZERO)
        year = years.get(request.household_id, none)
        mapping, services_present = mappings.get(request.household_id, unmapped)
        items.append(
            AgendaItem(
                request=request,
                asked=asked,
                received_this_year=year.received,
                share_of_remaining=pot.share_of_remaining(asked),
                related=year.related,
                mapping=mapping,
                services_present=services_present,
                lines=lines[request.pk],
                other_help=helps[request.pk],
                second_reasons=second_approval_reasons(
                    user_id=user.pk,
                    proposed_by_id=request.proposed_by_id,
                    authority=authority,
                    amount=asked,
                    received=year.received,
                )
                if user
                else [],
            )
        )
    waiting = [item for item in items if item.second_reasons]
    needs = needs_for(
        proposals=[
            Proposal(
                key=item.request.pk, request=item.request, amount=item.asked, decided_by_id=user.pk
            )
            for item in waiting
        ],
        received={pk: year.received for pk, year in years.items()},
    )
    for item in waiting:
        item.need = needs[item.request.pk]
    return items


def authority_of(*, user, subproject):
    """The user's own delegated authority in the sub-project (None: none to decide alone)."""
    return funding_selectors.authority_limit_for(user=user, subproject=subproject)


def pot_and_authority(*, user, subproject):
    """`pot_context` and `authority_of`, the budget and the authority read in one statement
    (funding.selectors.budget_and_authority)."""
    budget, authority = funding_selectors.budget_and_authority(subproject=subproject, user=user)
    return pot_context(subproject=subproject, budget=budget), authority


def awaiting_second_approval(*, user, subproject, agenda: Agenda | None = None) -> list[Decision]:
    """The team's decisions waiting for a second approver, each with `need`: who may
    confirm it (see support.limits.approval_needs). A constant number of queries: one
    when nothing waits (the user's team seats are a subquery of it, issue 14), none when
    the sub-project's `agenda` (from `agenda_for`) already found that nothing waits.

    One written-out statement (core.rows) for the decisions with their request, household,
    proposer and first approver: the ORM took about 3 ms to build it for the meeting
    page, which mostly finds nothing waiting."""
    if agenda is not None and agenda.none_awaiting:
        return []
    seats = team_subproject_seats(user=user)
    if seats is None:
        return []
    c = _agenda_columns()
    decision, request, household = c["decision"], c["full_request"], c["full_household"]
    user_columns = c["user"]
    seats_sql, seats_params = seats.query.get_compiler(connection=connection).as_sql()
    sql = (
        f"SELECT {decision.select('d')}, {request.select('r')}, {household.select('h')},"  # noqa: S608 (names)
        f" {user_columns.select('p')}, {user_columns.select('u')}"
        f" FROM {_table(Decision)} d"
        f" INNER JOIN {_table(SupportRequest)} r ON r.id = d.request_id"
        f" INNER JOIN {_table(Household)} h ON h.id = r.household_id"
        f" INNER JOIN {_table(User)} p ON p.id = r.proposed_by_id"
        f" INNER JOIN {_table(User)} u ON u.id = d.decided_by_id"
        " WHERE r.subproject_id = %s AND r.status = %s"
        f" AND r.subproject_id IN ({seats_sql})"
        " ORDER BY d.recorded_at"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [subproject.pk, RequestStatus.AWAITING_SECOND, *seats_params])
        rows = cursor.fetchall()
    at_household = decision.width + request.width
    at_proposer = at_household + household.width
    at_decider = at_proposer + user_columns.width
    waiting = []
    for row in rows:
        built = decision.build(row)
        asked = request.build(row, decision.width)
        _REQUEST.set_cached_value(built, asked)
        _REQUEST.remote_field.set_cached_value(asked, built)
        _HOUSEHOLD.set_cached_value(asked, household.build(row, at_household))
        _PROPOSER.set_cached_value(asked, user_columns.build(row, at_proposer))
        # All of them are the caller's sub-project (with its agreement): not joined and
        # built again for each decision.
        _SUBPROJECT.set_cached_value(asked, subproject)
        _DECIDED_BY.set_cached_value(built, user_columns.build(row, at_decider))
        waiting.append(built)
    needs = approval_needs(decisions=waiting)
    for item in waiting:
        item.need = needs[item.pk]
    return waiting


_REQUEST = Decision._meta.get_field("request")
_DECIDED_BY = Decision._meta.get_field("decided_by")


def escalated_decisions(*, user) -> list[Decision]:
    """Decisions of the user's municipality waiting for the economy: nobody on the team
    holds authority that covers them. Empty for anyone but the economist or administrator.

    The list carries no household: the economy decides on amounts, never on who.
    """
    if not user.is_authenticated or not manages_municipality(user, user.municipality_id):
        return []
    waiting = list(
        Decision.objects.filter(
            request__status=RequestStatus.AWAITING_SECOND,
            request__subproject__agreement__municipality_id=user.municipality_id,
        )
        .select_related("request__subproject__agreement", "decided_by")
        .order_by("recorded_at", "pk")
    )
    needs = approval_needs(decisions=waiting)
    escalated = []
    for decision in waiting:
        decision.need = needs[decision.pk]
        if decision.need.level in (Level.ECONOMY, Level.NOBODY):
            escalated.append(decision)
    return escalated


def payments_of(*, support_request) -> list[Payment]:
    """The payments of a request the caller already opened through support.access."""
    return list(Payment.objects.filter(support_line__request=support_request).order_by("pk"))


def open_tasks_for(*, user) -> QuerySet[OtherHelp]:
    """Help the user's teams have agreed and a service must carry out."""
    return (
        OtherHelp.objects.filter(
            status=TaskStatus.OPEN, request__subproject_id__in=team_subproject_ids(user=user)
        )
        .select_related("responsible", "request__household", "request__subproject")
        .order_by("due_on", "id")
    )


@dataclass
class TimeToHelp:
    """Days from the first needs mapping to the decision and to the payment file, per year.

    Counts, no names: safe for the economist and for reports to the state.
    """

    decided: int
    median_days_to_decision: Decimal | None
    median_days_to_payment: Decimal | None


def _median(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    values = sorted(values)
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return (values[middle - 1] + values[middle]) / 2


def time_to_help(*, subproject, year: int | None = None) -> TimeToHelp:
    """Three queries whatever the number of decisions."""
    year = year or timezone.localdate().year
    first_mapping = (
        NeedsMapping.objects.filter(household=OuterRef("request__household"))
        .order_by()
        .values("household")
        .annotate(first=Min("mapped_at"))
        .values("first")
    )
    decisions = list(
        Decision.objects.filter(request__subproject=subproject, decided_at__year=year)
        .annotate(first_mapped=Subquery(first_mapping))
        .values("request_id", "decided_at", "first_mapped", "request__requested_at")
    )
    exported = dict(
        Payment.objects.filter(support_line__request_id__in=[d["request_id"] for d in decisions])
        .exclude(exported_at=None)
        .values("support_line__request_id")
        .annotate(first=Min("exported_at"))
        .values_list("support_line__request_id", "first")
    )
    day = Decimal(86400)
    to_decision, to_payment = [], []
    for row in decisions:
        start = row["first_mapped"] or row["request__requested_at"]
        to_decision.append(Decimal((row["decided_at"] - start).total_seconds()) / day)
        if row["request_id"] in exported:
            to_payment.append(Decimal((exported[row["request_id"]] - start).total_seconds()) / day)
    rounded = lambda value: None if value is None else value.quantize(Decimal("0.1"))  # noqa: E731
    return TimeToHelp(
        decided=len(decisions),
        median_days_to_decision=rounded(_median(to_decision)),
        median_days_to_payment=rounded(_median(to_payment)),
    )


def decision_by_reference(*, user, reference: str) -> Decision | None:
    """The approved decision of the user's municipality that `reference` names: its
    request's number ("123" or "#123", as the ledger and the lists show it) or the
    end-to-end id of one of its payments, as a bank statement shows it. None when nothing
    matches or the user is not the economy."""
    if not manages_municipality(user, user.municipality_id):
        return None
    reference = (reference or "").strip().lstrip("#").strip()
    if not reference or len(reference) > 35:
        return None
    decisions = Decision.objects.filter(
        request__subproject__agreement__municipality_id=user.municipality_id,
        decided_at__isnull=False,
    )
    if is_digits(reference) and len(reference) <= 18:
        return decisions.filter(request_id=int(reference)).first()
    payment = (
        Payment.objects.filter(municipality_id=user.municipality_id, end_to_end_id=reference)
        .values_list("support_line__request_id", flat=True)
        .first()
    )
    return decisions.filter(request_id=payment).first() if payment else None


def repayments_of_municipality(*, user) -> QuerySet[Repayment]:
    """Repayments recorded in the user's municipality, newest first; none unless the user
    is its economy. Amounts and sub-projects only: the economy never sees the household."""
    if not manages_municipality(user, user.municipality_id):
        return Repayment.objects.none()
    return (
        Repayment.objects.filter(
            decision__request__subproject__agreement__municipality_id=user.municipality_id
        )
        .select_related("decision__request__subproject", "recorded_by")
        .order_by("-received_on", "-pk")
    )


def languages_of_letter_link(*, token: str) -> tuple[str, ...]:
    """The letter's language, then its household members', for the letter a genuine link names.

    The letter is written in the language the family chose; the members' own languages
    come next (adults before children) for a letter written in one Samskap has no pages
    in. Expired links count too, so "this link has expired" reaches the family in their
    language; a forged link names nobody and gets ().
    """
    letter_id = letter_id_of_any_age(token)
    if letter_id is None:
        return ()
    letter = MotivationLetter.objects.filter(pk=letter_id).only("language", "household_id").first()
    if letter is None:
        return ()
    return (letter.language, *household_languages(household_id=letter.household_id))


# How many of each kind the start page lists; the pages behind the links list them all.
WAITING_LIMIT = 20
# Help tasks due within this many days (or overdue) are "due".
DUE_WITHIN_DAYS = 7


@dataclass
class WaitingForYou:
    """What waits for the user on their start page, each item linking to where to act.

    Team work (confirmations, returned payments, help tasks, letters) comes only from the
    user's team seats; the economy sees escalated decisions and returned payments of its
    municipality without households. Each list holds at most WAITING_LIMIT items.
    """

    confirmations: list[Decision] = field(default_factory=list)
    escalated: list[Decision] = field(default_factory=list)
    returned_tasks: list[ReturnedPaymentTask] = field(default_factory=list)
    returned_payments: list[Payment] = field(default_factory=list)
    tasks_due: list[OtherHelp] = field(default_factory=list)
    letters: list[MotivationLetter] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.confirmations,
                self.escalated,
                self.returned_tasks,
                self.returned_payments,
                self.tasks_due,
                self.letters,
            )
        )

    @property
    def household_ids(self) -> set[int]:
        """Households named on the page, for the access log."""
        requests = [d.request for d in self.confirmations]
        requests += [t.request for t in self.returned_tasks]
        requests += [t.request for t in self.tasks_due]
        return {r.household_id for r in requests} | {x.household_id for x in self.letters}


def _confirmations_for(user, team_ids: set[int]) -> list[Decision]:
    """Waiting decisions of the user's teams that this user may confirm (their own
    authority covers them; not their proposal nor their first decision)."""
    waiting = list(
        Decision.objects.filter(
            request__status=RequestStatus.AWAITING_SECOND, request__subproject_id__in=team_ids
        )
        .exclude(decided_by=user)
        .exclude(request__proposed_by=user)
        .select_related("request__household", "request__subproject__agreement", "decided_by")
        .order_by("recorded_at", "pk")
    )
    needs = approval_needs(decisions=waiting)
    mine = []
    for decision in waiting:
        decision.need = needs[decision.pk]
        if decision.need.level in (Level.TEAM, Level.LEAD) and decision.need.may_confirm(user):
            mine.append(decision)
    return mine[:WAITING_LIMIT]


def waiting_for(*, user, today=None) -> WaitingForYou:
    """Everything waiting for `user`, scoped by what they may see; a constant number of
    queries whatever the number of items (and three per sub-project with waiting
    decisions, for who may confirm them)."""
    waiting = WaitingForYou()
    if user is None or not user.is_authenticated or user.is_state_viewer:
        return waiting
    today = today or timezone.localdate()
    team_ids = team_subproject_ids(user=user)
    if team_ids:
        waiting.confirmations = _confirmations_for(user, team_ids)
        waiting.returned_tasks = list(returned_payment_tasks_for(user=user)[:WAITING_LIMIT])
        waiting.tasks_due = list(
            open_tasks_for(user=user).filter(due_on__lte=today + timedelta(days=DUE_WITHIN_DAYS))[
                :WAITING_LIMIT
            ]
        )
        waiting.letters = list(
            MotivationLetter.objects.filter(
                confirmed_at=None,
                superseded_at=None,
                written_by=user,
                subproject_id__in=team_ids,
            )
            .select_related("household", "subproject")
            .order_by("written_at", "pk")[:WAITING_LIMIT]
        )
    if manages_municipality(user, user.municipality_id):
        waiting.escalated = escalated_decisions(user=user)[:WAITING_LIMIT]
        waiting.returned_payments = list(
            Payment.objects.filter(
                status=PaymentStatus.RETURNED,
                subproject__agreement__municipality_id=user.municipality_id,
                returned_task__done_at__isnull=True,
            )
            .select_related("subproject")
            .order_by("returned_at", "pk")[:WAITING_LIMIT]
        )
    return waiting
