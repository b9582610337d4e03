"""Setting delegated authority (handlingsrom): each team role's limits and the economy's
ceiling per sub-project. Nobody gives more authority than they hold themselves.

Import this from `samskap.funding.services`, the app's public module."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from samskap.accounts.access import manages_municipality
from samskap.audit.services import audited_save
from samskap.core.errors import DomainError, NotFoundOrForbidden, Problems
from samskap.core.money import format_nok, parse_amount
from samskap.funding import selectors
from samskap.funding.models import AuthorityCeiling, AuthorityLimit
from samskap.subprojects.models import SubProject, TeamRole

AMOUNT_FIELDS = ("max_per_decision", "max_per_household_per_year")


def _amounts(max_per_decision, max_per_household_per_year) -> tuple[Decimal, Decimal]:
    # Both amounts read before either is refused: "10.000" in the first and 30 digits in
    # the second are marked in one answer.
    problems = Problems()
    per_decision = problems.check(parse_amount, max_per_decision, field="max_per_decision")
    per_year = problems.check(
        parse_amount, max_per_household_per_year, field="max_per_household_per_year"
    )
    problems.refuse()
    if per_decision > per_year:
        raise DomainError(
            _("The limit per decision cannot be higher than the limit per household per year."),
            field="max_per_decision",
        )
    return per_decision, per_year


def authority_amounts_check(**amounts) -> list[DomainError]:
    """The problems of the limit's amounts that passed a refused form (`amounts`: either
    or both of max_per_decision and max_per_household_per_year), without writing: "10.000"
    is marked beside a role left unchosen, not on the next try."""
    problems = Problems()
    for field, value in amounts.items():
        problems.check(parse_amount, value, field=field)
    return problems.items


def _within(bound, amounts: tuple[Decimal, Decimal], message: str) -> None:
    """Refuse the first amount above `bound` (an Authority or a ceiling), on its field."""
    for field, amount in zip(AMOUNT_FIELDS, amounts, strict=True):
        most = getattr(bound, field)
        if most is not None and amount > most:
            raise DomainError(
                message
                % {
                    "per_decision": format_nok(bound.max_per_decision),
                    "per_year": format_nok(bound.max_per_household_per_year),
                },
                field=field,
            )


def _leads(user, subproject) -> bool:
    return subproject.memberships.filter(user=user, team_role=TeamRole.LEAD).exists()


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
    """Set how much one team role may grant without a second approver.

    The economy sets any role's limit (the municipality's default, or one sub-project's);
    a sub-project's lead sets the other roles' limits there, never their own, and never
    above their own. Every limit for a sub-project stays under its ceiling.
    """
    economy = acting_user is None or manages_municipality(acting_user, municipality.pk)
    if not economy and not (
        acting_user.municipality_id == municipality.pk
        # A lead sets the room for action of the others on the team, never their own.
        and subproject is not None
        and team_role != TeamRole.LEAD
        and _leads(acting_user, subproject)
    ):
        raise NotFoundOrForbidden("authority_limit")
    if subproject is not None and subproject.agreement.municipality_id != municipality.pk:
        raise NotFoundOrForbidden("subproject")
    if team_role not in TeamRole.values:
        raise DomainError(_("Choose a role in the team."), field="team_role")
    amounts = _amounts(max_per_decision, max_per_household_per_year)
    if subproject is not None:
        # Lock the sub-project so a ceiling lowered at the same time is seen.
        SubProject.objects.select_for_update().filter(pk=subproject.pk).first()
        ceiling = selectors.authority_ceiling_for(subproject=subproject)
        if ceiling is not None:
            _within(
                ceiling,
                amounts,
                _(
                    "The sub-project's ceiling is %(per_decision)s per decision and "
                    "%(per_year)s per household per year."
                ),
            )
    if not economy:
        own = selectors.authority_limit_for(user=acting_user, subproject=subproject)
        if own is None:
            raise DomainError(
                _("You hold no delegated authority yourself, so you cannot give any.")
            )
        _within(
            own,
            amounts,
            _(
                "Nobody can give more authority than they hold: your own limit is "
                "%(per_decision)s per decision and %(per_year)s per household per year."
            ),
        )
    per_decision, per_year = amounts
    limit = (
        AuthorityLimit.objects.select_for_update()
        .filter(municipality=municipality, subproject=subproject, team_role=team_role)
        .order_by("pk")
        .first()
    )
    limit = limit or AuthorityLimit(
        municipality=municipality, subproject=subproject, team_role=team_role
    )
    return audited_save(
        actor=acting_user,
        action="authority_limit.set",
        instance=limit,
        values={"max_per_decision": per_decision, "max_per_household_per_year": per_year},
        context={"team_role": team_role, "subproject": subproject.pk if subproject else None},
        municipality=municipality,
    )


@transaction.atomic
def authority_ceiling_set(
    *, acting_user, subproject, max_per_decision, max_per_household_per_year
) -> AuthorityCeiling:
    """Set the most anyone may be given in the sub-project; the economy only.

    Limits already above it are read as capped by it (`selectors.authority_by_role`).
    """
    municipality = subproject.agreement.municipality
    if acting_user is not None and not manages_municipality(acting_user, municipality.pk):
        raise NotFoundOrForbidden("authority_ceiling")
    per_decision, per_year = _amounts(max_per_decision, max_per_household_per_year)
    SubProject.objects.select_for_update().filter(pk=subproject.pk).first()
    ceiling = AuthorityCeiling.objects.filter(subproject=subproject).first()
    return audited_save(
        actor=acting_user,
        action="authority_ceiling.set",
        instance=ceiling or AuthorityCeiling(subproject=subproject),
        values={"max_per_decision": per_decision, "max_per_household_per_year": per_year},
        context={"subproject": subproject.pk},
        municipality=municipality,
    )
