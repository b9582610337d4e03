"""The figures before and after a carry-over, a close or a reversal, for the confirm step.

Built from the same moves the services post (`carry_over_moves`, `close_moves`,
`reversal_moves`), but only looking: no account is created and nothing is locked.
"""

from dataclasses import dataclass
from decimal import Decimal

from samskap.funding.ledger import ZERO, lowering_direction
from samskap.funding.models import Account, AccountKind, Direction


def peek(*, agreement, kind: str, scheme, subproject=None, year=None) -> Account:
    """The account if it exists, else an empty one that is never saved."""
    found = Account.objects.filter(
        agreement=agreement, kind=kind, scheme=scheme, subproject=subproject, year=year
    ).first()
    return found or Account(
        agreement=agreement, kind=kind, scheme=scheme, subproject=subproject, year=year
    )


@dataclass
class BalanceChange:
    label: str
    before: Decimal = ZERO
    after: Decimal = ZERO

    @property
    def change(self) -> Decimal:
        return self.after - self.before


def _key_and_label(account: Account, by_scheme: bool) -> tuple[tuple, str]:
    if by_scheme:
        label = f"{account.get_kind_display()} · {account.scheme.budget_line}"
        return (account.kind, account.scheme_id), label
    key = (account.kind, account.scheme_id, account.subproject_id, account.year)
    return key, str(account)


def balance_changes(moves, *, by_scheme: bool = False) -> list[BalanceChange]:
    """Each account the moves touch (or each kind and scheme), before and after."""
    rows: dict[tuple, BalanceChange] = {}
    counted: set[tuple] = set()
    for source, target, amount in moves:
        for account, direction in ((source, Direction.CREDIT), (target, Direction.DEBIT)):
            key, label = _key_and_label(account, by_scheme)
            row = rows.setdefault(key, BalanceChange(label=label))
            identity = (account.kind, account.scheme_id, account.subproject_id, account.year)
            if identity not in counted:
                counted.add(identity)
                row.before += account.balance
                row.after += account.balance
            lowers = lowering_direction(account) == direction
            row.after += -amount if lowers else amount
    order = [kind.value for kind in AccountKind]
    ranked = sorted(rows.items(), key=lambda item: (order.index(item[0][0]), item[1].label))
    return [row for _key, row in ranked]
