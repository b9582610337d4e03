"""The posting engine behind funding's services: split, lock, check and write legs.

Only `samskap.funding.services` calls this; other apps use the services.
"""

import datetime
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from samskap.core import blank_text, bulk
from samskap.core.errors import DomainError
from samskap.core.money import ORE, format_nok
from samskap.funding.models import (
    Account,
    AccountKind,
    Direction,
    LedgerTransaction,
    Leg,
    ProgrammeAgreement,
    TransactionKind,
)

ZERO = Decimal("0.00")
CREDIT = str(Direction.CREDIT)
DEBIT = str(Direction.DEBIT)


def split(amount: Decimal, weights: dict[Hashable, Decimal]) -> dict[Hashable, Decimal]:
    """Split `amount` over the keys in proportion to their weights, exactly to the øre.

    Largest-remainder rounding: the parts always sum to `amount`, and when `amount` is at
    most the sum of the weights no part exceeds its own weight (so no balance overdraws).
    Ties go to the key that comes first, which keeps the result deterministic.
    """
    positive = {key: weight for key, weight in weights.items() if weight > 0}
    total = sum(positive.values(), ZERO)
    if total <= 0:
        raise ValueError("Cannot split over nothing")
    amount_ore = int(amount / ORE)
    total_ore = int(total / ORE)
    parts: dict[Hashable, int] = {}
    remainders = []
    for index, (key, weight) in enumerate(positive.items()):
        whole, remainder = divmod(amount_ore * int(weight / ORE), total_ore)
        parts[key] = whole
        remainders.append((-remainder, index, key))
    for _rest, _index, key in sorted(remainders)[: amount_ore - sum(parts.values())]:
        parts[key] += 1
    return {key: Decimal(ore) * ORE for key, ore in parts.items() if ore > 0}


def take_oldest_first(amount: Decimal, accounts: Iterable[Account]) -> dict[Account, Decimal]:
    """Take `amount` from the accounts, year by year (oldest first), per scheme pro rata."""
    by_year: dict[int, dict[Account, Decimal]] = defaultdict(dict)
    for account in accounts:
        if account.balance > 0:
            by_year[account.year][account] = account.balance
    taken: dict[Account, Decimal] = {}
    left = amount
    for year in sorted(by_year):
        if left <= 0:
            break
        available = sum(by_year[year].values(), ZERO)
        portion = min(left, available)
        taken.update(split(portion, by_year[year]))
        left -= portion
    return taken


def locked(accounts: QuerySet[Account]) -> list[Account]:
    """Row-lock the accounts in primary-key order, so two writers never deadlock."""
    return list(accounts.select_related("scheme").select_for_update(of=("self",)).order_by("pk"))


def account(*, agreement, kind: str, scheme, subproject=None, year=None) -> Account:
    found, _created = Account.objects.get_or_create(
        agreement=agreement, kind=kind, scheme=scheme, subproject=subproject, year=year
    )
    return found


def moves_into(
    parts: dict[Account, Decimal], *, agreement, kind: str, subproject=None, year=None
) -> list[tuple[Account, Account, Decimal]]:
    """Move each part from its account into the `kind` account of the same scheme."""
    return [
        (
            source,
            account(
                agreement=agreement,
                kind=kind,
                scheme=source.scheme,
                subproject=subproject,
                year=year,
            ),
            part,
        )
        for source, part in parts.items()
    ]


@dataclass
class Posting:
    """One transaction to write: each move credits its source and debits its target."""

    agreement: ProgrammeAgreement
    kind: str
    acting_user: object
    reason: str
    booked_on: datetime.date
    moves: list[tuple[Account, Account, Decimal]]
    subproject: object = None
    earmarked_scheme: object = None
    idempotency_key: str | None = None
    reverses: LedgerTransaction | None = None
    settles: LedgerTransaction | None = None
    legs: dict[tuple[int, str], Decimal] = field(default_factory=dict)


