"""core.rows.Columns builds from a written-out statement the same models the ORM reads:
every value converted as the ORM converts it (SQLite gives dates, decimals and JSON as
text or numbers), the fields not read deferred."""

import pytest
from django.db import connection

from samskap.core.rows import Columns
from samskap.support.models import NeedsMapping, OtherHelp, SupportLine, SupportRequest

pytestmark = pytest.mark.django_db


def everything(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


@pytest.mark.parametrize("model", [SupportLine, NeedsMapping, OtherHelp, SupportRequest])
def test_every_value_is_what_the_orm_reads(demo, model):
    columns = Columns(model, everything(model))
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns.select('x')} FROM {table} x ORDER BY x.id")  # noqa: S608
        built = [columns.build(row) for row in cursor.fetchall()]
    read = list(model.objects.order_by("id"))
    assert built, f"the demo has no {model.__name__}"
    assert len(built) == len(read)
    for mine, orm in zip(built, read, strict=True):
        for name in everything(model):
            assert getattr(mine, name) == getattr(orm, name), name
            assert type(getattr(mine, name)) is type(getattr(orm, name)), name
        assert not mine._state.adding
        assert mine._state.db == orm._state.db


def test_some_fields_in_any_order_the_rest_deferred(demo):
    columns = Columns(SupportRequest, ("status", "id", "household_id"))
    assert columns.position("id") == 0  # the model's order, not the order given
    table = connection.ops.quote_name(SupportRequest._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1, {columns.select('r')} FROM {table} r")  # noqa: S608
        request = columns.build(cursor.fetchone(), 1)
    assert request.get_deferred_fields() == {
        "subproject_id",
        "letter_id",
        "proposed_by_id",
        "requested_at",
    }
    orm = SupportRequest.objects.get(pk=request.pk)
    assert (request.status, request.household_id) == (orm.status, orm.household_id)
    with pytest.raises(ValueError, match="no columns"):
        Columns(SupportRequest, ("id", "nonsense"))
