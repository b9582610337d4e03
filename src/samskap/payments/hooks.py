"""What other contexts do when the bank sends payments back, so payments never imports them.

Payments stands below support: it knows a payment came back, not which family waits for
it. Support registers a function here in its `AppConfig.ready()` (a task for the contact
person); the returns import calls every registered function once per import with every
payment it returned, inside its own transaction, so the tasks and the returns commit
together or not at all, and the cost does not grow per payment.
"""

from collections.abc import Callable

PaymentsReturnedHook = Callable[..., None]

_returned_hooks: list[PaymentsReturnedHook] = []


def register_payments_returned(function: PaymentsReturnedHook) -> PaymentsReturnedHook:
    """Call `function(*, payments, acting_user)` whenever payments become returned; a
    second registration of the same function is ignored. Usable as a decorator."""
    if function not in _returned_hooks:
        _returned_hooks.append(function)
    return function


def unregister_payments_returned(function: PaymentsReturnedHook) -> None:
    """Take a registered function off again (for tests)."""
    if function in _returned_hooks:
        _returned_hooks.remove(function)


def on_payments_returned(*, payments, acting_user) -> None:
    """Tell every registered context that the bank sent `payments` back."""
    if not payments:
        return
    for function in list(_returned_hooks):
        function(payments=list(payments), acting_user=acting_user)
