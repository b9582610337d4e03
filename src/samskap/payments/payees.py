"""Where a waiting payment's current payee comes from, so payments never imports people.

The app that knows households (support) registers a function in its `AppConfig.ready()`
that gives the name and account a payment would be made to today: for a cash line, the
household's current account holder and account. The payments page offers to correct a
payment from it (`payments.services.payment_correct`).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Payee:
    name: str
    account: str


PayeeFunction = Callable[..., Payee | None]

_functions: list[PayeeFunction] = []


def register_current_payee(function: PayeeFunction) -> PayeeFunction:
    """Add `function(payment) -> Payee | None`; a second registration is ignored."""
    if function not in _functions:
        _functions.append(function)
    return function


def current_payee(payment) -> Payee | None:
    """The first registered answer for `payment`, or None when nobody knows a payee."""
    for function in _functions:
        if (payee := function(payment)) is not None:
            return payee
    return None
