"""What other contexts do when the bank sends a payment back, so payments never imports them.

Payments stands below support: it knows a payment came back, not which family waits for
it. Support registers a function here in its `AppConfig.ready()` (a task for the contact
person); the returns import calls every registered function inside its own transaction,
so the task and the return commit together or not at all.
"""

from collections.abc import Callable

PaymentReturnedHook = Callable[..., None]

_returned_hooks: list[PaymentReturnedHook] = []


def register_payment_returned(function: PaymentReturnedHook) -> PaymentReturnedHook:
    """Call `function(*, payment, acting_user)` whenever a payment becomes returned; a
    second registration of the same function is ignored. Usable as a decorator."""
    if function not in _returned_hooks:
        _returned_hooks.append(function)
    return function


def unregister_payment_returned(function: PaymentReturnedHook) -> None:
    """Take a registered function off again (for tests)."""
    if function in _returned_hooks:
        _returned_hooks.remove(function)


def on_payment_returned(*, payment, acting_user) -> None:
    """Tell every registered context that the bank sent `payment` back."""
    for function in list(_returned_hooks):
        function(payment=payment, acting_user=acting_user)
