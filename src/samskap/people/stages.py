"""Where each household stands, for the household list, without people importing support.

The context that knows the stages (support: needs mapping, letter, meeting, payment)
registers them in its `AppConfig.ready()`: the stages in order and a function that
annotates a household queryset with `stage` (one of the stage values) in the database, so
the list can show and filter it on any page without loading the households' history.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet, Value
from django.utils.translation import gettext_lazy as _

REGISTERED = "registered"


@dataclass(frozen=True)
class Stages:
    choices: list[tuple[str, str]]  # (value, label), in the order a case goes
    annotate: Callable[[QuerySet], QuerySet]


_stages: Stages | None = None


def register_household_stages(*, choices, annotate) -> None:
    global _stages
    _stages = Stages(choices=[(REGISTERED, _("Registered")), *choices], annotate=annotate)


def stage_choices() -> list[tuple[str, str]]:
    return _stages.choices if _stages else [(REGISTERED, _("Registered"))]


def with_stage(queryset: QuerySet) -> QuerySet:
    """`queryset` with a `stage` annotation; "registered" when nobody registered stages."""
    if _stages is None:
        return queryset.annotate(stage=Value(REGISTERED))
    return _stages.annotate(queryset)
