"""Helpers shared by the support services: enrolment, the tenant of a sub-project.

The team seat is checked with samskap.subprojects.access.require_team_seat.
"""

from django.utils.translation import gettext as _

from samskap.core.errors import DomainError
from samskap.people.models import Household
from samskap.people.selectors import household_subproject_ids


def _require_enrolled(household: Household, subproject) -> None:
    if subproject.pk not in household_subproject_ids(household=household):
        raise DomainError(_("The household is not enrolled in this sub-project."))


def _municipality(subproject):
    return subproject.agreement.municipality
