"""Checks every decision service runs on the person deciding, filled in by apps above support.

Deciding money is exercising delegated authority. Apps above support add their own rule
for who may do that (oversight: the yearly acknowledgement of the ethics guide) through
`register_decision_guard` in their `AppConfig.ready()`, so support never imports them. A
guard raises a DomainError; `require_may_decide` runs every registered guard.

Cancelling a decision (`services.decision_cancel`) deliberately runs no guard: it only
stops money that has not left, under its own authority check, and a lapsed yearly
confirmation must not keep a wrong decision alive (docs/oversight.md).
"""

from samskap.core.registry import Registry

# guard(*, user) -> None, raising DomainError
_guards = Registry()
register_decision_guard = _guards.register


def registered_decision_guards() -> tuple:
    return tuple(_guards)


def require_may_decide(*, user) -> None:
    """Run every guard for `user`; None is the system (commands, the demo loader)."""
    if user is None:
        return
    for guard in _guards:
        guard(user=user)
