"""Writes on the pot: receipts, allocation, reallocation, carry-over, closing, corrections.

Import these from `samskap.funding.services`, the app's public module."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samskap.audit.services import audit_record_create
from samskap.core.errors import AlreadyRecorded, DomainError, Problems
from samskap.core.money import MAX_BALANCE, format_nok, parse_amount
from samskap.funding import access, closing, guards, ledger, selectors
from samskap.funding.errors import AboveAgreement, NotEnoughLeft
from samskap.funding.ledger import ZERO
from samskap.funding.ledger_texts import ledger_reason
from samskap.funding.models import (
    Account,
    AccountKind,
    GrantReceipt,
    GrantScheme,
    LedgerTransaction,
    ProgrammeAgreement,
    TransactionKind,
)
from samskap.funding.owned_postings import owner_message


@transaction.atomic
def grant_receipt_create(
    *,
    acting_user,
    agreement: ProgrammeAgreement,
    scheme: GrantScheme,
    received_on: datetime.date,
    amount,
    reference: str,
    confirm_above_agreement: bool = False,
) -> GrantReceipt:
    """Register money received from one scheme: scheme income -> the pot.

    A receipt that brings the scheme's receipts in the year of `received_on` above the
    agreement's amount for that scheme and year raises AboveAgreement (saying by how much
    in NOK) unless `confirm_above_agreement`: a typo of 20 000 000 for 2 000 000 must not
    pass silently. Receipts of one scheme can never exceed what the ledger's balance
    columns hold (DomainError).
    """
    access.require_pot_manager(user=acting_user, agreement=agreement)
    agreement = guards.hold_agreement(agreement)
    # None means "refused by the form" to the check; here every field is required.
    problems = _receipt_problems(
        agreement,
        scheme=scheme,
        received_on=received_on,
        amount="" if amount is None else amount,
        reference=reference or "",
    )
    if received_on is None:
        problems.add(_("Enter the date the money was received."), field="received_on")
    problems.refuse()
    amount = parse_amount(amount)
    reference = (reference or "").strip()
    income = ledger.account(agreement=agreement, kind=AccountKind.INCOME, scheme=scheme)
    pot = ledger.account(agreement=agreement, kind=AccountKind.POT, scheme=scheme)
    # Receipts of one scheme queue on its accounts, so a second one with the same bank
    # reference sees the first (the unique constraint below is the database's backstop).
    locked = {a.pk: a for a in ledger.locked(Account.objects.filter(pk__in=[income.pk, pot.pk]))}
    _refuse_repeated_receipt(agreement, scheme, reference)
    _check_against_agreement(
        agreement, scheme, received_on, amount, locked[income.pk], confirmed=confirm_above_agreement
    )
    txn = ledger.post(
        agreement=agreement,
        kind=TransactionKind.RECEIPT,
        acting_user=acting_user,
        reason=ledger_reason("receipt", scheme=scheme.budget_line, reference=reference),
        booked_on=received_on,
        moves=[(income, pot, amount)],
    )
    try:
        with transaction.atomic():
            receipt = GrantReceipt.objects.create(
                agreement=agreement,
                scheme=scheme,
                received_on=received_on,
                amount=amount,
                reference=reference,
                transaction=txn,
            )
    except IntegrityError:
        _refuse_repeated_receipt(agreement, scheme, reference)
        raise
    guards.audit_posting(
        acting_user, txn, "grant_receipt.create", amount=amount, scheme=scheme.budget_line
    )
    return receipt


def _receipt_problems(agreement, *, scheme=None, received_on=None, amount=None, reference=None):
    """Every check of a receipt that its own fields decide, each field's given (None: the
    form refused it, so its check is left out), collected so all come in one answer."""
    problems = Problems()
    if amount is not None:
        problems.check(parse_amount, amount)
    if reference is not None and not reference.strip():
        problems.add(_("Give the payment reference."), field="reference")
    if (
        scheme is not None
        and not selectors.schemes_of(agreement=agreement).filter(pk=scheme.pk).exists()
    ):
        problems.add(
            _("%(scheme)s is not part of this programme agreement.") % {"scheme": scheme},
            field="scheme",
        )
    if received_on is not None:
        problems.check(guards.check_day, agreement, received_on, "received_on")
    return problems


def grant_receipt_check(*, acting_user, agreement, **fields) -> list[DomainError]:
    """What `grant_receipt_create` would refuse the fields that passed their form with
    (`fields`: scheme, received_on, amount, reference), without writing or locking: for the
    page when other fields were refused, so every problem shows in one answer."""
    access.require_pot_manager(user=acting_user, agreement=agreement)
    return _receipt_problems(agreement, **fields).items


def _check_against_agreement(agreement, scheme, received_on, amount, income, *, confirmed):
    # Every balance of a scheme is at most what it has paid in, so capping the income
    # keeps every account within its column (no numeric overflow, ever).
    if income.balance + amount > MAX_BALANCE:
        raise DomainError(
            _("The receipts of one scheme cannot exceed %(max)s in total.")
            % {"max": format_nok(MAX_BALANCE)},
            field="amount",
        )
    year = received_on.year
    planned = selectors.scheme_year_amount(agreement=agreement, scheme=scheme, year=year)
    received = selectors.received_in_year(agreement=agreement, scheme=scheme, year=year)
    # The part of this receipt above the plan (earlier excess was confirmed then).
    over = min(amount, received + amount - planned)
    if over > 0 and not confirmed:
        raise AboveAgreement(
            _(
                "%(amount)s is %(over)s more than the agreement says %(scheme)s pays in "
                "%(year)s (%(planned)s, of which %(received)s is already registered). Check "
                "the amount; if it is right, tick the confirmation box and post again."
            )
            % {
                "amount": format_nok(amount),
                "over": format_nok(over),
                "scheme": scheme,
                "year": year,
                "planned": format_nok(planned),
                "received": format_nok(received),
            },
            over=over,
        )


def _refuse_repeated_receipt(agreement, scheme, reference: str) -> None:
    """A bank reference is registered once per agreement and scheme."""
    first = GrantReceipt.objects.filter(
        agreement=agreement, scheme=scheme, reference=reference
    ).first()
    if first is not None:
        raise AlreadyRecorded(
            _(
                "The receipt with payment reference %(reference)s from %(scheme)s is already "
                "registered: %(amount)s received %(date)s."
            )
            % {
                "reference": reference,
                "scheme": scheme.budget_line,
                "amount": format_nok(first.amount),
                "date": date_format(first.received_on, "SHORT_DATE_FORMAT"),
            },
            recorded=first,
        )


def _refuse_repeated_form(idempotency_key: str | None) -> None:
    """A one-time form token already posted: the first submission was recorded."""
    if not idempotency_key:
        return
    first = LedgerTransaction.objects.filter(idempotency_key=idempotency_key).first()
    if first is not None:
        raise AlreadyRecorded(
            _("This form was already posted: %(amount)s on %(date)s.")
            % {
                "amount": format_nok(first.amount),
                "date": date_format(first.booked_on, "SHORT_DATE_FORMAT"),
            },
            recorded=first,
        )


def _allocation_problems(agreement, *, year=None, amount=None) -> Problems:
    problems = Problems()
    if amount is not None:
        problems.check(parse_amount, amount)
    if year is not None:
        problems.check(guards.check_year, agreement, year)
    return problems


def allocation_check(
    *, acting_user, agreement, year=None, amount=None, earmarked_scheme=None, **_fields
) -> list[DomainError]:
    """What `allocation_create` would refuse the fields that passed their form with (None:
    refused by the form, its checks left out), without writing or locking: the amount,
    the year and, with a readable amount, what is left in the pot now."""
    access.require_pot_manager(user=acting_user, agreement=agreement)
    problems = _allocation_problems(agreement, year=year, amount=amount)
    if amount is not None and not any(problem.field == "amount" for problem in problems.items):
        pots = Account.objects.filter(agreement=agreement, kind=AccountKind.POT)
        if earmarked_scheme is not None:
            pots = pots.filter(scheme=earmarked_scheme)
        available = sum((pot.balance for pot in pots), ZERO)
        if parse_amount(amount) > available:
            problems.add(
                _("Not enough left in the pot: %(left)s left.") % {"left": format_nok(available)},
                field="amount",
            )
    return problems.items


@transaction.atomic
def allocation_create(
    *,
    acting_user,
    subproject,
    year: int,
    amount,
    reason: str,
    earmarked_scheme: GrantScheme | None = None,
    booked_on: datetime.date | None = None,
    form_token: str | None = None,
) -> LedgerTransaction:
    """Give a sub-project budget for one year from the pot.

    By default the money is taken from each scheme in proportion to what that scheme has
    left in the pot; an earmarked allocation takes it from one scheme only. The form's
    one-time `form_token` makes a second submission of the same form AlreadyRecorded.
    """
    access.require_pot_manager(user=acting_user, agreement=subproject.agreement)
    agreement = guards.hold_agreement(subproject.agreement)
    day = booked_on or guards.today()
    # None means "refused by the form" to the check; here every field is required.
    problems = _allocation_problems(agreement, year=year, amount="" if amount is None else amount)
    if year is None:
        problems.add(_("Choose the year."), field="year")
    problems.check(guards.check_day, agreement, day, "booked_on")
    problems.refuse()
    amount = parse_amount(amount)
    pots = ledger.locked(Account.objects.filter(agreement=agreement, kind=AccountKind.POT))
    # Allocations queue on the pot's accounts, so a repeated form sees the first one.
    key = f"allocation:{form_token}" if form_token else None
    _refuse_repeated_form(key)
    if earmarked_scheme is not None:
        pots = [pot for pot in pots if pot.scheme_id == earmarked_scheme.pk]
    available = sum((pot.balance for pot in pots), ZERO)
    if amount > available:
        raise NotEnoughLeft(
            _("Not enough left in the pot: %(left)s left.") % {"left": format_nok(available)},
            remaining=available,
        )
    parts = ledger.split(amount, {pot: pot.balance for pot in pots})
    moves = ledger.moves_into(
        parts, agreement=agreement, kind=AccountKind.BUDGET, subproject=subproject, year=year
    )
    txn = ledger.post(
        agreement=agreement,
        kind=TransactionKind.ALLOCATION,
        acting_user=acting_user,
        reason=reason,
        booked_on=day,
        moves=moves,
        subproject=subproject,
        earmarked_scheme=earmarked_scheme,
        idempotency_key=key,
    )
    guards.audit_posting(
        acting_user, txn, "allocation.create", amount=amount, subproject=subproject.pk, year=year
    )
    return txn


def _reallocation_problems(
    agreement, *, source=None, target=None, year=None, amount=None, reason=None
) -> Problems:
    problems = Problems()
    if amount is not None:
        problems.check(parse_amount, amount)
    if reason is not None and not reason.strip():
        problems.add(_("Give a reason for the reallocation."), field="reason")
    if source is not None and target is not None:
        if target.agreement_id != source.agreement_id:
            problems.add(_("Both sub-projects must belong to the same agreement."))
        elif target.pk == source.pk:
            problems.add(_("Choose two different sub-projects."), field="target")
    if year is not None:
        problems.check(guards.check_year, agreement, year)
    return problems


def reallocation_check(
    *, acting_user, agreement, source=None, target=None, year=None, amount=None, reason=None
) -> list[DomainError]:
    """What `reallocation_create` would refuse the fields that passed their form with
    (None: refused by the form, its checks left out), without writing or locking: with a
    readable amount, a source and a year, also what is left in the source's budget."""
    access.require_pot_manager(user=acting_user, agreement=agreement)
    problems = _reallocation_problems(
        agreement, source=source, target=target, year=year, amount=amount, reason=reason
    )
    if None not in (amount, source, year) and not problems.items:
        budgets = Account.objects.filter(
            agreement=agreement, kind=AccountKind.BUDGET, subproject=source, year=year
        )
        available = sum((budget.balance for budget in budgets), ZERO)
        if parse_amount(amount) > available:
            problems.items.append(guards.not_enough_in_budget(available))
    return problems.items


