"""What apps above funding say must be settled before a programme period may be closed.

Funding sits below payments and may not import it, so payments registers a function in
its `AppConfig.ready()` (payments of the agreement still waiting for the bank's answer).
`agreement_close` refuses while any registered function reports a reason.
"""

from samskap.core.registry import Registry

# function(agreement) -> list of reasons (empty: nothing in the way)
_blockers = Registry()
register_close_blocker = _blockers.register
unregister_close_blocker = _blockers.unregister


def close_blockers(agreement) -> list[str]:
    """Every reason, in registration order, why `agreement` cannot be closed now."""
    return [reason for function in _blockers for reason in function(agreement)]