def post(
    *,
    agreement: ProgrammeAgreement,
    kind: str,
    acting_user,
    reason: str,
    booked_on: datetime.date,
    moves: list[tuple[Account, Account, Decimal]],
    subproject=None,
    earmarked_scheme=None,
    idempotency_key: str | None = None,
    reverses: LedgerTransaction | None = None,
    settles: LedgerTransaction | None = None,
) -> LedgerTransaction:
    """Write one transaction; each move credits its source and debits its target account.

    Both accounts of a move belong to the same grant scheme, so the transaction balances
    per scheme by construction. Re-checks in Python what the database also enforces, so
    SQLite keeps the same rules and users get a readable message, not an IntegrityError.
    """
    return post_many(
        [
            Posting(
                agreement=agreement,
                kind=kind,
                acting_user=acting_user,
                reason=reason,
                booked_on=booked_on,
                moves=moves,
                subproject=subproject,
                earmarked_scheme=earmarked_scheme,
                idempotency_key=idempotency_key,
                reverses=reverses,
                settles=settles,
            )
        ]
    )[0]


# Legs per INSERT: a transaction's legs always go in the same statement as each other.
LEGS_PER_STATEMENT = 5000  # SQLite, through bulk_create
LEGS_PER_INSERT = 200_000  # PostgreSQL, from arrays


def post_many(postings: list[Posting]) -> list[LedgerTransaction]:
    """Write many transactions at once, with the checks of `post` for each.

    The accounts of all postings are locked once, in primary-key order, and every check
    runs against balances that include the postings before it in the list, so the list is
    refused as a whole (DomainError) if any posting would overdraw. Transactions go in one
    INSERT, their legs in as few as possible (each transaction's legs in one statement),
    so the database moves each account's balance once per statement, not once per leg.
    """
    accounts: dict[int, Account] = {}
    for posting in postings:
        _check_period(posting.agreement, posting.kind, posting.moves)
        if not posting.reason or not posting.reason.strip():
            raise DomainError(_("Give a reason."), field="reason")
        legs: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
        agreement_id = posting.agreement.id
        for source, target, amount in posting.moves:
            if amount <= 0 or amount != amount.quantize(ORE):
                raise ValueError(f"Leg amount must be positive whole øre, got {amount!r}")
            if source.scheme_id != target.scheme_id:
                raise ValueError("A move must stay within one grant scheme")
            if agreement_id not in {source.agreement_id, target.agreement_id} or (
                source.agreement_id != target.agreement_id
            ):
                raise ValueError("A move must stay within the transaction's agreement")
            # .id, not .pk: a model's pk property costs a lookup, and an export has
            # 100,000 legs.
            legs[(source.id, CREDIT)] += amount
            legs[(target.id, DEBIT)] += amount
            accounts[source.id] = source
            accounts[target.id] = target
        if not legs:
            raise DomainError(_("There is nothing to post."))
        posting.legs = dict(legs)
    fresh = {acc.pk: acc for acc in locked(Account.objects.filter(pk__in=accounts))}
    balances = {pk: acc.balance for pk, acc in fresh.items()}
    lowering = {pk: lowering_direction(acc) for pk, acc in fresh.items()}
    for posting in postings:
        # Each posting against the balances before it (including the earlier postings).
        for (account_pk, direction), amount in posting.legs.items():
            if lowering[account_pk] == direction and balances[account_pk] < amount:
                raise DomainError(
                    _("Not enough money in %(account)s: %(left)s left.")
                    % {"account": fresh[account_pk], "left": format_nok(balances[account_pk])}
                )
        for (account_pk, direction), amount in posting.legs.items():
            lowers = lowering[account_pk] == direction
            balances[account_pk] += -amount if lowers else amount
    transactions = [
        LedgerTransaction(
            agreement=posting.agreement,
            kind=posting.kind,
            booked_on=posting.booked_on,
            acting_user=posting.acting_user,
            reason=posting.reason.strip(),
            subproject=posting.subproject,
            earmarked_scheme=posting.earmarked_scheme,
            idempotency_key=posting.idempotency_key,
            reverses=posting.reverses,
            settles=posting.settles,
        )
        for posting in postings
    ]
    transactions = bulk.insert(LedgerTransaction, transactions)
    _write_legs(
        [
            (transaction.id, account_pk, fresh[account_pk].scheme_id, direction, amount)
            for posting, transaction in zip(postings, transactions, strict=True)
            for (account_pk, direction), amount in sorted(posting.legs.items())
        ]
    )
    return transactions