@transaction.atomic
def reallocation_create(
    *,
    acting_user,
    source,
    target,
    year: int,
    amount,
    reason: str,
    booked_on: datetime.date | None = None,
) -> LedgerTransaction:
    """Move budget from one sub-project to another for one year; a reason is required."""
    access.require_pot_manager(user=acting_user, agreement=source.agreement)
    agreement = guards.hold_agreement(source.agreement)
    day = booked_on or guards.today()
    # None means "refused by the form" to the check; here every field is required.
    problems = _reallocation_problems(
        agreement,
        source=source,
        target=target,
        year=year,
        amount="" if amount is None else amount,
        reason=reason or "",
    )
    if year is None:
        problems.add(_("Choose the year."), field="year")
    problems.check(guards.check_day, agreement, day, "booked_on")
    problems.refuse()
    amount = parse_amount(amount)
    guards.lock_subprojects(source, target)
    budgets = guards.budget_accounts(source, year)
    available = sum((budget.balance for budget in budgets), ZERO)
    if amount > available:
        raise guards.not_enough_in_budget(available)
    moves = ledger.moves_into(
        ledger.split(amount, {budget: budget.balance for budget in budgets}),
        agreement=agreement,
        kind=AccountKind.BUDGET,
        subproject=target,
        year=year,
    )
    txn = ledger.post(
        agreement=agreement,
        kind=TransactionKind.REALLOCATION,
        acting_user=acting_user,
        reason=reason,
        booked_on=day,
        moves=moves,
        subproject=source,
    )
    guards.audit_posting(
        acting_user,
        txn,
        "reallocation.create",
        amount=amount,
        source=source.pk,
        target=target.pk,
        year=year,
    )
    return txn


