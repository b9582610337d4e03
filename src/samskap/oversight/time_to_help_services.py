"""Writes of the time-to-help page: the ordinary route's baseline and unit indicators.
Each is one transaction with its audit row (ids, numbers, periods; never free text)."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.accounts.access import require_system_or_manager
from samskap.audit.services import audited_save
from samskap.core.errors import DomainError, Problems
from samskap.core.money import DOTTED_THOUSANDS, MAX_AMOUNT
from samskap.core.numbers import NOT_A_NUMBER, limit_text, read_decimal
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


def _baseline_values(problems: Problems, **fields) -> list:
    """Each of the baseline's figures in `fields` read (None if it is not there or is
    refused), every refusal kept in `problems`, so all come in one answer."""
    checks = {
        "ordinary_days": {
            "places": 0,
            "low": Decimal(1),
            "high": Decimal(365),
            "message": _("Enter a whole number of days from 1 to 365."),
        },
        "hours_per_ordinary_decision": {
            "places": 1,
            "low": Decimal("0.1"),
            "high": Decimal(200),
            "message": _("Enter hours from 0,1 to 200, with at most one decimal."),
        },
        "hours_per_person_per_case": {
            "places": 1,
            "low": Decimal(0),
            "high": Decimal(200),
            "message": _("Enter hours from 0 to 200, with at most one decimal."),
        },
    }
    return [
        problems.check(_number, fields[name], field=name, **check) if name in fields else None
        for name, check in checks.items()
    ]


def route_baseline_check(*, acting_user, municipality, **fields) -> list[DomainError]:
    """What `route_baseline_set` would refuse the figures that passed their form with
    (`fields`), without writing: for the page when another figure was refused."""
    require_system_or_manager(
        user=acting_user, municipality_id=municipality.pk, what="route_baseline"
    )
    problems = Problems()
    _baseline_values(problems, **fields)
    return problems.items


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
    problems = Problems()
    days, ordinary_hours, team_hours = _baseline_values(
        problems,
        ordinary_days=ordinary_days,
        hours_per_ordinary_decision=hours_per_ordinary_decision,
        hours_per_person_per_case=hours_per_person_per_case,
    )
    problems.refuse()
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


def _indicator_values(problems: Problems, **fields) -> dict:
    """Each of a unit's figures in `fields` read (None if it is not there, empty or
    refused), every refusal kept in `problems`, so all come in one answer. A check of two
    figures (the quarter has ended; at least one of sick leave and costs) is made when
    both are there and read."""
    today = timezone.localdate()
    values = dict.fromkeys(("year", "quarter", "sick_leave_percent", "substitute_costs"))
    read = set()

    def check(name, reader, **kwargs):
        if name in fields:
            before = len(problems.items)
            values[name] = problems.check(reader, fields[name], field=name, **kwargs)
            if len(problems.items) == before:
                read.add(name)

    check(
        "year",
        _number,
        places=0,
        low=Decimal(2000),
        high=Decimal(today.year),
        message=_("Enter a year from 2000 to this year."),
    )
    check(
        "quarter",
        _number,
        places=0,
        low=Decimal(1),
        high=Decimal(4),
        message=_("Choose a quarter from 1 to 4."),
    )
    for name in ("year", "quarter"):
        if values[name] is not None:
            values[name] = int(values[name])
    if {"year", "quarter"} <= read and (values["year"], values["quarter"]) >= (
        today.year,
        (today.month - 1) // 3 + 1,
    ):
        # Sick leave and substitute costs of a quarter are known once it has ended.
        problems.add(
            _("The quarter has not ended yet: record it when it is over."), field="quarter"
        )
    check(
        "sick_leave_percent",
        _optional,
        places=2,
        low=Decimal(0),
        high=Decimal(100),
        message=_("Enter sick leave as a percentage from 0 to 100, e.g. 7,5."),
    )
    check(
        "substitute_costs",
        _costs,
        places=2,
        low=Decimal(0),
        high=MAX_AMOUNT,
        message=_("Enter the substitute costs in kroner, e.g. %(example)s or 0.")
        % {"example": limit_text(125000)},
    )
    if (
        {"sick_leave_percent", "substitute_costs"} <= read
        and values["sick_leave_percent"] is None
        and values["substitute_costs"] is None
    ):
        problems.add(_("Enter the sick leave, the substitute costs or both."))
    return values


def _costs(value, **kwargs) -> Decimal | None:
    if value is not None and DOTTED_THOUSANDS.fullmatch(str(value).strip().replace(" ", "")):
        raise DomainError(
            _("Write thousands with a space, e.g. 10 000, and øre after a comma."),
            field=kwargs["field"],
        )
    return _optional(value, **kwargs)


def unit_indicator_check(*, acting_user, organisation_id=None, **fields) -> list[DomainError]:
    """What `unit_indicator_record` would refuse the figures that passed their form with
    (`fields`; the unit too, if it passed), without writing: for the page when another
    figure was refused, so every problem shows in one answer."""
    if organisation_id is not None:
        access_indicator_organisation(user=acting_user, organisation_id=organisation_id)
    problems = Problems()
    _indicator_values(problems, **fields)
    return problems.items


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
    problems = Problems()
    values = _indicator_values(
        problems,
        year=year,
        quarter=quarter,
        sick_leave_percent=sick_leave_percent,
        substitute_costs=substitute_costs,
    )
    problems.refuse()
    year, quarter = values["year"], values["quarter"]
    sick_leave, costs = values["sick_leave_percent"], values["substitute_costs"]
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
