"""Helpers shared by the support services: enrolment, the tenant of a sub-project, and the
lock under which a household's yearly limit is read.

The team seat is checked with samskap.subprojects.access.require_team_seat.

Lock order of the decision services (so none deadlock with another or with the export):
the meeting's token, then the support requests (primary-key order), then the households
whose yearly limit is read (primary-key order), then the sub-project's ledger accounts.
"""

from django.utils.translation import gettext as _

from samskap.core.errors import DomainError
from samskap.people.models import Household
from samskap.people.selectors import household_subproject_ids
from samskap.support.selectors import related_household_ids


def _require_enrolled(household: Household, subproject) -> None:
    if subproject.pk not in household_subproject_ids(household=household):
        raise DomainError(_("The household is not enrolled in this sub-project."))


def _municipality(subproject):
    return subproject.agreement.municipality


def lock_yearly_limits(household_ids) -> None:
    """Lock the households whose support counts towards these households' yearly limit
    (the same people or payout account), each row alone and in primary-key order.

    Two decisions for the same family then read "received this year" one after the other,
    while decisions for other families, in any sub-project, run side by side. NO KEY:
    rows that merely point at a household (the access log, a new request) never wait.
    """
    related = related_household_ids(household_ids=household_ids)
    group = sorted(set().union(*related.values())) if related else []
    list(Household.objects.select_for_update(no_key=True).filter(pk__in=group).order_by("pk"))