def carry_over_moves(*, agreement: ProgrammeAgreement, year: int, find=ledger.account) -> list:
    """Each sub-project's unused budget in `year` -> its budget in `year + 1`, per scheme.

    Checks the year against today, whatever booking date is asked for. `find` gives the
    target account (the service creates it; a preview only looks)."""
    guards.check_year(agreement, year)
    if year + 1 not in agreement.years:
        raise DomainError(
            _("%(year)s is the last year of the period; close the period instead.")
            % {"year": year},
            field="year",
        )
    if guards.today().year <= year:
        raise DomainError(
            _("%(year)s can only be carried over after the year has ended.") % {"year": year},
            field="year",
        )
    budgets = Account.objects.filter(
        agreement=agreement, kind=AccountKind.BUDGET, year=year, balance__gt=0
    ).select_related("scheme", "subproject")
    moves = [
        (
            budget,
            find(
                agreement=agreement,
                kind=AccountKind.BUDGET,
                scheme=budget.scheme,
                subproject=budget.subproject,
                year=year + 1,
            ),
            budget.balance,
        )
        for budget in budgets.order_by("pk")
    ]
    if not moves:
        raise DomainError(
            _("There is no unused budget to carry over from %(year)s.") % {"year": year}
        )
    return moves


@transaction.atomic
def carry_over_create(
    *,
    acting_user,
    agreement: ProgrammeAgreement,
    year: int,
    reason: str = "",
    booked_on: datetime.date | None = None,
) -> LedgerTransaction:
    """At year end, move every sub-project's unused budget to the next year of the period."""
    access.require_pot_manager(user=acting_user, agreement=agreement)
    agreement = guards.hold_agreement(agreement)
    day = booked_on or guards.today()
    if day.year <= year:
        raise DomainError(
            _("%(year)s can only be carried over after the year has ended.") % {"year": year},
            field="year",
        )
    ledger.locked(Account.objects.filter(agreement=agreement, kind=AccountKind.BUDGET, year=year))
    moves = carry_over_moves(agreement=agreement, year=year)
    txn = ledger.post(
        agreement=agreement,
        kind=TransactionKind.CARRY_OVER,
        acting_user=acting_user,
        reason=reason.strip() or _("Unused budget %(year)s carried over") % {"year": year},
        booked_on=day,
        moves=moves,
    )
    guards.audit_posting(acting_user, txn, "carry_over.create", year=year)
    return txn


