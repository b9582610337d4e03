"""Writes of the time-to-help page: the ordinary route's baseline and unit indicators.
Each is one transaction with its audit row (ids, numbers, periods; never free text)."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.accounts.access import require_system_or_manager
from samskap.audit.services import audited_save
from samskap.core.errors import DomainError
from samskap.core.money import DOTTED_THOUSANDS, MAX_AMOUNT
from samskap.core.numbers import NOT_A_NUMBER, read_decimal
from samskap.oversight.time_to_help_access import access_indicator_organisation
from samskap.oversight.time_to_help_models import RouteBaseline, UnitIndicator


def _number(value, *, field: str, places: int, low: Decimal, high: Decimal, message) -> Decimal:
    """A typed number (decimal comma or point) within [low, high] with at most `places`
    decimals, else DomainError(message) on `field`."""
    if isinstance(value, float):
        raise TypeError("numbers must never be floats")
    # core.numbers' reading: "10 000" is ten thousand; "10.000" (ten to Python) is refused
    # with its own reason, never taken as ten days or hours.
    try:
        number = read_decimal(value)
    except ValueError as error:
        reason = error.args[0]
        raise DomainError(reason if reason != NOT_A_NUMBER else message, field=field) from error
    step = Decimal(1).scaleb(-places)
    if number is None or not (low <= number <= high) or number != number.quantize(step):
        raise DomainError(message, field=field)
    return number.quantize(step)


def _optional(value, **kwargs) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    return _number(value, **kwargs)


@transaction.atomic
def route_baseline_set(
    *,
    acting_user,
    municipality,
    ordinary_days,
    hours_per_ordinary_decision,
    hours_per_person_per_case,
) -> RouteBaseline:
    """Set the municipality's assumptions about the ordinary route; bad values refused."""
    require_system_or_manager(
        user=acting_user, municipality_id=municipality.pk, what="route_baseline"
    )
    days = _number(
        ordinary_days,
        field="ordinary_days",
        places=0,
        low=Decimal(1),
        high=Decimal(365),
        message=_("Enter a whole number of days from 1 to 365."),
    )
    ordinary_hours = _number(
        hours_per_ordinary_decision,
        field="hours_per_ordinary_decision",
        places=1,
        low=Decimal("0.1"),
        high=Decimal(200),
        message=_("Enter hours from 0,1 to 200, with at most one decimal."),
    )
    team_hours = _number(
        hours_per_person_per_case,
        field="hours_per_person_per_case",
        places=1,
        low=Decimal(0),
        high=Decimal(200),
        message=_("Enter hours from 0 to 200, with at most one decimal."),
    )
    baseline = RouteBaseline.objects.select_for_update().filter(municipality=municipality).first()
    baseline = baseline or RouteBaseline(municipality=municipality)
    baseline.updated_by = acting_user
    return audited_save(
        actor=acting_user,
        action="route_baseline.set",
        instance=baseline,
        values={
            "ordinary_days": int(days),
            "hours_per_ordinary_decision": ordinary_hours,
            "hours_per_person_per_case": team_hours,
        },
        municipality=municipality,
    )


@transaction.atomic
def unit_indicator_record(
    *,
    acting_user,
    organisation_id,
    year,
    quarter,
    sick_leave_percent=None,
    substitute_costs=None,
) -> UnitIndicator:
    """Record (or correct) a unit's sick leave and substitute costs for one quarter."""
    organisation = access_indicator_organisation(user=acting_user, organisation_id=organisation_id)
    today = timezone.localdate()
    year = int(
        _number(
            year,
            field="year",
            places=0,
            low=Decimal(2000),
            high=Decimal(today.year),
            message=_("Enter a year from 2000 to this year."),
        )
    )
    quarter = int(
        _number(
            quarter,
            field="quarter",
            places=0,
            low=Decimal(1),
            high=Decimal(4),
            message=_("Choose a quarter from 1 to 4."),
        )
    )
    if (year, quarter) >= (today.year, (today.month - 1) // 3 + 1):
        # Sick leave and substitute costs of a quarter are known once it has ended.
        raise DomainError(
            _("The quarter has not ended yet: record it when it is over."), field="quarter"
        )
    sick_leave = _optional(
        sick_leave_percent,
        field="sick_leave_percent",
        places=2,
        low=Decimal(0),
        high=Decimal(100),
        message=_("Enter sick leave as a percentage from 0 to 100, e.g. 7,5."),
    )
    if substitute_costs is not None and DOTTED_THOUSANDS.fullmatch(
        str(substitute_costs).strip().replace(" ", "")
    ):
        raise DomainError(
            _("Write thousands with a space, e.g. 10 000, and øre after a comma."),
            field="substitute_costs",
        )
    costs = _optional(
        substitute_costs,
        field="substitute_costs",
        places=2,
        low=Decimal(0),
        high=MAX_AMOUNT,
        message=_("Enter the substitute costs in kroner, e.g. 125000 or 0."),
    )
    if sick_leave is None and costs is None:
        raise DomainError(_("Enter the sick leave, the substitute costs or both."))
    row = (
        UnitIndicator.objects.select_for_update()
        .filter(organisation=organisation, year=year, quarter=quarter)
        .first()
    )
    row = row or UnitIndicator(organisation=organisation, year=year, quarter=quarter)
    row.recorded_by = acting_user
    return audited_save(
        actor=acting_user,
        action="unit_indicator.record",
        instance=row,
        values={"sick_leave_percent": sick_leave, "substitute_costs": costs},
        context={"organisation": organisation.pk, "year": year, "quarter": quarter},
        municipality_id=organisation.municipality_id,
    )
