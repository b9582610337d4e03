"""What payments asks about payees, so payments never imports people.

The app that knows households (support) registers, in its `AppConfig.ready()`:
- a function that gives the name and account a payment would be made to today: for a
  cash line, the household's current account holder and account. The payments page
  offers to correct a payment from it (`payments.services.payment_correct`);
- a function that says whether an account is a payee's (a household's or a supplier's)
  in a municipality, so the programme's own paying account is never one of them.
"""

from dataclasses import dataclass

from samskap.core.registry import Registry


@dataclass(frozen=True)
class Payee:
    name: str
    account: str


# function(payment) -> Payee | None
_functions = Registry()
register_current_payee = _functions.register


def current_payee(payment) -> Payee | None:
    """The first registered answer for `payment`, or None when nobody knows a payee."""
    for function in _functions:
        if (payee := function(payment)) is not None:
            return payee
    return None


# function(*, municipality_id: int, account: str) -> bool
_payee_accounts = Registry()
register_payee_account = _payee_accounts.register


def is_payee_account(*, municipality_id: int, account: str) -> bool:
    """Whether `account` (11 digits) is a household's or supplier's payee account in
    `municipality_id`, as any registered function says."""
    return any(
        function(municipality_id=municipality_id, account=account) for function in _payee_accounts
    )