def close_moves(*, agreement: ProgrammeAgreement, find=ledger.account) -> list:
    """Everything left in the pot and the budgets -> returned to the state, per scheme.

    Refused before the period has ended by today's date, while anything is committed, and
    while an app above funding reports something unsettled (payments waiting for the
    bank's answer; see `samskap.funding.closing`)."""
    if agreement.closed_at is not None:
        raise DomainError(_("The programme period is already closed."))
    if guards.today() < agreement.ends_on:
        # Closing returns every unspent krone to the state for good: never mid-period.
        raise DomainError(
            _("The period runs until %(end)s; it can be closed from that day.")
            % {"end": date_format(agreement.ends_on, "SHORT_DATE_FORMAT")}
        )
    blockers = closing.close_blockers(agreement)
    if blockers:
        raise DomainError(
            _("The period cannot be closed yet: %(reasons)s") % {"reasons": " ".join(blockers)}
        )
    accounts = Account.objects.filter(
        agreement=agreement,
        kind__in=[AccountKind.POT, AccountKind.BUDGET, AccountKind.COMMITTED],
    ).select_related("scheme")
    committed = sum((a.balance for a in accounts if a.kind == AccountKind.COMMITTED), ZERO)
    if committed > 0:
        raise DomainError(
            _("%(amount)s is still committed. Pay or release it before closing the period.")
            % {"amount": format_nok(committed)}
        )
    return [
        (source, find(agreement=agreement, kind=AccountKind.RETURNED, scheme=source.scheme), amount)
        for source, amount in ((a, a.balance) for a in accounts.order_by("pk"))
        if amount > 0
    ]


