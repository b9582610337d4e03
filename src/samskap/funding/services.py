"""Writes on grant schemes, programme agreements, the pot's ledger and delegated limits."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.accounts.models import MUNICIPALITY_WIDE_ROLES
from samskap.audit.services import audit_record_create, snapshot
from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.core.money import parse_amount
from samskap.core.templatetags.samskap import nok
from samskap.funding import ledger
from samskap.funding.errors import NotEnoughLeft
from samskap.funding.ledger import ZERO
from samskap.funding.models import (
    Account,
    AccountKind,
    AuthorityLimit,
    Direction,
    GrantReceipt,
    GrantScheme,
    LedgerTransaction,
    ProgrammeAgreement,
    ProgrammeEffectGoal,
    SchemeYearAmount,
    TransactionKind,
)
from samskap.subprojects.models import TeamRole


@transaction.atomic
def grant_scheme_create(
    *,
    acting_user,
    name: str,
    ministry: str,
    directorate: str,
    budget_chapter: str,
    budget_post: str,
    reporting_duties: str = "",
) -> GrantScheme:
    scheme = GrantScheme(
        name=name,
        ministry=ministry,
        directorate=directorate,
        budget_chapter=budget_chapter,
        budget_post=budget_post,
        reporting_duties=reporting_duties,
    )
    scheme.full_clean()
    scheme.save()
    audit_record_create(
        actor=acting_user,
        action="grant_scheme.create",
        target=scheme,
        new_values={"name": name, "budget_line": scheme.budget_line},
    )
    return scheme


@transaction.atomic
def agreement_create(
    *,
    acting_user,
    municipality,
    name: str,
    reference: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    yearly_amounts: dict[GrantScheme, dict[int, Decimal]],
    effect_goals: list[str] = (),
) -> ProgrammeAgreement:
    """Register a programme agreement with each scheme's amount per calendar year."""
    if starts_on >= ends_on:
        raise DomainError(_("The agreement must end after it starts."), field="ends_on")
    agreement = ProgrammeAgreement(
        municipality=municipality,
        name=name,
        reference=reference,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    agreement.full_clean()
    agreement.save()
    years = set(agreement.years)
    lines = []
    for scheme, per_year in yearly_amounts.items():
        for year, amount in per_year.items():
            if year not in years:
                raise DomainError(
                    _("%(year)s is outside the agreement period.") % {"year": year}, field="year"
                )
            lines.append(
                SchemeYearAmount(
                    agreement=agreement, scheme=scheme, year=year, amount=parse_amount(amount)
                )
            )
    SchemeYearAmount.objects.bulk_create(lines)
    ProgrammeEffectGoal.objects.bulk_create(
        ProgrammeEffectGoal(agreement=agreement, position=position, description=text)
        for position, text in enumerate(effect_goals, start=1)
    )
    audit_record_create(
        actor=acting_user,
        action="agreement.create",
        target=agreement,
        new_values={
            "reference": reference,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "yearly_amounts": {
                scheme.budget_line: {str(year): str(amount) for year, amount in per_year.items()}
                for scheme, per_year in yearly_amounts.items()
            },
        },
        municipality=municipality,
    )
    return agreement


# --- The ledger -------------------------------------------------------------------------
# Each action below is one atomic transaction with its audit row. Money is moved between
# accounts of the same grant scheme, so every krone stays traceable to where it came from.


def _today() -> datetime.date:
    return timezone.localdate()


def _require_manager(acting_user, agreement: ProgrammeAgreement) -> None:
    """The pot is managed by the municipality's economist or administrator only."""
    if acting_user is None:
        return
    if acting_user.is_superuser:
        return
    if (
        acting_user.role not in MUNICIPALITY_WIDE_ROLES
        or acting_user.municipality_id != agreement.municipality_id
    ):
        raise NotFoundOrForbidden("agreement")


def _require_same_municipality(acting_user, agreement: ProgrammeAgreement) -> None:
    if (
        acting_user is not None
        and not acting_user.is_superuser
        and acting_user.municipality_id != agreement.municipality_id
    ):
        raise NotFoundOrForbidden("agreement")


def _agreement_schemes(agreement: ProgrammeAgreement) -> list[GrantScheme]:
    ids = SchemeYearAmount.objects.filter(agreement=agreement).values("scheme_id")
    return list(GrantScheme.objects.filter(pk__in=ids))


def _check_year(agreement: ProgrammeAgreement, year: int) -> None:
    if year not in agreement.years:
        raise DomainError(
            _("%(year)s is outside the agreement period (%(first)s–%(last)s).")
            % {"year": year, "first": agreement.starts_on.year, "last": agreement.ends_on.year},
            field="year",
        )


def _check_day(agreement: ProgrammeAgreement, day: datetime.date, field: str) -> None:
    if not agreement.covers(day):
        raise DomainError(
            _("The date must be within the agreement period, %(start)s to %(end)s.")
            % {
                "start": agreement.starts_on.strftime("%d.%m.%Y"),
                "end": agreement.ends_on.strftime("%d.%m.%Y"),
            },
            field=field,
        )


def _audit(acting_user, txn: LedgerTransaction, action: str, **values) -> None:
    audit_record_create(
        actor=acting_user,
        action=action,
        target=txn,
        new_values={
            "kind": txn.kind,
            "booked_on": txn.booked_on.isoformat(),
            "reason": txn.reason,
            **{key: str(value) for key, value in values.items()},
        },
        municipality=txn.agreement.municipality,
    )


@transaction.atomic
def grant_receipt_create(
    *,
    acting_user,
    agreement: ProgrammeAgreement,
    scheme: GrantScheme,
    received_on: datetime.date,
    amount,
    reference: str,
) -> GrantReceipt:
    """Register money received from one scheme: scheme income -> the pot."""
    _require_manager(acting_user, agreement)
    amount = parse_amount(amount)
    reference = (reference or "").strip()
    if not reference:
        raise DomainError(_("Give the payment reference."), field="reference")
    if scheme.pk not in {s.pk for s in _agreement_schemes(agreement)}:
        raise DomainError(
            _("%(scheme)s is not part of this programme agreement.") % {"scheme": scheme},
            field="scheme",
        )
    _check_day(agreement, received_on, "received_on")
    income = ledger.account(agreement=agreement, kind=AccountKind.INCOME, scheme=scheme)
    pot = ledger.account(agreement=agreement, kind=AccountKind.POT, scheme=scheme)
    txn = ledger.post(
        agreement=agreement,
        kind=TransactionKind.RECEIPT,
        acting_user=acting_user,
        reason=_("Received from %(scheme)s, ref. %(reference)s")
        % {"scheme": scheme.budget_line, "reference": reference},
        booked_on=received_on,
        moves=[(income, pot, amount)],
    )
    receipt = GrantReceipt.objects.create(
        agreement=agreement,
        scheme=scheme,
        received_on=received_on,
        amount=amount,
        reference=reference,
        transaction=txn,
    )
    _audit(acting_user, txn, "grant_receipt.create", amount=amount, scheme=scheme.budget_line)
    return receipt


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
) -> LedgerTransaction:
    """Give a sub-project budget for one year from the pot.

    By default the money is taken from each scheme in proportion to what that scheme has
    left in the pot; an earmarked allocation takes it from one scheme only.
    """
    agreement = subproject.agreement
    _require_manager(acting_user, agreement)
    amount = parse_amount(amount)
    _check_year(agreement, year)
    pots = ledger.locked(Account.objects.filter(agreement=agreement, kind=AccountKind.POT))
    if earmarked_scheme is not None:
        pots = [pot for pot in pots if pot.scheme_id == earmarked_scheme.pk]
    available = sum((pot.balance for pot in pots), ZERO)
    if amount > available:
        raise NotEnoughLeft(
            _("Not enough left in the pot: %(left)s left.") % {"left": nok(available)},
            remaining=available,
        )
    parts = ledger.split(amount, {pot: pot.balance for pot in pots})
    moves = [
        (
            pot,
            ledger.account(
                agreement=agreement,
                kind=AccountKind.BUDGET,
                scheme=pot.scheme,
                subproject=subproject,
                year=year,
            ),
            part,
        )
        for pot, part in parts.items()
    ]
    txn = ledger.post(
        agreement=agreement,
        kind=TransactionKind.ALLOCATION,
        acting_user=acting_user,
        reason=reason,
        booked_on=booked_on or _today(),
        moves=moves,
        subproject=subproject,
        earmarked_scheme=earmarked_scheme,
    )
    _audit(
        acting_user, txn, "allocation.create", amount=amount, subproject=subproject.pk, year=year
    )
    return txn


