"""Checks shared by the support services: team seat, enrolment, the tenant of a sub-project."""

from django.utils.translation import gettext as _

from samskap.core.errors import DomainError
from samskap.people.models import Household
from samskap.people.selectors import household_subproject_ids
from samskap.subprojects.selectors import subproject_ids_for_team_member


def _require_team_seat(user, subproject) -> None:
    if user is None or subproject.pk not in subproject_ids_for_team_member(user=user):
        raise DomainError(_("Only members of the sub-project's team can do this."))


def _require_enrolled(household: Household, subproject) -> None:
    if subproject.pk not in household_subproject_ids(household=household):
        raise DomainError(_("The household is not enrolled in this sub-project."))


def _municipality(subproject):
    return subproject.agreement.municipality
