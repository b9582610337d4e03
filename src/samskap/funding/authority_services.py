"""Setting delegated authority limits (handlingsrom) per team role.

Import this from `samskap.funding.services`, the app's public module."""

from django.db import transaction
from django.utils.translation import gettext as _

from samskap.accounts.access import manages_municipality
from samskap.audit.services import audit_record_create, snapshot
from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.core.money import parse_amount
from samskap.funding.models import (
    AuthorityLimit,
)
from samskap.subprojects.models import TeamRole


@transaction.atomic
def authority_limit_set(
    *,
    acting_user,
    municipality,
    team_role: str,
    max_per_decision,
    max_per_household_per_year,
    subproject=None,
) -> AuthorityLimit:
    """Set how much one team role may grant without a second approver."""
    if acting_user is not None:
        allowed = manages_municipality(acting_user, municipality.pk) or (
            acting_user.municipality_id == municipality.pk
            and (
                # A lead sets the room for action of the others on the team, never their own.
                subproject is not None
                and team_role != TeamRole.LEAD
                and subproject.memberships.filter(
                    user=acting_user, team_role=TeamRole.LEAD
                ).exists()
            )
        )
        if not allowed:
            raise NotFoundOrForbidden("authority_limit")
    if subproject is not None and subproject.agreement.municipality_id != municipality.pk:
        raise NotFoundOrForbidden("subproject")
    if team_role not in TeamRole.values:
        raise DomainError(_("Choose a role in the team."), field="team_role")
    per_decision = parse_amount(max_per_decision, field="max_per_decision")
    per_year = parse_amount(max_per_household_per_year, field="max_per_household_per_year")
    if per_decision > per_year:
        raise DomainError(
            _("The limit per decision cannot be higher than the limit per household per year."),
            field="max_per_decision",
        )
    limit = (
        AuthorityLimit.objects.select_for_update()
        .filter(municipality=municipality, subproject=subproject, team_role=team_role)
        .order_by("pk")
        .first()
    )
    old = None
    if limit is None:
        limit = AuthorityLimit(
            municipality=municipality, subproject=subproject, team_role=team_role
        )
    else:
        old = snapshot(limit, ["max_per_decision", "max_per_household_per_year"])
    limit.max_per_decision = per_decision
    limit.max_per_household_per_year = per_year
    limit.save()
    audit_record_create(
        actor=acting_user,
        action="authority_limit.set",
        target=limit,
        old_values={key: str(value) for key, value in old.items()} if old else None,
        new_values={
            "team_role": team_role,
            "subproject": subproject.pk if subproject else None,
            "max_per_decision": str(per_decision),
            "max_per_household_per_year": str(per_year),
        },
        municipality=municipality,
    )
    return limit
