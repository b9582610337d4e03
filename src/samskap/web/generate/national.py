"""`samskap generate --scale national`: 356 municipalities, 250,000 households and
2,000,000 decided supports with their commitments and bank payments, on PostgreSQL.

Streamed one municipality at a time, each in its own transaction, so memory stays flat
whatever the scale. What is few goes through the services one call at a time (the
municipality, its staff, agreement, receipts, limits, eight sub-projects with their teams
and allocations), and so does the municipality's first family: household, confirmed
letter, request and a meeting that decides it (`meeting_hold`). That family is the
template: every other row of the municipality is written with PostgreSQL COPY as a copy
of the template's rows (every column the services wrote), with only what differs changed
and each value that differs checked by the validator the services use
(`clean_bank_account`, `parse_amount`, the blank-text check, the birth-year range).
Commitments are split over the schemes' budgets with the ledger's own `split`, against
balances read under the same account locks in the same order as a meeting takes them;
the database's ledger triggers keep every balance and check every transaction's zero
sum, and each municipality is checked to sum to zero per scheme before it commits.
What the bulk rows do not get: an audit record per row (one per municipality instead)
and the access log.

Deterministic per seed: each municipality draws from its own generator seeded by the
seed and its number, so the same seed gives the same families, amounts, outcomes and
end-to-end ids (database ids and timestamps aside). `fraction` runs the same code path
with fewer municipalities and households (tests use it).
"""

import random
import time
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from samskap.accounts import services as accounts_services
from samskap.accounts.models import OrganisationKind, Role
from samskap.core import blank_text
from samskap.core.errors import DomainError
from samskap.core.models import Municipality
from samskap.core.money import parse_amount
from samskap.funding import guards, ledger
from samskap.funding import selectors as funding_selectors
from samskap.funding import services as funding_services
from samskap.funding.models import (
    AccountKind,
    Direction,
    GrantScheme,
    LedgerTransaction,
    Leg,
)
from samskap.payments.models import Payment
from samskap.people.models import Enrolment, Household, Member
from samskap.people.services import MemberInput, household_create
from samskap.people.validation import clean_bank_account
from samskap.subprojects import services as subproject_services
from samskap.subprojects.models import TeamRole
from samskap.support import services as support_services
from samskap.support.keys import commitment_key
from samskap.support.models import (
    Decision,
    Meeting,
    MotivationLetter,
    Outcome,
    RequestStatus,
    SupportLine,
    SupportRequest,
)
from samskap.web.demo.foundation import demo_period
from samskap.web.demo.froya import _confirm_ethics
from samskap.web.generate.letters import confirmed_letter


@dataclass(frozen=True)
class National:
    municipalities: int = 356
    subprojects: int = 8  # per municipality
    households: int = 250_000  # in all
    supports_per_household: int = 8  # 2,000,000 in all
    meeting_size: int = 50
    declined: float = 0.1  # share of requests the teams decline


MEETINGS_PER_TRANSACTION = 20
AMOUNTS = ["750.00", "1200.50", "2500.00", "4000.00", "650.00", "3200.00"]
FIRST_NUMBER = 6000  # municipality numbers 6000–6355: not a real one of today's


def _account_number(rng: random.Random) -> str:
    weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    while True:
        base = f"{rng.randrange(1000, 9999)}{rng.randrange(0, 10**6):06d}"
        check = 11 - sum(int(d) * w for d, w in zip(base, weights, strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return f"{base}{check}"


def sizes(fraction: float) -> National:
    full = National()
    municipalities = max(1, round(full.municipalities * fraction))
    households = max(municipalities, round(full.households * fraction))
    return National(municipalities=municipalities, households=households)


ID_BLOCK = 5000
_spare: dict[str, list[int]] = {}


def _ids(table: str, count: int) -> list[int]:
    """`count` new primary keys from the table's own sequence, taken a block at a time
    (what is left of a block is a gap, as a rolled-back insert leaves one)."""
    spare = _spare.setdefault(table, [])
    if len(spare) < count:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))"  # noqa: S608
                " FROM generate_series(1, %s)",
                [max(count - len(spare), ID_BLOCK)],
            )
            spare.extend(row[0] for row in cursor.fetchall())
    taken, spare[:] = spare[:count], spare[count:]
    return taken


