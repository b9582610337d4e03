"""Where each household stands, for the household list, without people importing support.

The context that knows the stages (support: needs mapping, letter, meeting, payment)
registers them in its `AppConfig.ready()`: the stages in order and a function that
annotates a household queryset with `stage` (one of the stage values) in the database, so
the list can show and filter it on any page without loading the households' history.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.models import CharField, QuerySet, Value
from django.db.models.expressions import RawSQL
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
    _compiled.clear()  # compiled from the stages registered before


def stage_choices() -> list[tuple[str, str]]:
    return _stages.choices if _stages else [(REGISTERED, _("Registered"))]


def with_stage(queryset: QuerySet) -> QuerySet:
    """`queryset` with a `stage` annotation; "registered" when nobody registered stages."""
    if _stages is None:
        return queryset.annotate(stage=Value(REGISTERED))
    return _stages.annotate(queryset)


# The stage's SQL, per database alias, as Django compiles it for a query on households.
_compiled: dict[str, tuple[str, tuple] | None] = {}


def with_stage_compiled(queryset: QuerySet) -> QuerySet:
    """`with_stage` for a queryset of households that runs as it is, never inside another
    query: the same SQL, made once per process and database instead of per call.
    Building and compiling the stage's eight subqueries cost 3–4 ms of Python on every
    page of the household list at `medium` (issue 14), as much as the rest of its
    queries; here the page only pastes the stage's SQL in. The SQL names the household
    table itself ("people_household"."id"), which is why it must not be a subquery's (an
    inner query on households is aliased, and then the outer table would be meant)."""
    compiled = stage_sql(queryset.db)
    if compiled is None:  # not the shape expected: Django's own path, every call
        return with_stage(queryset)
    sql, params = compiled
    # Django's own SQL for the stage, its values still parameters: nothing from a request.
    return queryset.annotate(stage=RawSQL(sql, params, output_field=CharField()))  # noqa: S611


def stage_sql(using: str) -> tuple[str, tuple] | None:
    """The stage's SQL and parameters as `with_stage_compiled` pastes them in, for a
    written-out statement whose household table is "people_household" itself (not
    aliased); None when Django's SQL is not of the shape expected."""
    if using not in _compiled:
        _compiled[using] = _stage_sql(using)
    return _compiled[using]


def _stage_sql(using: str) -> tuple[str, tuple] | None:
    from samskap.people.models import Household

    quote = connections[using].ops.quote_name
    query = with_stage(Household.objects.using(using).order_by()).values_list("stage").query
    sql, params = query.get_compiler(using=using).as_sql()
    head, tail = "SELECT ", f" AS {quote('stage')} FROM {quote(Household._meta.db_table)}"
    if not (sql.startswith(head) and sql.endswith(tail)):
        return None
    return sql[len(head) : -len(tail)], tuple(params)