@transaction.atomic
def agreement_close(*, acting_user, agreement: ProgrammeAgreement, reason: str):
    """End the period today: return every unspent krone to its scheme, refuse later postings.

    Booked on today's date; there is no date to choose. Open commitments must be paid or
    released first, so no decision is left unfunded. A payout that comes back after the
    close goes to the closing balance (`money_release` routes it there).
    """
    access.require_pot_manager(user=acting_user, agreement=agreement)
    if not (reason or "").strip():
        raise DomainError(_("Give a reason for closing the period."), field="reason")
    agreement = ProgrammeAgreement.objects.select_for_update().get(pk=agreement.pk)
    ledger.locked(
        Account.objects.filter(
            agreement=agreement,
            kind__in=[AccountKind.POT, AccountKind.BUDGET, AccountKind.COMMITTED],
        )
    )
    moves = close_moves(agreement=agreement)
    txn = None
    if moves:
        txn = ledger.post(
            agreement=agreement,
            kind=TransactionKind.RETURN,
            acting_user=acting_user,
            reason=reason,
            booked_on=guards.today(),
            moves=moves,
        )
    agreement.closed_at = timezone.now()
    agreement.save(update_fields=["closed_at"])
    audit_record_create(
        actor=acting_user,
        action="agreement.close",
        target=agreement,
        new_values={
            "closed_at": agreement.closed_at.isoformat(),
            "returned": str(sum((amount for _s, _t, amount in moves), ZERO)),
            "transaction": txn.pk if txn else None,
        },
        municipality=agreement.municipality,
    )
    return txn


def reversal_moves(original: LedgerTransaction) -> list:
    """The mirror image of a posting: the original's debits paired with its credits per
    scheme, the ends swapped. Refused for a reversal, for what is already reversed, and
    for postings owned by the support and payment flows (see funding.owned_postings)."""
    if original.kind == TransactionKind.REVERSAL:
        raise DomainError(_("A reversal cannot itself be reversed; post the entry again."))
    owned = owner_message(original.idempotency_key)
    if owned is not None:
        raise DomainError(owned)
    if LedgerTransaction.objects.filter(reverses=original).exists():
        raise DomainError(_("This posting has already been reversed."))
    return ledger.mirror_moves(original)


@transaction.atomic
def transaction_reverse(
    *, acting_user, original: LedgerTransaction, reason: str, booked_on=None
) -> LedgerTransaction:
    """Correct a mistaken posting with its mirror image; the original stays as it was."""
    access.require_pot_manager(user=acting_user, agreement=original.agreement)
    agreement = guards.hold_agreement(original.agreement)
    if not (reason or "").strip():
        raise DomainError(_("Give a reason for the correction."), field="reason")
    moves = reversal_moves(original)
    txn = ledger.post(
        agreement=agreement,
        kind=TransactionKind.REVERSAL,
        acting_user=acting_user,
        reason=reason,
        booked_on=booked_on or guards.today(),
        moves=moves,
        subproject=original.subproject,
        reverses=original,
    )
    guards.audit_posting(acting_user, txn, "transaction.reverse", original=original.pk)
    return txn