def _lock_subprojects(*subprojects) -> None:
    """Lock every account of these sub-projects at once, in primary-key order.

    Money actions on one sub-project then run one at a time, and two actions touching
    the same sub-projects always take their locks in the same order, so none deadlock.
    """
    ledger.locked(Account.objects.filter(subproject__in=[s.pk for s in subprojects]))


def _budget_accounts(subproject, year: int) -> list[Account]:
    _lock_subprojects(subproject)
    return ledger.locked(
        Account.objects.filter(
            agreement=subproject.agreement_id,
            kind=AccountKind.BUDGET,
            subproject=subproject,
            year=year,
        )
    )


def _not_enough_in_budget(remaining: Decimal) -> NotEnoughLeft:
    return NotEnoughLeft(
        _("Not enough left in the budget: %(left)s left.") % {"left": nok(remaining)},
        remaining=remaining,
    )


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
    agreement = source.agreement
    _require_manager(acting_user, agreement)
    amount = parse_amount(amount)
    if not (reason or "").strip():
        raise DomainError(_("Give a reason for the reallocation."), field="reason")
    if target.agreement_id != source.agreement_id:
        raise DomainError(_("Both sub-projects must belong to the same agreement."))
    if target.pk == source.pk:
        raise DomainError(_("Choose two different sub-projects."), field="target")
    _check_year(agreement, year)
    _lock_subprojects(source, target)
    budgets = _budget_accounts(source, year)
    available = sum((budget.balance for budget in budgets), ZERO)
    if amount > available:
        raise _not_enough_in_budget(available)
    moves = [
        (
            budget,
            ledger.account(
                agreement=agreement,
                kind=AccountKind.BUDGET,
                scheme=budget.scheme,
                subproject=target,
                year=year,
            ),
            part,
        )
        for budget, part in ledger.split(amount, {b: b.balance for b in budgets}).items()
    ]
    txn = ledger.post(
        agreement=agreement,
        kind=TransactionKind.REALLOCATION,
        acting_user=acting_user,
        reason=reason,
        booked_on=booked_on or _today(),
        moves=moves,
        subproject=source,
    )
    _audit(
        acting_user,
        txn,
        "reallocation.create",
        amount=amount,
        source=source.pk,
        target=target.pk,
        year=year,
    )
    return txn


