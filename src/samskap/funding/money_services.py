"""Moving decided support through a sub-project's budget: commit, pay, release.

Import these from `samskap.funding.services`, the app's public module."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch, Q, Sum
from django.utils.translation import gettext as _

from samskap.audit.services import audit_records_create
from samskap.core.bulk import many
from samskap.core.errors import DomainError
from samskap.core.money import format_nok, parse_amount
from samskap.funding import access, guards, ledger
from samskap.funding.errors import NotEnoughLeft
from samskap.funding.ledger import ZERO
from samskap.funding.models import (
    Account,
    AccountKind,
    Direction,
    LedgerTransaction,
    Leg,
    ProgrammeAgreement,
    TransactionKind,
)


def _replay(idempotency_key: str, *, kind: str, subproject, amount: Decimal):
    """The transaction already posted under this key, or None; refuse a key reused.

    A returned payout is a release before the close and a late return after it: either
    answers a repeat of the same return."""
    if not idempotency_key or not idempotency_key.strip():
        raise ValueError("An idempotency key is required")
    existing = LedgerTransaction.objects.filter(idempotency_key=idempotency_key).first()
    if existing is None:
        return None
    same_kind = existing.kind == kind or {existing.kind, kind} == {
        TransactionKind.RELEASE,
        TransactionKind.LATE_RETURN,
    }
    if not same_kind or existing.subproject_id != subproject.pk or existing.amount != amount:
        raise DomainError(_("This request was already used for a different posting."))
    return existing


def _current_year(agreement: ProgrammeAgreement, day: datetime.date) -> int:
    """The budget year for an action on `day`, kept inside the agreement period."""
    return min(max(day.year, agreement.starts_on.year), agreement.ends_on.year)


@transaction.atomic
def money_commit(
    *,
    acting_user,
    subproject,
    amount: Decimal,
    idempotency_key: str,
    reason: str,
    booked_on: datetime.date | None = None,
) -> LedgerTransaction:
    """Reserve decided support: the sub-project's budget this year -> committed.

    The budget rows are locked first, so two decisions racing for the last kroner are
    serialised: the second sees the first's commitment and gets NotEnoughLeft.
    """
    access.require_money_access(user=acting_user, subproject=subproject)
    agreement = guards.hold_agreement(subproject.agreement)
    amount = parse_amount(amount)
    day = booked_on or guards.today()
    guards.check_day(agreement, day, "booked_on")
    budgets = guards.budget_accounts(subproject, day.year)
    existing = _replay(
        idempotency_key, kind=TransactionKind.COMMITMENT, subproject=subproject, amount=amount
    )
    if existing is not None:
        return existing
    available = sum((budget.balance for budget in budgets), ZERO)
    if amount > available:
        raise guards.not_enough_in_budget(available)
    moves = ledger.moves_into(
        ledger.split(amount, {budget: budget.balance for budget in budgets}),
        agreement=agreement,
        kind=AccountKind.COMMITTED,
        subproject=subproject,
        year=day.year,
    )
    txn = ledger.post(
        agreement=agreement,
        kind=TransactionKind.COMMITMENT,
        acting_user=acting_user,
        reason=reason,
        booked_on=day,
        moves=moves,
        subproject=subproject,
        idempotency_key=idempotency_key,
    )
    guards.audit_posting(acting_user, txn, "money.commit", amount=amount, subproject=subproject.pk)
    return txn


def _from_committed(
    *,
    acting_user,
    subproject,
    amount,
    idempotency_key: str,
    reason: str,
    kind: str,
    source_kind: str,
    booked_on: datetime.date | None,
    settles: str | None,
) -> LedgerTransaction:
    access.require_money_access(user=acting_user, subproject=subproject)
    # Held before any account: a close under way finishes first, and then this sees it.
    agreement = guards.hold_agreement(subproject.agreement)
    if kind == TransactionKind.RELEASE and source_kind == AccountKind.PAID and agreement.closed_at:
        # A payout that came back after the close belongs to the state, not to a budget.
        kind = TransactionKind.LATE_RETURN
    amount = parse_amount(amount)
    day = booked_on or guards.today()
    guards.lock_subprojects(subproject)
    sources = ledger.locked(
        Account.objects.filter(
            agreement=agreement, kind=source_kind, subproject=subproject
        ).order_by("year", "pk")
    )
    existing = _replay(idempotency_key, kind=kind, subproject=subproject, amount=amount)
    if existing is not None:
        return existing
    available = sum((source.balance for source in sources), ZERO)
    if amount > available:
        message = (
            _("Only %(left)s is paid out for this sub-project.")
            if source_kind == AccountKind.PAID
            else _("Only %(left)s is committed for this sub-project.")
        )
        raise NotEnoughLeft(message % {"left": format_nok(available)}, remaining=available)
    original = None
    if settles is None:
        parts = ledger.take_oldest_first(amount, sources)
    else:
        parts, original = _settle(settles, amount, sources, subproject=subproject)
    moves = []
    for source, part in parts.items():
        if kind == TransactionKind.LATE_RETURN:
            target = ledger.account(
                agreement=agreement, kind=AccountKind.RETURNED, scheme=source.scheme
            )
        elif kind == TransactionKind.PAYMENT:
            # Paid money stays in the budget year it was committed in.
            target = ledger.account(
                agreement=agreement,
                kind=AccountKind.PAID,
                scheme=source.scheme,
                subproject=subproject,
                year=source.year,
            )
        else:
            # Released money goes back to this year's budget, where it can be used again.
            target = ledger.account(
                agreement=agreement,
                kind=AccountKind.BUDGET,
                scheme=source.scheme,
                subproject=subproject,
                year=_current_year(agreement, day),
            )
        moves.append((source, target, part))
    txn = ledger.post(
        agreement=agreement,
        kind=kind,
        acting_user=acting_user,
        reason=reason,
        booked_on=day,
        moves=moves,
        subproject=subproject,
        idempotency_key=idempotency_key,
        settles=original,
    )
    guards.audit_posting(acting_user, txn, f"money.{kind}", amount=amount, subproject=subproject.pk)
    return txn


def _per_account(legs) -> dict[int, Decimal]:
    return dict(
        legs.values("account_id").annotate(total=Sum("amount")).values_list("account_id", "total")
    )


def _settle(
    key: str, amount: Decimal, sources: list[Account], *, subproject
) -> tuple[dict, LedgerTransaction]:
    """Take `amount` from what an earlier posting put into the accounts and is still there.

    So a payout draws on its own decision's commitment (same years, same scheme mix), and
    a returned payout goes back out of the paid accounts that payout filled. What earlier
    settlements of the same posting took is subtracted, so øre rounding never spills over
    into another decision's money.
    """
    original = LedgerTransaction.objects.filter(idempotency_key=key, subproject=subproject).first()
    if original is None:
        raise DomainError(_("The posting to settle was not found."))
    by_pk = {source.pk: source for source in sources}
    taken = _per_account(
        Leg.objects.filter(
            transaction__settles=original, direction=Direction.CREDIT, account_id__in=by_pk
        )
    )
    # A settlement that was undone (a payout whose file was withdrawn) gave its part back.
    given_back = _per_account(
        Leg.objects.filter(
            transaction__reverses__settles=original,
            direction=Direction.DEBIT,
            account_id__in=by_pk,
        )
    )
    taken = {pk: total - given_back.get(pk, ZERO) for pk, total in taken.items()}
    weights: dict[Account, Decimal] = {}
    for leg in original.legs.filter(direction=Direction.DEBIT, account_id__in=by_pk):
        weights[by_pk[leg.account_id]] = weights.get(by_pk[leg.account_id], ZERO) + leg.amount
    weights = {
        source: min(put - taken.get(source.pk, ZERO), source.balance)
        for source, put in weights.items()
    }
    available = sum((weight for weight in weights.values() if weight > 0), ZERO)
    if amount > available:
        raise NotEnoughLeft(
            _("Only %(left)s is left of what that posting put aside.")
            % {"left": format_nok(available)},
            remaining=available,
        )
    return ledger.split(amount, weights), original


@transaction.atomic
def money_pay(
    *,
    acting_user,
    subproject,
    amount,
    idempotency_key: str,
    reason: str,
    booked_on: datetime.date | None = None,
    settles: str | None = None,
) -> LedgerTransaction:
    """Record a payout: committed -> paid.

    With `settles` (the commitment's idempotency key) it draws on that commitment;
    without, on the sub-project's oldest commitments first.
    """
    return _from_committed(
        acting_user=acting_user,
        subproject=subproject,
        amount=amount,
        idempotency_key=idempotency_key,
        reason=reason,
        kind=TransactionKind.PAYMENT,
        source_kind=AccountKind.COMMITTED,
        booked_on=booked_on,
        settles=settles,
    )


@transaction.atomic
def money_release(
    *,
    acting_user,
    subproject,
    amount,
    idempotency_key: str,
    reason: str,
    from_paid: bool = False,
    booked_on: datetime.date | None = None,
    settles: str | None = None,
) -> LedgerTransaction:
    """Give money back to the sub-project's budget this year.

    From committed when a decision is cancelled; from paid when a payout came back.
    `settles` names the commitment or payout it undoes, as for `money_pay`. A payout that
    comes back after the period is closed goes to the closing balance instead (paid ->
    returned, a late return), so the returns import needs no date logic of its own.
    """
    return _from_committed(
        acting_user=acting_user,
        subproject=subproject,
        amount=amount,
        idempotency_key=idempotency_key,
        reason=reason,
        kind=TransactionKind.RELEASE,
        source_kind=AccountKind.PAID if from_paid else AccountKind.COMMITTED,
        booked_on=booked_on,
        settles=settles,
    )


@transaction.atomic
def money_unpay(
    *,
    acting_user,
    subproject,
    idempotency_key: str,
    reason: str,
    settles: str,
    booked_on: datetime.date | None = None,
) -> LedgerTransaction:
    """Undo a payout that never reached the bank: paid -> committed, back into the
    accounts the payout (the posting with the key `settles`) took from.

    Posted as the payout's reversal, so the accounting export books it against the
    payout; the commitment can then be paid again or released. A repeat call with the
    same key returns the first reversal.
    """
    access.require_money_access(user=acting_user, subproject=subproject)
    agreement = guards.hold_agreement(subproject.agreement)
    guards.lock_subprojects(subproject)
    payout = LedgerTransaction.objects.filter(
        idempotency_key=settles, subproject=subproject, kind=TransactionKind.PAYMENT
    ).first()
    if payout is None:
        raise DomainError(_("The posting to settle was not found."))
    existing = _replay(
        idempotency_key, kind=TransactionKind.REVERSAL, subproject=subproject, amount=payout.amount
    )
    if existing is not None:
        return existing
    if LedgerTransaction.objects.filter(reverses=payout).exists():
        raise DomainError(_("This posting has already been reversed."))
    if payout.settled_by.exists():
        raise DomainError(_("Part of this payout has already come back; it cannot be undone."))
    txn = ledger.post(
        agreement=agreement,
        kind=TransactionKind.REVERSAL,
        acting_user=acting_user,
        reason=reason,
        booked_on=booked_on or guards.today(),
        moves=ledger.mirror_moves(payout),
        subproject=subproject,
        idempotency_key=idempotency_key,
        reverses=payout,
    )
    guards.audit_posting(
        acting_user, txn, "money.unpay", amount=payout.amount, subproject=subproject.pk
    )
    return txn


@dataclass(frozen=True)
class Payout:
    """One payout for `money_pay_many`: the arguments `money_pay` takes for one."""

    subproject: object
    amount: Decimal
    idempotency_key: str
    reason: str
    settles: str | None = None


def _sum_by(legs, group: str) -> dict[tuple[int, int], Decimal]:
    rows = legs.values(group, "account_id").annotate(total=Sum("amount"))
    return {(row[group], row["account_id"]): row["total"] for row in rows}


@transaction.atomic
def money_pay_many(
    *, acting_user, payouts: list[Payout], booked_on: datetime.date | None = None
) -> dict[str, LedgerTransaction | DomainError]:
    """Post many payouts (committed -> paid) at once, each as `money_pay` would.

    For each payout's key: its transaction, or the DomainError that refused it (nothing
    is posted for that one; the others go on). A key already posted returns its first
    transaction. The cost does not grow with the number of payouts: the agreements are
    held and every sub-project's accounts locked once, in primary-key order; what each
    commitment has left is read in three queries for all of them; the transactions and
    legs are written in bulk, so each account's balance moves once per statement.
    """
    return _move_many(
        acting_user=acting_user,
        items=payouts,
        booked_on=booked_on,
        kind=TransactionKind.PAYMENT,
        source_kind=AccountKind.COMMITTED,
    )


@transaction.atomic
def money_release_many(
    *, acting_user, releases: list[Payout], booked_on: datetime.date | None = None
) -> dict[str, LedgerTransaction | DomainError]:
    """Give many payouts that came back to their sub-project's budget this year at once,
    each as `money_release(from_paid=True, settles=…)` would (paid -> budget; after the
    close paid -> returned, a late return). Same answer and the same cost as
    `money_pay_many`: a transaction or the DomainError that refused it, per key."""
    return _move_many(
        acting_user=acting_user,
        items=releases,
        booked_on=booked_on,
        kind=TransactionKind.RELEASE,
        source_kind=AccountKind.PAID,
    )


def _hold_and_lock(acting_user, subprojects: dict) -> dict[int, ProgrammeAgreement]:
    """Check access, hold every agreement (by id), then lock every sub-project's accounts
    at once in primary-key order: the lock order of every money path."""
    for subproject in subprojects.values():
        access.require_money_access(user=acting_user, subproject=subproject)
    agreements = {}
    for agreement_id in sorted({s.agreement_id for s in subprojects.values()}):
        agreements[agreement_id] = guards.hold_agreement(
            next(s.agreement for s in subprojects.values() if s.agreement_id == agreement_id)
        )
    guards.lock_subprojects(*(subprojects[pk] for pk in sorted(subprojects)))
    return agreements


def _move_many(
    *, acting_user, items: list[Payout], booked_on, kind: str, source_kind: str
) -> dict[str, LedgerTransaction | DomainError]:
    outcome: dict[str, LedgerTransaction | DomainError] = {}
    if not items:
        return outcome
    day = booked_on or guards.today()
    subprojects = {item.subproject.pk: item.subproject for item in items}
    agreements = _hold_and_lock(acting_user, subprojects)
    sources = ledger.locked(
        Account.objects.filter(kind=source_kind, subproject__in=list(subprojects))
    )
    # Each account's balance as the items before it in the list leave it (in memory).
    by_subproject: dict[int, list[Account]] = {}
    for source in sorted(sources, key=lambda account: (account.year, account.pk)):
        by_subproject.setdefault(source.subproject_id, []).append(source)
    replay_kinds = (
        {TransactionKind.PAYMENT}
        if kind == TransactionKind.PAYMENT
        else {TransactionKind.RELEASE, TransactionKind.LATE_RETURN}
    )

    existing = {
        txn.idempotency_key: txn
        for txn in LedgerTransaction.objects.filter(
            idempotency_key__in=many((item.idempotency_key for item in items), of="text")
        ).prefetch_related("legs")
    }
    originals = {
        (txn.idempotency_key, txn.subproject_id): txn
        for txn in LedgerTransaction.objects.filter(
            idempotency_key__in=many({item.settles for item in items if item.settles}, of="text")
        )
    }
    original_ids = [txn.pk for txn in originals.values()]
    put = _sum_by(
        Leg.objects.filter(transaction__in=many(original_ids), direction=Direction.DEBIT),
        "transaction_id",
    )
    taken = _sum_by(
        Leg.objects.filter(transaction__settles__in=many(original_ids), direction=Direction.CREDIT),
        "transaction__settles_id",
    )
    given_back = _sum_by(
        Leg.objects.filter(
            transaction__reverses__settles__in=many(original_ids), direction=Direction.DEBIT
        ),
        "transaction__reverses__settles_id",
    )
    targets = {
        (acc.kind, acc.scheme_id, acc.subproject_id, acc.year): acc
        for acc in Account.objects.filter(
            Q(subproject__in=list(subprojects), kind__in=[AccountKind.PAID, AccountKind.BUDGET])
            | Q(agreement__in=list(agreements), kind=AccountKind.RETURNED)
        )
    }

    def target_for(agreement, this_kind, source, subproject) -> Account:
        if this_kind == TransactionKind.LATE_RETURN:
            # A payout that came back after the close belongs to the state.
            key = (AccountKind.RETURNED, source.scheme_id, None, None)
        elif this_kind == TransactionKind.PAYMENT:
            # Paid money stays in the budget year it was committed in.
            key = (AccountKind.PAID, source.scheme_id, subproject.pk, source.year)
        else:
            # Released money goes back to this year's budget, where it can be used again.
            key = (AccountKind.BUDGET, source.scheme_id, subproject.pk)
            key += (_current_year(agreement, day),)
        if key not in targets:
            targets[key] = ledger.account(
                agreement=agreement,
                kind=key[0],
                scheme=source.scheme,
                subproject=subproject if key[2] else None,
                year=key[3],
            )
        return targets[key]

    postings: list[ledger.Posting] = []
    for item in items:
        subproject = subprojects[item.subproject.pk]
        agreement = agreements[subproject.agreement_id]
        this_kind = kind
        try:
            amount = parse_amount(item.amount)
            if not item.idempotency_key or not item.idempotency_key.strip():
                raise ValueError("An idempotency key is required")
            if item.idempotency_key in outcome:
                raise ValueError("The same key twice in one call")
            if agreement.closed_at is not None:
                if kind != TransactionKind.RELEASE or source_kind != AccountKind.PAID:
                    raise DomainError(
                        _("The programme period is closed; nothing more can be posted.")
                    )
                this_kind = TransactionKind.LATE_RETURN
            found = existing.get(item.idempotency_key)
            if found is not None:
                if (
                    found.kind not in replay_kinds
                    or found.subproject_id != subproject.pk
                    or found.amount != amount
                ):
                    raise DomainError(_("This request was already used for a different posting."))
                outcome[item.idempotency_key] = found
                continue
            accounts = by_subproject.get(subproject.pk, [])
            available = sum((source.balance for source in accounts), ZERO)
            if amount > available:
                message = (
                    _("Only %(left)s is paid out for this sub-project.")
                    if source_kind == AccountKind.PAID
                    else _("Only %(left)s is committed for this sub-project.")
                )
                raise NotEnoughLeft(message % {"left": format_nok(available)}, remaining=available)
            original = None
            if item.settles is None:
                parts = ledger.take_oldest_first(amount, accounts)
            else:
                original = originals.get((item.settles, subproject.pk))
                if original is None:
                    raise DomainError(_("The posting to settle was not found."))
                weights = {}
                for source in accounts:
                    key = (original.pk, source.pk)
                    if key not in put:
                        continue
                    left = put[key] - taken.get(key, ZERO) + given_back.get(key, ZERO)
                    weights[source] = min(left, source.balance)
                left_here = sum((w for w in weights.values() if w > 0), ZERO)
                if amount > left_here:
                    raise NotEnoughLeft(
                        _("Only %(left)s is left of what that posting put aside.")
                        % {"left": format_nok(left_here)},
                        remaining=left_here,
                    )
                parts = ledger.split(amount, weights)
        except DomainError as error:
            outcome[item.idempotency_key] = error
            continue
        moves = []
        for source, part in parts.items():
            moves.append((source, target_for(agreement, this_kind, source, subproject), part))
            source.balance -= part
            if original is not None:
                key = (original.pk, source.pk)
                taken[key] = taken.get(key, ZERO) + part
        postings.append(
            ledger.Posting(
                agreement=agreement,
                kind=this_kind,
                acting_user=acting_user,
                reason=item.reason,
                booked_on=day,
                moves=moves,
                subproject=subproject,
                idempotency_key=item.idempotency_key,
                settles=original,
            )
        )
        outcome[item.idempotency_key] = None
    _post_and_audit(acting_user, postings, outcome)
    return outcome


def _post_and_audit(
    acting_user, postings: list[ledger.Posting], outcome: dict, *, action: str | None = None
) -> None:
    """Write the postings in bulk, put each transaction in `outcome` under its key and
    write one audit record per transaction (`money.<kind>`) in one INSERT."""
    transactions = ledger.post_many(postings) if postings else []
    records = []
    for posting, txn in zip(postings, transactions, strict=True):
        outcome[posting.idempotency_key] = txn
        this_action = action or (
            "money.unpay" if posting.kind == TransactionKind.REVERSAL else f"money.{posting.kind}"
        )
        records.append(
            guards.posting_record(
                acting_user,
                txn,
                this_action,
                amount=sum(part for _s, _t, part in posting.moves),
                subproject=posting.subproject.pk,
            )
        )
    audit_records_create(records)


@dataclass(frozen=True)
class Unpay:
    """One payout to undo for `money_unpay_many`: the arguments `money_unpay` takes."""

    subproject: object
    idempotency_key: str
    reason: str
    settles: str


@transaction.atomic
def money_unpay_many(
    *, acting_user, unpays: list[Unpay], booked_on: datetime.date | None = None
) -> dict[str, LedgerTransaction]:
    """Undo many payouts that never reached the bank at once, each as `money_unpay`
    would (paid -> committed, as the payout's reversal); all or nothing: the first one
    that cannot be undone raises its DomainError. A key already posted returns its
    first reversal. Locks as `money_pay_many` does; queries do not grow with the count."""
    outcome: dict[str, LedgerTransaction] = {}
    if not unpays:
        return outcome
    day = booked_on or guards.today()
    subprojects = {item.subproject.pk: item.subproject for item in unpays}
    agreements = _hold_and_lock(acting_user, subprojects)
    payouts = {
        (txn.idempotency_key, txn.subproject_id): txn
        for txn in LedgerTransaction.objects.filter(
            idempotency_key__in={item.settles for item in unpays},
            kind=TransactionKind.PAYMENT,
        ).prefetch_related(Prefetch("legs", queryset=Leg.objects.select_related("account__scheme")))
    }
    ids = [txn.pk for txn in payouts.values()]
    existing = {
        txn.idempotency_key: txn
        for txn in LedgerTransaction.objects.filter(
            idempotency_key__in=[item.idempotency_key for item in unpays]
        ).prefetch_related("legs")
    }
    reversed_ids = set(
        LedgerTransaction.objects.filter(reverses__in=ids).values_list("reverses_id", flat=True)
    )
    settled_ids = set(
        LedgerTransaction.objects.filter(settles__in=ids).values_list("settles_id", flat=True)
    )
    postings = []
    for item in unpays:
        subproject = subprojects[item.subproject.pk]
        payout = payouts.get((item.settles, subproject.pk))
        if payout is None:
            raise DomainError(_("The posting to settle was not found."))
        if not item.idempotency_key or not item.idempotency_key.strip():
            raise ValueError("An idempotency key is required")
        found = existing.get(item.idempotency_key)
        if found is not None:
            if (
                found.kind != TransactionKind.REVERSAL
                or found.subproject_id != subproject.pk
                or found.amount != payout.amount
            ):
                raise DomainError(_("This request was already used for a different posting."))
            outcome[item.idempotency_key] = found
            continue
        if payout.pk in reversed_ids:
            raise DomainError(_("This posting has already been reversed."))
        if payout.pk in settled_ids:
            raise DomainError(_("Part of this payout has already come back; it cannot be undone."))
        reversed_ids.add(payout.pk)
        postings.append(
            ledger.Posting(
                agreement=agreements[subproject.agreement_id],
                kind=TransactionKind.REVERSAL,
                acting_user=acting_user,
                reason=item.reason,
                booked_on=day,
                moves=ledger.mirror_moves(payout, legs=list(payout.legs.all())),
                subproject=subproject,
                idempotency_key=item.idempotency_key,
                reverses=payout,
            )
        )
    _post_and_audit(acting_user, postings, outcome)
    return outcome


@dataclass(frozen=True)
class Commitment:
    """One commitment for `money_commit_many`: the arguments `money_commit` takes."""

    subproject: object
    amount: Decimal
    idempotency_key: str
    reason: str


@transaction.atomic
def money_commit_many(
    *, acting_user, commitments: list[Commitment], booked_on: datetime.date | None = None
) -> dict[str, LedgerTransaction]:
    """Reserve many decided supports at once, each as `money_commit` would (the
    sub-project's budget this year -> committed), in the order given; all or nothing: the
    first one that cannot be committed raises its DomainError (NotEnoughLeft with what
    is left after the ones before it). A key already posted returns its first
    transaction. A meeting commits its decisions with this.

    The cost does not grow with the number of commitments: the agreements are held and
    every sub-project's accounts locked once, in primary-key order (the lock order of
    every money path); the budget and committed accounts are read once; the
    transactions, legs and audit records are written in bulk.
    """
    outcome: dict[str, LedgerTransaction] = {}
    if not commitments:
        return outcome
    day = booked_on or guards.today()
    subprojects = {item.subproject.pk: item.subproject for item in commitments}
    agreements = _hold_and_lock(acting_user, subprojects)
    for agreement in agreements.values():
        guards.check_day(agreement, day, "booked_on")
    budgets: dict[int, list[Account]] = {}
    committed: dict[tuple[int, int, int], Account] = {}
    for account in (
        Account.objects.filter(
            subproject__in=list(subprojects),
            kind__in=[AccountKind.BUDGET, AccountKind.COMMITTED],
            year=day.year,
        )
        .select_related("scheme")
        .order_by("pk")
    ):
        if account.kind == AccountKind.BUDGET:
            budgets.setdefault(account.subproject_id, []).append(account)
        else:
            committed[(account.subproject_id, account.scheme_id, account.year)] = account
    existing = {
        txn.idempotency_key: txn
        for txn in LedgerTransaction.objects.filter(
            idempotency_key__in=[item.idempotency_key for item in commitments]
        )
    }
    postings: list[ledger.Posting] = []
    for item in commitments:
        subproject = subprojects[item.subproject.pk]
        agreement = agreements[subproject.agreement_id]
        amount = parse_amount(item.amount)
        if not item.idempotency_key or not item.idempotency_key.strip():
            raise ValueError("An idempotency key is required")
        if item.idempotency_key in outcome:
            raise ValueError("The same key twice in one call")
        found = existing.get(item.idempotency_key)
        if found is not None:
            if (
                found.kind != TransactionKind.COMMITMENT
                or found.subproject_id != subproject.pk
                or found.amount != amount
            ):
                raise DomainError(_("This request was already used for a different posting."))
            outcome[item.idempotency_key] = found
            continue
        if agreement.closed_at is not None:
            raise DomainError(_("The programme period is closed; nothing more can be posted."))
        sources = budgets.get(subproject.pk, [])
        available = sum((budget.balance for budget in sources), ZERO)
        if amount > available:
            raise guards.not_enough_in_budget(available)
        moves = []
        for source, part in ledger.split(
            amount, {budget: budget.balance for budget in sources}
        ).items():
            key = (subproject.pk, source.scheme_id, day.year)
            if key not in committed:
                committed[key] = ledger.account(
                    agreement=agreement,
                    kind=AccountKind.COMMITTED,
                    scheme=source.scheme,
                    subproject=subproject,
                    year=day.year,
                )
            moves.append((source, committed[key], part))
            # What the commitments after this one see (the database moves it on insert).
            source.balance -= part
        postings.append(
            ledger.Posting(
                agreement=agreement,
                kind=TransactionKind.COMMITMENT,
                acting_user=acting_user,
                reason=item.reason,
                booked_on=day,
                moves=moves,
                subproject=subproject,
                idempotency_key=item.idempotency_key,
            )
        )
        outcome[item.idempotency_key] = None
    _post_and_audit(acting_user, postings, outcome, action="money.commit")
    return outcome