def _write_legs(rows: list[tuple[int, int, int, str, Decimal]]) -> None:
    """Write legs given as (transaction, account, scheme, direction, amount), each
    transaction's legs in the same statement.

    On PostgreSQL one INSERT from arrays per LEGS_PER_INSERT legs, without a model object
    per leg (a leg has no free text for `blank_text` to check; the database checks the
    rest): the balance trigger then moves each account once for the whole batch.
    Elsewhere (SQLite) `bulk_create` in statements of at most LEGS_PER_STATEMENT legs.
    """
    size = LEGS_PER_INSERT if connection.vendor == "postgresql" else LEGS_PER_STATEMENT
    chunk: list[tuple[int, int, int, str, Decimal]] = []
    for row in rows:
        # A chunk ends only between two transactions.
        if len(chunk) >= size and row[0] != chunk[-1][0]:
            _insert_legs(chunk)
            chunk = []
        chunk.append(row)
    if chunk:
        _insert_legs(chunk)


def _insert_legs(rows: list[tuple[int, int, int, str, Decimal]]) -> None:
    if connection.vendor == "postgresql":
        transaction_ids, account_ids, scheme_ids, directions, amounts = (
            list(column) for column in zip(*rows, strict=True)
        )
        bulk.insert_columns(
            Leg._meta.db_table,
            [
                ("transaction_id", "bigint", transaction_ids),
                ("account_id", "bigint", account_ids),
                ("scheme_id", "bigint", scheme_ids),
                ("direction", "varchar", directions),
                ("amount", "numeric", amounts),
            ],
        )
        return
    legs = [
        Leg(
            transaction_id=transaction_id,
            account_id=account_id,
            scheme_id=scheme_id,
            direction=direction,
            amount=amount,
        )
        for transaction_id, account_id, scheme_id, direction, amount in rows
    ]
    blank_text.bulk_create(Leg.objects, legs, batch_size=len(legs))


def _check_period(agreement: ProgrammeAgreement, kind: str, moves) -> None:
    """A closed period takes only a returned payout, paid -> returned; nothing else, and
    that posting nowhere else. The database refuses the same (migration 0008)."""
    if kind == TransactionKind.LATE_RETURN:
        if agreement.closed_at is None:
            raise ValueError("A late return is only for a closed period")
        if any(
            (source.kind, target.kind) != (AccountKind.PAID, AccountKind.RETURNED)
            for source, target, _amount in moves
        ):
            raise ValueError("A late return moves paid money to the returned account only")
    elif agreement.closed_at is not None:
        raise DomainError(_("The programme period is closed; nothing more can be posted."))


def lowering_direction(account: Account) -> str:
    """Income is credit-normal (a debit lowers it); every other account is debit-normal."""
    return Direction.DEBIT if account.kind == AccountKind.INCOME else Direction.CREDIT


def mirror_moves(
    original: LedgerTransaction, *, legs: list[Leg] | None = None
) -> list[tuple[Account, Account, Decimal]]:
    """The moves that undo `original`: each of its debits paired back to its credits, per
    scheme, with the ends swapped. `legs`: its legs with their accounts, when already read
    (a bulk undo reads every payout's legs in one query)."""
    if legs is None:
        legs = list(original.legs.select_related("account__scheme"))
    credits = [leg for leg in legs if leg.direction == Direction.CREDIT]
    debits = [leg for leg in legs if leg.direction == Direction.DEBIT]
    moves = []
    for scheme_id in sorted({leg.account.scheme_id for leg in legs}):
        scheme_debits = [
            [leg.account, leg.amount] for leg in debits if leg.account.scheme_id == scheme_id
        ]
        for credit in (leg for leg in credits if leg.account.scheme_id == scheme_id):
            owed = credit.amount
            for pair in scheme_debits:
                if owed <= 0:
                    break
                part = min(owed, pair[1])
                if part > 0:
                    moves.append((pair[0], credit.account, part))
                    pair[1] -= part
                    owed -= part
    return moves
