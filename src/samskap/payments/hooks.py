"""What other contexts do when payments go to the bank or come back, so payments never
imports them.

Payments stands below support: it knows a payment came back, not which family waits for
it. Support registers a function here in its `AppConfig.ready()` (a task for the contact
person); the returns import calls every registered function once per import with every
payment it returned, inside its own transaction, so the tasks and the returns commit
together or not at all, and the cost does not grow per payment.
"""

from samskap.core.registry import Registry

# function(*, payments, acting_user) -> None
_returned_hooks = Registry()
register_payments_returned = _returned_hooks.register
unregister_payments_returned = _returned_hooks.unregister


def on_payments_returned(*, payments, acting_user) -> None:
    """Tell every registered context that the bank sent `payments` back."""
    if not payments:
        return
    for function in _returned_hooks:
        function(payments=list(payments), acting_user=acting_user)


# function(*, batch, acting_user) -> None
_exported_hooks = Registry()
register_payments_exported = _exported_hooks.register
unregister_payments_exported = _exported_hooks.unregister


def on_payments_exported(*, batch, acting_user) -> None:
    """Tell every registered context that `batch` went to the bank (its payments are paid
    out from the citizen's point of view), inside the export's transaction."""
    for function in _exported_hooks:
        function(batch=batch, acting_user=acting_user)
