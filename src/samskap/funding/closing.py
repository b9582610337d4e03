"""What apps above funding say must be settled before a programme period may be closed.

Funding sits below payments and may not import it, so payments registers a function in
its `AppConfig.ready()` (payments of the agreement still waiting for the bank's answer).
`agreement_close` refuses while any registered function reports a reason.
"""

from collections.abc import Callable

CloseBlocker = Callable[..., list[str]]

_blockers: list[CloseBlocker] = []


def register_close_blocker(function: CloseBlocker) -> CloseBlocker:
    """Add `function(agreement) -> list of reasons` (empty: nothing in the way); a second
    registration of the same function is ignored. Usable as a decorator."""
    if function not in _blockers:
        _blockers.append(function)
    return function


def unregister_close_blocker(function: CloseBlocker) -> None:
    """Take a registered function off again (for tests)."""
    if function in _blockers:
        _blockers.remove(function)


def close_blockers(agreement) -> list[str]:
    """Every reason, in registration order, why `agreement` cannot be closed now."""
    reasons: list[str] = []
    for function in _blockers:
        reasons.extend(function(agreement))
    return reasons
