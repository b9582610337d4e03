"""Where a waiting payment's current payee comes from, so payments never imports people.

The app that knows households (support) registers a function in its `AppConfig.ready()`
that gives the name and account a payment would be made to today: for a cash line, the
household's current account holder and account. The payments page offers to correct a
payment from it (`payments.services.payment_correct`).
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
