"""Who sees and reviews misuse signals: a unit lead, for the sub-projects where they hold
the lead's seat, and the municipality's economist or administrator, for all of them.

A signal about colleagues is not for every team member: contact persons and team members
see none. "Missing" and "not yours" raise the same NotFoundOrForbidden. Households behind a
signal are named only to whoever may open them (`people.selectors`).
"""

from samskap.accounts.access import manages_municipality
from samskap.accounts.models import Role
from samskap.core.errors import NotFoundOrForbidden
from samskap.oversight.signals import Signal, signals_for_year
from samskap.people.selectors import households_visible_to
from samskap.subprojects.models import TeamMembership, TeamRole

ALL = None  # every sub-project of the municipality


def sees_signals(user) -> bool:
    """The economy and unit leads (without a query: the menu asks on every page); a unit
    lead reviews only the sub-projects they lead (`reviewable_subprojects`)."""
    if user is None or not user.is_authenticated or user.municipality_id is None:
        return False
    return manages_municipality(user, user.municipality_id) or user.role == Role.UNIT_LEAD


def reviewable_subprojects(user) -> set[int] | None:
    """The sub-projects whose signals `user` reviews: ALL (None) for the economy, the
    sub-projects they lead otherwise (perhaps none)."""
    if not sees_signals(user):
        return set()
    if manages_municipality(user, user.municipality_id):
        return ALL
    return set(
        TeamMembership.objects.filter(
            user_id=user.pk,
            team_role=TeamRole.LEAD,
            subproject__agreement__municipality_id=user.municipality_id,
        ).values_list("subproject_id", flat=True)
    )


def signals_for(*, user, year: int) -> list[Signal]:
    """The year's signals that touch a sub-project `user` reviews."""
    scope = reviewable_subprojects(user)
    if scope is not ALL and not scope:
        return []
    found = signals_for_year(municipality_id=user.municipality_id, year=year)
    if scope is ALL:
        return found
    return [signal for signal in found if signal.subproject_ids & scope]


def access_signal(*, user, key: str, year: int) -> Signal:
    """The signal named `key` in `year` if `user` reviews one of its sub-projects."""
    for signal in signals_for(user=user, year=year):
        if signal.key == key:
            return signal
    raise NotFoundOrForbidden("signal")


def household_names(*, user, household_ids) -> dict[int, str]:
    """The households of a signal that `user` may open, by alias; the rest stay unnamed."""
    return dict(
        households_visible_to(user=user)
        .filter(pk__in=set(household_ids))
        .values_list("pk", "alias")
    )
