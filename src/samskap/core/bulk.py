"""Read and write many rows at once with one parameter per column.

`pk__in=[…]` writes one placeholder per value: with the 10,000 payments of one export,
Django builds and PostgreSQL parses statements of 10,000 parameters (issue 14: each such
read or update of the export took 0.4–0.6 s at 10,000). `many(values)` is the same
filter, `field__in=many(values)`, with the values as one array on PostgreSQL; elsewhere
(SQLite, demo and tests) it is the plain list.

`insert(model, rows)` and `insert_columns(table, columns)` write many rows the same way:
one `INSERT … SELECT FROM unnest(…)` with each column as one array, written as one
PostgreSQL array literal (Django's client-side binding quotes a Python list value by
value: 3–4 s for the 100,000 legs of an export; one string per column is quoted at
once). `insert` checks each row's text as `blank_text.bulk_create` does and takes the
ids from the table's sequence first, so the rows come back with their ids.
"""

import json
from contextlib import nullcontext

from django.db import connection, models, transaction
from django.db.models.expressions import RawSQL

from samskap.core import blank_text

ARRAY_TYPES = ("bigint", "text")
# Rows per INSERT: a parameter is one column of this many rows.
ROWS_PER_INSERT = 50_000


def many(values, *, of: str = "bigint"):
    """For `field__in=`: the values (ids by default; `of="text"` for strings)."""
    if of not in ARRAY_TYPES:
        raise ValueError(f"of must be one of {ARRAY_TYPES}")
    values = list(values)
    if connection.vendor == "postgresql":
        return RawSQL(f"SELECT unnest(%s::{of}[])", [values])  # noqa: S611 (fixed type)
    return values


def _quoted(value) -> str:
    text = str(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _plain(value) -> str:
    return str(value)


def _boolean(value) -> str:
    return "t" if value else "f"


def _isoformat(value) -> str:
    return '"' + value.isoformat() + '"'


# How a value of each kind is written inside an array literal (None is always NULL).
PLAIN = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
        "DecimalField",
        "FloatField",
    }
)
QUOTED = frozenset({"CharField", "TextField", "SlugField", "EmailField", "GenericIPAddressField"})
DATES = frozenset({"DateField", "DateTimeField", "TimeField"})


def array_literal(values, write=_quoted) -> str:
    """The PostgreSQL array literal of `values` (None -> NULL), each written by `write`."""
    if write is _plain and None not in values:
        return "{" + ",".join(map(str, values)) + "}"
    return "{" + ",".join("NULL" if v is None else write(v) for v in values) + "}"


def insert_columns(table: str, columns: list[tuple[str, str, list]]) -> None:
    """PostgreSQL only: one INSERT of (name, SQL type, values) columns, all the same length.
    The values are ints, Decimals, dates or strings; strings are quoted, the rest written
    as they print."""
    _insert_literals(
        table,
        [
            (
                name,
                sql_type,
                array_literal(values, _quoted if isinstance(_first(values), str) else _plain),
            )
            for name, sql_type, values in columns
        ],
    )


def _insert_literals(table: str, columns: list[tuple[str, str, str]]) -> None:
    """One INSERT … SELECT FROM unnest of (column, SQL type, array literal) columns."""
    names = ", ".join(connection.ops.quote_name(name) for name, _type, _literal in columns)
    arrays = ", ".join(f"%s::{sql_type}[]" for _name, sql_type, _literal in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(table)} ({names})"  # noqa: S608 (names)
            f" SELECT * FROM unnest({arrays})",
            [literal for _name, _type, literal in columns],
        )


def _writer(field):
    """How `field`'s values are written inside an array literal. TypeError for a kind the
    literal cannot carry (a programming error: add the kind here before bulk-writing it)."""
    kind = (
        field.target_field.get_internal_type() if field.is_relation else field.get_internal_type()
    )
    if kind in PLAIN:
        return _plain
    if kind in QUOTED:
        return _quoted
    if kind in DATES:
        return _isoformat
    if kind == "BooleanField":
        return _boolean
    if kind == "JSONField":
        encoder = field.encoder
        return lambda value: _quoted(json.dumps(value, cls=encoder))
    raise TypeError(f"bulk.insert cannot write a {kind} ({field})")


def _first(values):
    return next((value for value in values if value is not None), None)


def insert(model, rows: list[models.Model]) -> list[models.Model]:
    """Write new `rows` of `model` as `blank_text.bulk_create` would, and give them their
    ids. On PostgreSQL: the ids taken from the table's sequence in one query, then one
    INSERT from arrays per ROWS_PER_INSERT rows; elsewhere `bulk_create`."""
    rows = list(rows)
    if connection.vendor != "postgresql":
        return blank_text.bulk_create(model.objects, rows, batch_size=1000)
    for row in rows:
        blank_text.check_text_fields(row)
    if not rows:
        return rows
    meta = model._meta
    # Each field's writer once, before an id is taken or a row written.
    fields = [(field, _writer(field)) for field in meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        ids = sorted(row[0] for row in cursor.fetchall())
    for row, pk in zip(rows, ids, strict=True):
        row.pk = pk
    for start in range(0, len(rows), ROWS_PER_INSERT):
        part = rows[start : start + ROWS_PER_INSERT]
        _insert_literals(
            meta.db_table,
            [
                (
                    field.column,
                    field.db_type(connection),
                    array_literal([field.pre_save(row, True) for row in part], write),
                )
                for field, write in fields
            ],
        )
    for row in rows:
        row._state.adding = False
        row._state.db = connection.alias
    return rows


# Rows per INSERT … VALUES on SQLite: four columns of these stay under its 999 parameters.
VALUES_PER_INSERT = 200


def insert_each(model, field: str, values, **same) -> None:
    """One new row of `model` per value of `field`, every other column the same (`same`,
    by field name): a page's log of the households it shows. Checked as every save is
    (`blank_text`: the text is the same on every row, so it is checked once), written as
    one INSERT without a model per row (issue 14: `bulk_create` built 51 models for the
    meeting agenda's log and wrapped its one INSERT in BEGIN and COMMIT). Ids are not
    read back, and nothing is filled in at save (`auto_now_add`): give it in `same`. On
    PostgreSQL the values are one array (`unnest`); on SQLite rows of VALUES, in one
    transaction when they take more than one INSERT."""
    values = list(values)
    if not values:
        return
    meta = model._meta
    blank_text.check_text_fields(model(**same))
    quote = connection.ops.quote_name
    varying = meta.get_field(field)
    fixed = [(meta.get_field(name), value) for name, value in same.items()]
    columns = ", ".join(quote(f.column) for f in (varying, *(f for f, _v in fixed)))
    params = [f.get_db_prep_save(getattr(value, "pk", value), connection) for f, value in fixed]
    table = quote(meta.db_table)
    prepared = [varying.get_db_prep_save(value, connection) for value in values]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql_type = varying.db_type(connection)
            cursor.execute(
                f"INSERT INTO {table} ({columns})"  # noqa: S608 (names from the model)
                f" SELECT value, {', '.join(['%s'] * len(params))}"
                f" FROM unnest(%s::{sql_type}[]) AS value",
                [*params, prepared],
            )
            return
        row = "(" + ", ".join(["%s"] * (1 + len(params))) + ")"
        parts = [
            prepared[start : start + VALUES_PER_INSERT]
            for start in range(0, len(prepared), VALUES_PER_INSERT)
        ]
        with transaction.atomic(savepoint=False) if len(parts) > 1 else nullcontext():
            for part in parts:
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608 (names)
                    + ", ".join([row] * len(part)),
                    [param for value in part for param in (value, *params)],
                )