def _template(model, pk) -> dict:
    """Every column of a row the services wrote, by attribute name."""
    names = [field.attname for field in model._meta.concrete_fields]
    return model.objects.filter(pk=pk).values(*names).get()


def _copy(model, template: dict, rows) -> int:
    """COPY rows into the model's table: each row is the template with its changes."""
    fields = model._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    names = [field.attname for field in fields]
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(  # psycopg's own cursor
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
        ) as copy,
    ):
        for changes in rows:
            row = {**template, **changes}
            copy.write_row([row[name] for name in names])
            count += 1
    return count


def _checked_text(model, template: dict, changes: dict) -> None:
    """The blank-text check the services' saves run, on one row of a shape."""
    blank_text.check_text_fields(model(**{**template, **changes}))


class Builder:
    def __init__(self, *, seed: int, size: National, schemes, progress):
        self.seed, self.size, self.progress = seed, size, progress
        self.scheme = schemes[0]
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.made = {
            "municipalities": 0,
            "households": 0,
            "requests": 0,
            "decisions": 0,
            "commitments": 0,
            "payments": 0,
            "rows_copied": 0,
        }

    def households_of(self, index: int) -> int:
        per, extra = divmod(self.size.households, self.size.municipalities)
        return per + (1 if index < extra else 0)

    # -- one municipality ---------------------------------------------------------------

    def municipality(self, index: int) -> None:
        rng = random.Random(f"{self.seed}:{index}")  # noqa: S311 - synthetic, by seed
        size = self.size
        count = self.households_of(index)
        # Plan the families first: sub-project, account, birth year, each request's amount
        # and outcome; the allocations and receipts are then exactly what they need.
        plan = []
        for number in range(count):
            requests = []
            for _ in range(size.supports_per_household):
                amount = parse_amount(rng.choice(AMOUNTS), field="amount")
                approved = (number == 0 and not requests) or rng.random() >= size.declined
                requests.append((amount, approved, f"{rng.getrandbits(32):08X}"))
            plan.append(
                (
                    number % size.subprojects,
                    clean_bank_account(_account_number(rng)),
                    rng.randrange(1990, 2008),
                    requests,
                )
            )
        needs = [Decimal("0.00")] * size.subprojects
        for subproject_index, _account, _year, requests in plan:
            for amount, approved, _e2e in requests:
                if approved:
                    needs[subproject_index] += amount
        with transaction.atomic():
            setup = self._setup(index, needs)
            self._template_family(setup, plan[0])
            agenda = self._families(setup, plan)
        # The decisions a few meetings at a time, each group in its own transaction, as
        # meetings commit: a transaction that moves one account's balance thousands of
        # times slows down with every move (the row's versions pile up until it commits).
        for s, items in agenda.items():
            step = self.size.meeting_size * MEETINGS_PER_TRANSACTION
            for start in range(0, len(items), step):
                with transaction.atomic():
                    self._meetings(setup, setup["subprojects"][s], items[start : start + step])
        self.made["municipalities"] += 1

    def _setup(self, index: int, needs: list[Decimal]) -> dict:
        number = f"{FIRST_NUMBER + index:04d}"
        municipality = accounts_services.municipality_create(
            acting_user=None, name=f"Generert kommune {number}", number=number
        )
        nav = accounts_services.organisation_create(
            acting_user=None, municipality=municipality, name="NAV", kind=OrganisationKind.NAV
        )
        users = {
            key: accounts_services.user_create(
                acting_user=None,
                username=f"gen{number}.{key}",
                role=role,
                municipality=municipality,
                organisation=nav,
                first_name=first,
                last_name=f"Generert {number}",
            )
            for key, role, first in (
                ("okonom", Role.ECONOMIST, "Økonom"),
                ("leder", Role.UNIT_LEAD, "Leder"),
                ("kontakt", Role.CONTACT_PERSON, "Kontakt"),
            )
        }
        _confirm_ethics(users)
        economist = users["okonom"]
        total = sum(needs, Decimal("0.00"))
        starts_on, ends_on = demo_period(self.today)
        agreement = funding_services.agreement_create(
            acting_user=economist,
            municipality=municipality,
            name=f"Programfinansiering 0–24, {number}",
            reference=f"0-24-{number}",
            starts_on=starts_on,
            ends_on=ends_on,
            yearly_amounts={
                self.scheme: {year: total for year in range(starts_on.year, ends_on.year + 1)}
            },
        )
        funding_services.grant_receipt_create(
            acting_user=economist,
            agreement=agreement,
            scheme=self.scheme,
            received_on=self.today,
            amount=total,
            reference=f"GEN-{number}-{self.today.year}",
        )
        for team_role in TeamRole.values:
            funding_services.authority_limit_set(
                acting_user=economist,
                municipality=municipality,
                team_role=team_role,
                max_per_decision="10000",
                max_per_household_per_year="100000",
            )
        year = funding_selectors.budget_year(agreement=agreement)
        subprojects = []
        for position, need in enumerate(needs):
            subproject = subproject_services.subproject_create(
                acting_user=economist,
                agreement=agreement,
                name=f"Delprosjekt {position + 1}",
                summary="Generert delprosjekt.",
                target_group="Unge 0–24 år",
                age_from=0,
                age_to=24,
            )
            for key, team_role in (("leder", TeamRole.LEAD), ("kontakt", TeamRole.CONTACT_PERSON)):
                subproject_services.team_member_add(
                    acting_user=None, subproject=subproject, user=users[key], team_role=team_role
                )
            if need > 0:
                funding_services.allocation_create(
                    acting_user=economist,
                    subproject=subproject,
                    year=year,
                    amount=need,
                    reason="Fordeling etter budsjettmøtet",
                )
            subprojects.append(subproject)
        return {
            "number": number,
            "municipality": municipality,
            "nav": nav,
            "users": users,
            "agreement": agreement,
            "subprojects": subprojects,
            "year": year,
        }

    def _template_family(self, setup: dict, family) -> None:
        """The municipality's first family through the services: household, confirmed
        letter, request and the meeting that approves it. Its rows are the template."""
        subproject_index, account, birth_year, requests = family
        subproject = setup["subprojects"][subproject_index]
        contact = setup["users"]["kontakt"]
        household = household_create(
            acting_user=contact,
            subproject=subproject,
            alias=f"Familie {setup['number']}-0",
            bank_account=account,
            confirm_duplicate=True,
            first_member=MemberInput(
                name="Syntetisk Person",
                role="young_person",
                birth_year=birth_year,
                preferred_language="nb",
            ),
        )
        letter = confirmed_letter(proposer=contact, household=household, subproject=subproject)
        amount, _approved, _e2e = requests[0]
        request = support_services.support_request_create(
            acting_user=contact,
            letter=letter,
            lines=[
                support_services.LineInput(form="cash", description="Kjøretimer", amount=amount)
            ],
        )
        result = support_services.meeting_hold(
            acting_user=setup["users"]["leder"],
            subproject=subproject,
            services_present=[setup["nav"]],
            decisions=[
                support_services.DecisionInput(
                    request_id=request.pk, outcome="approved", rationale="Generert vedtak"
                )
            ],
            idempotency_key=f"gen-{setup['number']}-0",
        )
        (decision,) = result.decisions
        if decision.needs_second_approval or decision.decided_at is None:
            raise DomainError("The generated template decision was not final.")
        line = SupportLine.objects.get(request=request)
        payment = Payment.objects.get(support_line=line)
        # The service draws the end-to-end id's tail at random; the seed's draw instead,
        # so the same seed gives the same ids (the shape is the service's).
        payment.end_to_end_id = f"SAMSKAP-{line.pk}-{requests[0][2]}"
        Payment.objects.filter(pk=payment.pk).update(end_to_end_id=payment.end_to_end_id)
        commitment = LedgerTransaction.objects.get(idempotency_key=commitment_key(decision))
        setup["template"] = {
            "household": _template(Household, household.pk),
            "member": _template(Member, household.members.get().pk),
            "enrolment": _template(Enrolment, household.enrolments.get().pk),
            "letter": _template(MotivationLetter, letter.pk),
            "request": _template(SupportRequest, request.pk),
            "line": _template(SupportLine, line.pk),
            "meeting": _template(Meeting, result.meeting.pk),
            "decision": _template(Decision, decision.pk),
            "payment": _template(Payment, payment.pk),
            "commitment": _template(LedgerTransaction, commitment.pk),
            "household_pk": household.pk,
            "letter_pk": letter.pk,
        }
        self.made["households"] += 1
        self.made["requests"] += 1
        self.made["decisions"] += 1
        self.made["commitments"] += 1
        self.made["payments"] += 1
        self.progress.step(1)

    def _families(self, setup: dict, plan: list) -> dict[int, list]:
        """The rest of the municipality's families (household, member, enrolment, confirmed
        letter) with COPY, as copies of the template's rows; returns each sub-project's
        requests still to decide."""
        t = setup["template"]
        subprojects = setup["subprojects"]
        number = setup["number"]
        # One shape per kind of row: the blank-text check of the services' saves, once.
        _checked_text(Household, t["household"], {"alias": f"Familie {number}-1"})
        _checked_text(SupportLine, t["line"], {})
        _checked_text(Decision, t["decision"], {"outcome": Outcome.DECLINED})
        families = plan[1:]
        household_ids = _ids(Household._meta.db_table, len(families))
        letter_ids = _ids(MotivationLetter._meta.db_table, len(families))
        copied = 0
        copied += _copy(
            Household,
            t["household"],
            (
                {"id": pk, "alias": f"Familie {number}-{n}", "bank_account": account}
                for n, (pk, (_s, account, _y, _r)) in enumerate(
                    zip(household_ids, families, strict=True), start=1
                )
            ),
        )
        member_ids = _ids(Member._meta.db_table, len(families))
        copied += _copy(
            Member,
            t["member"],
            (
                {"id": pk, "household_id": household, "birth_year": year}
                for pk, household, (_s, _a, year, _r) in zip(
                    member_ids, household_ids, families, strict=True
                )
            ),
        )
        enrolment_ids = _ids(Enrolment._meta.db_table, len(families))
        copied += _copy(
            Enrolment,
            t["enrolment"],
            (
                {"id": pk, "household_id": household, "subproject_id": subprojects[s].pk}
                for pk, household, (s, _a, _y, _r) in zip(
                    enrolment_ids, household_ids, families, strict=True
                )
            ),
        )
        copied += _copy(
            MotivationLetter,
            t["letter"],
            (
                {"id": pk, "household_id": household, "subproject_id": subprojects[s].pk}
                for pk, household, (s, _a, _y, _r) in zip(
                    letter_ids, household_ids, families, strict=True
                )
            ),
        )
        # Every request still to decide: the template family's other requests, then the
        # others' own; grouped per sub-project into meetings of `meeting_size`, all of the
        # municipality's rows of a kind in one COPY.
        agenda: dict[int, list] = {s: [] for s in range(len(subprojects))}
        first_s, first_account, _y, first_requests = plan[0]
        first_alias = t["household"]["alias"]
        for amount, approved, e2e in first_requests[1:]:
            agenda[first_s].append(
                (
                    t["household_pk"],
                    t["letter_pk"],
                    first_account,
                    first_alias,
                    amount,
                    approved,
                    e2e,
                )
            )
        for n, (household, letter, (s, account, _y, requests)) in enumerate(
            zip(household_ids, letter_ids, families, strict=True), start=1
        ):
            for amount, approved, e2e in requests:
                agenda[s].append(
                    (household, letter, account, f"Familie {number}-{n}", amount, approved, e2e)
                )
        self.made["households"] += len(families)
        self.made["rows_copied"] += copied
        return agenda

    def _meetings(self, setup: dict, subproject, items: list) -> None:
        """Meetings of `meeting_size` deciding these requests of one sub-project, written
        with one COPY per table, then checked to sum to zero."""
        t = setup["template"]
        templates = {
            Meeting: t["meeting"],
            SupportRequest: t["request"],
            SupportLine: t["line"],
            Decision: t["decision"],
            LedgerTransaction: t["commitment"],
            Leg: {},
            Payment: t["payment"],
        }
        rows = {model: [] for model in templates}
        state = self._ledger_state(setup, subproject)
        for start in range(0, len(items), self.size.meeting_size):
            self._meeting(
                setup, subproject, items[start : start + self.size.meeting_size], rows, state
            )
        copied = 0
        for model, chunk in rows.items():
            copied += _copy(model, templates[model], chunk)
        present = Meeting.services_present.through
        copied += _copy(
            present,
            {"organisation_id": setup["nav"].pk},
            (
                {"id": pk, "meeting_id": row["id"]}
                for pk, row in zip(
                    _ids(present._meta.db_table, len(rows[Meeting])), rows[Meeting], strict=True
                )
            ),
        )
        self._zero_sum([row["id"] for row in rows[LedgerTransaction]])
        self.made["rows_copied"] += copied

    def _ledger_state(self, setup: dict, subproject) -> tuple:
        """The sub-project's accounts locked as a meeting locks them (primary-key order),
        its budgets with their balances and the committed account of each scheme."""
        budgets = guards.budget_accounts(subproject, setup["year"])
        committed = {
            budget.scheme_id: ledger.account(
                agreement=setup["agreement"],
                kind=AccountKind.COMMITTED,
                scheme=budget.scheme,
                subproject=subproject,
                year=setup["year"],
            )
            for budget in budgets
        }
        return budgets, committed

    def _meeting(self, setup: dict, subproject, items: list, rows: dict, state: tuple) -> None:
        """One meeting's rows: requests, lines, the meeting, decisions, and for the
        approved ones the commitment (budget -> committed, split over the schemes' budgets
        as `money_commit` splits, refused as it refuses when the budget cannot cover it)
        and the bank payment, as `payee_of` and `payment_instruct` make it."""
        budgets, committed = state
        n = len(items)
        meeting_id = _ids(Meeting._meta.db_table, 1)[0]
        request_ids = _ids(SupportRequest._meta.db_table, n)
        line_ids = _ids(SupportLine._meta.db_table, n)
        decision_ids = _ids(Decision._meta.db_table, n)
        approved = [i for i, item in enumerate(items) if item[5]]
        txn_ids = _ids(LedgerTransaction._meta.db_table, len(approved))
        payment_ids = _ids(Payment._meta.db_table, len(approved))
        rows[Meeting].append(
            {
                "id": meeting_id,
                "subproject_id": subproject.pk,
                "idempotency_key": f"gen-{setup['number']}-{meeting_id}",
            }
        )
        for i, (household, letter, _account, _alias, amount, ok, _e2e) in enumerate(items):
            rows[SupportRequest].append(
                {
                    "id": request_ids[i],
                    "household_id": household,
                    "letter_id": letter,
                    "subproject_id": subproject.pk,
                    "status": RequestStatus.APPROVED if ok else RequestStatus.DECLINED,
                }
            )
            rows[SupportLine].append(
                {
                    "id": line_ids[i],
                    "request_id": request_ids[i],
                    "amount": amount,
                    "approved_amount": amount if ok else None,
                }
            )
            rows[Decision].append(
                {
                    "id": decision_ids[i],
                    "request_id": request_ids[i],
                    "meeting_id": meeting_id,
                    "outcome": Outcome.APPROVED if ok else Outcome.DECLINED,
                    "amount": amount if ok else Decimal("0.00"),
                }
            )
        leg_rows = []
        for txn, payment_id, i in zip(txn_ids, payment_ids, approved, strict=True):
            _household, _letter, account, alias, amount, _ok, e2e = items[i]
            left = sum((budget.balance for budget in budgets), Decimal("0.00"))
            if amount > left:
                raise guards.not_enough_in_budget(left)
            key = f"support-decision:{decision_ids[i]}:commit"
            for budget, part in ledger.split(amount, {b: b.balance for b in budgets}).items():
                budget.balance -= part
                leg_rows.append((txn, budget.pk, budget.scheme_id, Direction.CREDIT, part))
                leg_rows.append(
                    (txn, committed[budget.scheme_id].pk, budget.scheme_id, Direction.DEBIT, part)
                )
            rows[LedgerTransaction].append(
                {
                    "id": txn,
                    "subproject_id": subproject.pk,
                    "reason": f"Support #{request_ids[i]}",
                    "idempotency_key": key,
                }
            )
            rows[Payment].append(
                {
                    "id": payment_id,
                    "subproject_id": subproject.pk,
                    "support_line_id": line_ids[i],
                    "idempotency_key": f"support-line:{line_ids[i]}",
                    "settles": key,
                    "end_to_end_id": f"SAMSKAP-{line_ids[i]}-{e2e}",
                    "creditor_name": alias[:70],
                    "creditor_account": account,
                    "amount": amount,
                }
            )
        for pk, (txn, account, scheme, direction, part) in zip(
            _ids(Leg._meta.db_table, len(leg_rows)), leg_rows, strict=True
        ):
            rows[Leg].append(
                {
                    "id": pk,
                    "transaction_id": txn,
                    "account_id": account,
                    "scheme_id": scheme,
                    "direction": direction,
                    "amount": part,
                }
            )
        self.made["requests"] += n
        self.made["decisions"] += n
        self.made["commitments"] += len(approved)
        self.made["payments"] += len(approved)
        self.progress.step(n)

    def _zero_sum(self, transaction_ids: list[int]) -> None:
        """Before the meetings commit: each of their transactions sums to zero per scheme
        (the database checks each one at commit too)."""
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "SELECT count(*) FROM (SELECT l.transaction_id, l.scheme_id"
                " FROM funding_leg l JOIN funding_ledgertransaction t"
                " ON t.id = l.transaction_id WHERE t.id = ANY(%s)"
                " GROUP BY l.transaction_id, l.scheme_id"
                " HAVING sum(CASE WHEN l.direction = 'D' THEN l.amount ELSE -l.amount END)"
                " <> 0) unbalanced",
                [transaction_ids],
            )
            (unbalanced,) = cursor.fetchone()
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        if unbalanced:
            raise DomainError(f"{unbalanced} generated transactions do not balance.")


def generate_national(
    *, seed: int, fraction: float = 1.0, progress, size: National | None = None
) -> dict:
    """Make `national` (or `fraction` of it, or `size`: tests) beside what is there;
    returns counts."""
    if connection.vendor != "postgresql":
        raise DomainError("--scale national writes with PostgreSQL COPY; run it on PostgreSQL.")
    size = size or sizes(fraction)
    taken = set(
        Municipality.objects.filter(
            number__in=[f"{FIRST_NUMBER + i:04d}" for i in range(size.municipalities)]
        ).values_list("number", flat=True)
    )
    if taken:
        raise DomainError(
            f"Generated municipalities are already here ({len(taken)}); "
            "start from an empty database."
        )
    schemes = list(GrantScheme.objects.order_by("pk")[:1])
    if not schemes:
        raise DomainError("No grant scheme: load the demo first.")
    progress.total = size.households * size.supports_per_household
    _spare.clear()
    builder = Builder(seed=seed, size=size, schemes=schemes, progress=progress)
    started = time.perf_counter()
    for index in range(size.municipalities):
        builder.municipality(index)
    _spare.clear()
    builder.made["seconds"] = round(time.perf_counter() - started, 1)
    return builder.made