def _replay(idempotency_key: str, *, kind: str, subproject, amount: Decimal):
    """The transaction already posted under this key, or None; refuse a key reused."""
    if not idempotency_key or not idempotency_key.strip():
        raise ValueError("An idempotency key is required")
    existing = LedgerTransaction.objects.filter(idempotency_key=idempotency_key).first()
    if existing is None:
        return None
    if (
        existing.kind != kind
        or existing.subproject_id != subproject.pk
        or existing.amount != amount
    ):
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
    agreement = subproject.agreement
    _require_same_municipality(acting_user, agreement)
    amount = parse_amount(amount)
    day = booked_on or _today()
    _check_day(agreement, day, "booked_on")
    budgets = _budget_accounts(subproject, day.year)
    existing = _replay(
        idempotency_key, kind=TransactionKind.COMMITMENT, subproject=subproject, amount=amount
    )
    if existing is not None:
        return existing
    available = sum((budget.balance for budget in budgets), ZERO)
    if amount > available:
        raise _not_enough_in_budget(available)
    moves = [
        (
            budget,
            ledger.account(
                agreement=agreement,
                kind=AccountKind.COMMITTED,
                scheme=budget.scheme,
                subproject=subproject,
                year=day.year,
            ),
            part,
        )
        for budget, part in ledger.split(amount, {b: b.balance for b in budgets}).items()
    ]
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
    _audit(acting_user, txn, "money.commit", amount=amount, subproject=subproject.pk)
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
) -> LedgerTransaction:
    agreement = subproject.agreement
    _require_same_municipality(acting_user, agreement)
    amount = parse_amount(amount)
    day = booked_on or _today()
    _lock_subprojects(subproject)
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
        raise NotEnoughLeft(message % {"left": nok(available)}, remaining=available)
    moves = []
    for source, part in ledger.take_oldest_first(amount, sources).items():
        if kind == TransactionKind.PAYMENT:
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
    )
    _audit(acting_user, txn, f"money.{kind}", amount=amount, subproject=subproject.pk)
    return txn


