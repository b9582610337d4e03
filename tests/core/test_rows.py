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


def _from_db(columns, row):
    return columns.model.from_db(connection.alias, columns.attnames, columns.values(row))


@pytest.mark.parametrize("model", [SupportLine, NeedsMapping, OtherHelp, SupportRequest])
def test_a_model_filled_in_directly_is_what_from_db_makes(demo, model):
    """`build` fills in the model without `__init__`: the same attributes, in the same
    order, the same state, deferred fields and equality as `from_db`'s."""
    columns = Columns(model, ("id", "household_id" if model is SupportRequest else "id"))
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns.select('x')} FROM {table} x ORDER BY x.id")  # noqa: S608
        rows = cursor.fetchall()
    assert rows
    for row in rows:
        mine, theirs = columns.build(row), _from_db(columns, row)
        assert list(mine.__dict__) == list(theirs.__dict__)
        assert {k: v for k, v in mine.__dict__.items() if k != "_state"} == {
            k: v for k, v in theirs.__dict__.items() if k != "_state"
        }
        assert (mine._state.adding, mine._state.db) == (False, theirs._state.db)
        assert mine.get_deferred_fields() == theirs.get_deferred_fields()
        assert mine == theirs


def test_a_model_someone_listens_to_goes_through_from_db(demo):
    """A `post_init` receiver still sees every model built."""
    from django.db.models.signals import post_init

    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.pk)

    columns = Columns(SupportLine, ("id", "request_id"))
    table = connection.ops.quote_name(SupportLine._meta.db_table)
    post_init.connect(receiver, sender=SupportLine)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {columns.select('x')} FROM {table} x ORDER BY x.id")  # noqa: S608
            built = [columns.build(row) for row in cursor.fetchall()]
    finally:
        post_init.disconnect(receiver, sender=SupportLine)
    assert built
    assert seen == [line.pk for line in built]
