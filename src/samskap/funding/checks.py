"""The auditor's invariants of the ledger, recomputed from the legs themselves.

Used by `samskap ledger_check` and by the property-based tests after every step.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from samskap.funding import reports
from samskap.funding.models import (
    Account,
    AccountKind,
    AccountMonth,
    Direction,
    GrantReceipt,
    LedgerTransaction,
    Leg,
    ProgrammeAgreement,
    TransactionKind,
)

ZERO = Decimal("0.00")


def ledger_breaches(*, agreement: ProgrammeAgreement | None = None) -> list[str]:
    """Every broken invariant as one readable line; an empty list means all is well."""
    agreements = (
        [agreement] if agreement is not None else list(ProgrammeAgreement.objects.order_by("pk"))
    )
    breaches = []
    for item in agreements:
        breaches.extend(_agreement_breaches(item))
    return breaches


def _agreement_breaches(agreement: ProgrammeAgreement) -> list[str]:
    label = f"[{agreement.reference}]"
    breaches = []
    accounts = {
        a.pk: a for a in Account.objects.filter(agreement=agreement).select_related("scheme")
    }
    legs = list(
        Leg.objects.filter(transaction__agreement=agreement).values_list(
            "transaction_id",
            "account_id",
            "scheme_id",
            "direction",
            "amount",
            "transaction__booked_on",
        )
    )
    # 1. Every transaction has two legs or more and sums to zero per scheme.
    per_txn_scheme: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    leg_count: dict[int, int] = defaultdict(int)
    recomputed: dict[int, Decimal] = defaultdict(lambda: ZERO)
    by_month: dict[tuple[int, datetime.date], Decimal] = defaultdict(lambda: ZERO)
    for txn_id, account_id, scheme_id, direction, amount, booked_on in legs:
        account = accounts.get(account_id)
        if account is None:
            breaches.append(f"{label} transaction {txn_id} posts to another agreement's account")
            continue
        if scheme_id != account.scheme_id:
            breaches.append(f"{label} transaction {txn_id} has a leg on the wrong scheme")
        if amount <= 0:
            breaches.append(f"{label} transaction {txn_id} has a leg of {amount}")
        signed = amount if direction == Direction.DEBIT else -amount
        per_txn_scheme[(txn_id, account.scheme_id)] += signed
        leg_count[txn_id] += 1
        change = -signed if account.kind == AccountKind.INCOME else signed
        recomputed[account_id] += change
        by_month[(account_id, booked_on.replace(day=1))] += change
    for (txn_id, scheme_id), total in sorted(per_txn_scheme.items()):
        if total != 0:
            breaches.append(
                f"{label} transaction {txn_id} does not balance for scheme {scheme_id}: {total}"
            )
    for txn_id in LedgerTransaction.objects.filter(agreement=agreement).values_list(
        "pk", flat=True
    ):
        if leg_count[txn_id] < 2:
            breaches.append(f"{label} transaction {txn_id} has {leg_count[txn_id]} legs")
    # 2. Stored balances equal the legs and are never negative.
    for account in accounts.values():
        if account.balance != recomputed[account.pk]:
            breaches.append(
                f"{label} {account}: stored balance {account.balance} "
                f"but the legs add up to {recomputed[account.pk]}"
            )
        if recomputed[account.pk] < 0:
            breaches.append(f"{label} {account} is negative: {recomputed[account.pk]}")
    # 2b. The monthly changes the database keeps with the legs (read by the burn-down)
    # equal the legs of each account and month.
    stored = {
        (account_id, month): change
        for account_id, month, change in AccountMonth.objects.filter(
            account__agreement=agreement
        ).values_list("account_id", "month", "change")
    }
    for key in sorted(set(stored) | set(by_month)):
        if stored.get(key, ZERO) != by_month.get(key, ZERO):
            account_id, month = key
            breaches.append(
                f"{label} {accounts[account_id]} {month:%Y-%m}: stored monthly change "
                f"{stored.get(key, ZERO)} but the legs add up to {by_month.get(key, ZERO)}"
            )
    # 3. Income per scheme equals the receipts not reversed.
    receipts: dict[int, Decimal] = defaultdict(lambda: ZERO)
    reversed_ids = set(
        LedgerTransaction.objects.filter(agreement=agreement, reverses__isnull=False).values_list(
            "reverses_id", flat=True
        )
    )
    for receipt in GrantReceipt.objects.filter(agreement=agreement):
        if receipt.transaction_id not in reversed_ids:
            receipts[receipt.scheme_id] += receipt.amount
    # 4. Per scheme: received = pot + sub-project money + returned (nothing appears or vanishes).
    income: dict[int, Decimal] = defaultdict(lambda: ZERO)
    held: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for account in accounts.values():
        if account.kind == AccountKind.INCOME:
            income[account.scheme_id] += recomputed[account.pk]
        else:
            held[account.scheme_id] += recomputed[account.pk]
    for scheme_id in sorted(set(income) | set(receipts) | set(held)):
        if income[scheme_id] != receipts[scheme_id]:
            breaches.append(
                f"{label} scheme {scheme_id}: income {income[scheme_id]} "
                f"but receipts {receipts[scheme_id]}"
            )
        if income[scheme_id] != held[scheme_id]:
            breaches.append(
                f"{label} scheme {scheme_id}: received {income[scheme_id]} but pot, "
                f"sub-projects and returned hold {held[scheme_id]}"
            )
    # 5. The per-scheme report adds up to the pot overview, per sub-project and year.
    breaches.extend(_traceability_breaches(agreement, label))
    # 6. A closed period holds no money outside what was paid and returned.
    open_kinds = {AccountKind.POT, AccountKind.BUDGET, AccountKind.COMMITTED}
    if agreement.closed_at is not None:
        for account in accounts.values():
            if account.kind in open_kinds and recomputed[account.pk] != 0:
                breaches.append(f"{label} closed, but {account} still holds money")
        # 7. After the close, only payouts returned to the closing balance were posted.
        late = LedgerTransaction.objects.filter(
            agreement=agreement, created_at__gt=agreement.closed_at
        ).exclude(kind=TransactionKind.LATE_RETURN)
        for txn_id in late.values_list("pk", flat=True):
            breaches.append(f"{label} transaction {txn_id} was posted after the close")
    return breaches


def _traceability_breaches(agreement: ProgrammeAgreement, label: str) -> list[str]:
    overview = reports.pot_overview(agreement=agreement)
    sections = reports.scheme_report(agreement=agreement)
    from_schemes: dict[tuple[int, int], list[Decimal]] = defaultdict(lambda: [ZERO] * 4)
    for section in sections:
        for subproject, cell in section.rows:
            sums = from_schemes[(subproject.pk, cell.year)]
            for index, value in enumerate(
                (cell.allocated, cell.committed, cell.paid, cell.remaining)
            ):
                sums[index] += value
    breaches = []
    for row in overview.rows:
        for cell in row.years:
            expected = [cell.allocated, cell.committed, cell.paid, cell.remaining]
            if from_schemes[(row.subproject.pk, cell.year)] != expected:
                breaches.append(
                    f"{label} {row.subproject} {cell.year}: schemes add up to "
                    f"{from_schemes[(row.subproject.pk, cell.year)]}, overview shows {expected}"
                )
    received = sum((section.received for section in sections), ZERO)
    if received != overview.received:
        breaches.append(f"{label} schemes received {received}, overview {overview.received}")
    if sum(overview.received_by_year, ZERO) != overview.received:
        breaches.append(f"{label} receipts per year do not add up to {overview.received}")
    return breaches


def balance_lines(*, agreement: ProgrammeAgreement) -> list[str]:
    """The balances an auditor reads: per scheme, then per sub-project and year."""
    lines = [f"{agreement.reference} {agreement.name}"]
    overview = reports.pot_overview(agreement=agreement)
    lines.append(
        f"  received {overview.received}  pot {overview.unallocated}  "
        f"returned {overview.returned}  allocated {overview.total.allocated}  "
        f"committed {overview.total.committed}  paid {overview.total.paid}  "
        f"remaining {overview.total.remaining}"
    )
    for section in reports.scheme_report(agreement=agreement):
        lines.append(
            f"  scheme {section.scheme.budget_line}: received {section.received}  "
            f"pot {section.unallocated}  allocated {section.total.allocated}  "
            f"committed {section.total.committed}  paid {section.total.paid}  "
            f"returned {section.returned}"
        )
    for row in overview.rows:
        for cell in row.years:
            if cell.allocated:
                lines.append(
                    f"  {row.subproject.name} {cell.year}: allocated {cell.allocated}  "
                    f"committed {cell.committed}  paid {cell.paid}  remaining {cell.remaining}"
                )
    return lines