@transaction.atomic
def money_pay(
    *,
    acting_user,
    subproject,
    amount,
    idempotency_key: str,
    reason: str,
    booked_on: datetime.date | None = None,
) -> LedgerTransaction:
    """Record a payout: committed -> paid (oldest commitments first)."""
    return _from_committed(
        acting_user=acting_user,
        subproject=subproject,
        amount=amount,
        idempotency_key=idempotency_key,
        reason=reason,
        kind=TransactionKind.PAYMENT,
        source_kind=AccountKind.COMMITTED,
        booked_on=booked_on,
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
) -> LedgerTransaction:
    """Give money back to the sub-project's budget this year.

    From committed when a decision is cancelled; from paid when a payout came back.
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
    )


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
    _require_manager(acting_user, agreement)
    day = booked_on or _today()
    _check_year(agreement, year)
    if year + 1 not in agreement.years:
        raise DomainError(
            _("%(year)s is the last year of the period; close the period instead.")
            % {"year": year},
            field="year",
        )
    if day.year <= year:
        raise DomainError(
            _("%(year)s can only be carried over after the year has ended.") % {"year": year},
            field="year",
        )
    budgets = ledger.locked(
        Account.objects.filter(agreement=agreement, kind=AccountKind.BUDGET, year=year)
    )
    moves = [
        (
            budget,
            ledger.account(
                agreement=agreement,
                kind=AccountKind.BUDGET,
                scheme=budget.scheme,
                subproject=budget.subproject,
                year=year + 1,
            ),
            budget.balance,
        )
        for budget in budgets
        if budget.balance > 0
    ]
    if not moves:
        raise DomainError(
            _("There is no unused budget to carry over from %(year)s.") % {"year": year}
        )
    txn = ledger.post(
        agreement=agreement,
        kind=TransactionKind.CARRY_OVER,
        acting_user=acting_user,
        reason=reason.strip() or _("Unused budget %(year)s carried over") % {"year": year},
        booked_on=day,
        moves=moves,
    )
    _audit(acting_user, txn, "carry_over.create", year=year)
    return txn


@transaction.atomic
def agreement_close(
    *, acting_user, agreement: ProgrammeAgreement, reason: str, booked_on=None
) -> LedgerTransaction | None:
    """End the period: return every unspent krone to its scheme and refuse later postings.

    Open commitments must be paid or released first, so no decision is left unfunded.
    """
    _require_manager(acting_user, agreement)
    agreement = ProgrammeAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.closed_at is not None:
        raise DomainError(_("The programme period is already closed."))
    accounts = ledger.locked(
        Account.objects.filter(
            agreement=agreement,
            kind__in=[AccountKind.POT, AccountKind.BUDGET, AccountKind.COMMITTED],
        )
    )
    committed = sum((a.balance for a in accounts if a.kind == AccountKind.COMMITTED), ZERO)
    if committed > 0:
        raise DomainError(
            _("%(amount)s is still committed. Pay or release it before closing the period.")
            % {"amount": nok(committed)}
        )
    moves = [
        (
            source,
            ledger.account(agreement=agreement, kind=AccountKind.RETURNED, scheme=source.scheme),
            source.balance,
        )
        for source in accounts
        if source.balance > 0
    ]
    txn = None
    if moves:
        txn = ledger.post(
            agreement=agreement,
            kind=TransactionKind.RETURN,
            acting_user=acting_user,
            reason=reason,
            booked_on=booked_on or _today(),
            moves=moves,
        )
    agreement.closed_at = timezone.now()
    agreement.save(update_fields=["closed_at"])
    audit_record_create(
        actor=acting_user,
        action="agreement.close",
        target=agreement,
        new_values={"closed_at": agreement.closed_at.isoformat(), "reason": reason},
        municipality=agreement.municipality,
    )
    return txn


@transaction.atomic
def transaction_reverse(
    *, acting_user, original: LedgerTransaction, reason: str, booked_on=None
) -> LedgerTransaction:
    """Correct a mistaken posting with its mirror image; the original stays as it was."""
    agreement = original.agreement
    _require_manager(acting_user, agreement)
    if original.kind == TransactionKind.REVERSAL:
        raise DomainError(_("A reversal cannot itself be reversed; post the entry again."))
    if LedgerTransaction.objects.filter(reverses=original).exists():
        raise DomainError(_("This posting has already been reversed."))
    if not (reason or "").strip():
        raise DomainError(_("Give a reason for the correction."), field="reason")
    legs = list(original.legs.select_related("account__scheme"))
    credits = [leg for leg in legs if leg.direction == Direction.CREDIT]
    debits = [leg for leg in legs if leg.direction == Direction.DEBIT]
    moves = []
    # Pair the original's debits with its credits per scheme, then swap the ends.
    for scheme_id in {leg.account.scheme_id for leg in legs}:
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
    txn = ledger.post(
        agreement=agreement,
        kind=TransactionKind.REVERSAL,
        acting_user=acting_user,
        reason=reason,
        booked_on=booked_on or _today(),
        moves=moves,
        subproject=original.subproject,
        reverses=original,
    )
    _audit(acting_user, txn, "transaction.reverse", original=original.pk)
    return txn


@transaction.atomic
def authority_limit_set(
    *,
    acting_user,
    municipality,
    team_role: str,
    max_per_decision,
    max_per_household_per_year,
    subproject=None,
) -> AuthorityLimit:
    """Set how much one team role may grant without a second approver."""
    if acting_user is not None and not acting_user.is_superuser:
        allowed = acting_user.municipality_id == municipality.pk and (
            acting_user.role in MUNICIPALITY_WIDE_ROLES
            or (
                subproject is not None
                and subproject.memberships.filter(
                    user=acting_user, team_role=TeamRole.LEAD
                ).exists()
            )
        )
        if not allowed:
            raise NotFoundOrForbidden("authority_limit")
    if subproject is not None and subproject.agreement.municipality_id != municipality.pk:
        raise NotFoundOrForbidden("subproject")
    if team_role not in TeamRole.values:
        raise DomainError(_("Choose a role in the team."), field="team_role")
    per_decision = parse_amount(max_per_decision, field="max_per_decision")
    per_year = parse_amount(max_per_household_per_year, field="max_per_household_per_year")
    if per_decision > per_year:
        raise DomainError(
            _("The limit per decision cannot be higher than the limit per household per year."),
            field="max_per_decision",
        )
    limit = (
        AuthorityLimit.objects.select_for_update()
        .filter(municipality=municipality, subproject=subproject, team_role=team_role)
        .order_by("pk")
        .first()
    )
    old = None
    if limit is None:
        limit = AuthorityLimit(
            municipality=municipality, subproject=subproject, team_role=team_role
        )
    else:
        old = snapshot(limit, ["max_per_decision", "max_per_household_per_year"])
    limit.max_per_decision = per_decision
    limit.max_per_household_per_year = per_year
    limit.save()
    audit_record_create(
        actor=acting_user,
        action="authority_limit.set",
        target=limit,
        old_values={key: str(value) for key, value in old.items()} if old else None,
        new_values={
            "team_role": team_role,
            "subproject": subproject.pk if subproject else None,
            "max_per_decision": str(per_decision),
            "max_per_household_per_year": str(per_year),
        },
        municipality=municipality,
    )
    return limit
