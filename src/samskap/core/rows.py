"""Model instances from a written-out statement, each value converted as the ORM converts it.

A page that reads the same few queries on every request pays more for the ORM building
each statement (about 0.8 ms of Python each, issue 14) than the database takes to answer
it. `Columns(Model, fields)` names the columns for a hand-written SELECT and turns each
row's slice of them into a model instance as the ORM's `from_db` would: with the
backend's and the field's converters (SQLite's dates, decimals and JSON come back as text
or numbers), the other fields deferred.

A model is made as `Model.__init__` makes it when `from_db` calls it with positional
values: its `_state`, then one attribute per field read, nothing else. Through
`__init__` that was about 12 µs a model (its loops over every field, the signals), a
quarter of the meeting agenda's reads (four models for each of its 51 requests, issue
14); filled in directly it is about a fifth of that. A model with its own `__init__` or
`from_db`, or one a `pre_init`/`post_init` receiver listens to, goes through
`from_db` as before.
"""

import datetime
import decimal
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init


class Columns:
    """Some fields of `model`, by attribute name (`"household_id"`, `"alias"`); they are
    selected in the model's order of fields (as `from_db` takes them), whatever the
    order given."""

    def __init__(self, model, attnames):
        wanted = frozenset(attnames)
        unknown = wanted - {field.attname for field in model._meta.concrete_fields}
        if unknown:
            raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if f.attname in wanted]
        self.attnames = wanted
        self.width = len(self.fields)
        self._converters = None
        self._names = tuple(field.attname for field in self.fields)
        self._inherited_init = (
            model.__init__ is Model.__init__ and model.from_db.__func__ is Model.from_db.__func__
        )

    def _plain(self) -> bool:
        """Whether a model of this kind is made by `Model.__init__` alone: asked on each
        build, as a receiver may connect at any time (none is connected in Samskap, so
        this is usually two empty lists)."""
        if not self._inherited_init:
            return False
        if pre_init.receivers or post_init.receivers:
            return not pre_init.has_listeners(self.model) and not post_init.has_listeners(
                self.model
            )
        return True

    def position(self, attname: str) -> int:
        """Where the field's column is among these columns."""
        return next(i for i, field in enumerate(self.fields) if field.attname == attname)

    def select(self, alias: str) -> str:
        """The columns for a SELECT list, from the table as `alias`."""
        quote = connection.ops.quote_name
        return ", ".join(f"{alias}.{quote(field.column)}" for field in self.fields)

    def _converters_now(self) -> list[tuple[int, list, object]]:
        if self._converters is None:
            converters = []
            for index, field in enumerate(self.fields):
                column = field.get_col(self.model._meta.db_table)
                found = connection.ops.get_db_converters(column) + column.get_db_converters(
                    connection
                )
                if found:
                    converters.append((index, found, column))
            self._converters = converters
        return self._converters

    def values(self, row, start: int = 0) -> list:
        """The values of `row[start : start + width]`, converted as the ORM converts them."""
        values = list(row[start : start + self.width])
        for index, converters, column in self._converters_now():
            value = values[index]
            for converter in converters:
                value = converter(value, column, connection)
            values[index] = value
        return values

    def build(self, row, start: int = 0):
        """The model instance of `row[start : start + width]`."""
        if not self._plain():
            return self.model.from_db(connection.alias, self.attnames, self.values(row, start))
        built = self.model.__new__(self.model)
        state = ModelState()
        state.adding = False
        # `connection` is the default database's (`connection.alias`, without asking
        # the proxy for it on every model).
        state.db = DEFAULT_DB_ALIAS
        # What `__init__` sets, in its order: `_state`, then each field read (a field not
        # read stays out of `__dict__`, so it is deferred, as `from_db` leaves it).
        built.__dict__["_state"] = state
        built.__dict__.update(zip(self._names, self.values(row, start), strict=True))
        return built


_CENT = Decimal("0.01")
_SUMS = decimal.Context(prec=14)
_FLOATS = decimal.Context(prec=15)


def sql_money(value) -> Decimal | None:
    """A money column or sum of a written-out statement, as the ORM gives it:
    PostgreSQL's numeric as it is; SQLite's number as Django's DecimalField converter
    turns it (to 15 digits, then to the øre)."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        return Decimal(value).quantize(_CENT, context=_SUMS)
    return _FLOATS.create_decimal_from_float(value).quantize(_CENT, context=_SUMS)


def sql_date(value) -> datetime.date:
    """A date column of a written-out statement (SQLite gives it as ISO text)."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value
