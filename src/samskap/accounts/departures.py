"""What would be left behind if a staff user left: apps above accounts (subprojects: the
team's last lead; people: households whose contact person they are) register a check, so
deactivating a user, or taking their seat on a team, is refused with a clear message
instead of silently leaving a team without a lead or a household without a contact person.
"""

from samskap.core.registry import Registry

# function(*, user, subproject=None) -> list[str]: the reasons `user` may not leave
# `subproject` (None: leave every team, as when deactivated)
_checks = Registry()
register_departure_check = _checks.register


def departure_refusals(*, user, subproject=None) -> list[str]:
    """Every registered check's reasons, in registration order (empty: free to leave)."""
    return [reason for check in _checks for reason in check(user=user, subproject=subproject)]
