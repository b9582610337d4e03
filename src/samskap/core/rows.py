"""Model instances from a written-out statement, each value converted as the ORM converts it.

A page that reads the same few queries on every request pays more for the ORM building
each statement (about 0.8 ms of Python each, issue 14) than the database takes to answer
it. `Columns(Model, fields)` names the columns for a hand-written SELECT and turns each
row's slice of them into a model instance as the ORM's `from_db` would: with the
backend's and the field's converters (SQLite's dates, decimals and JSON come back as text
or numbers), the other fields deferred.
"""

from django.db import connection


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
        return self.model.from_db(connection.alias, self.attnames, self.values(row, start))
