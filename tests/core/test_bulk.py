"""core.bulk.insert writes many rows in one statement (on PostgreSQL from array literals):
every value must come back exactly as written, and the text check of every save holds."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samskap.audit.models import AuditRecord
from samskap.core import bulk
from samskap.core.errors import DomainError

TRICKY = [
    'quote " inside',
    'back\\slash and \\" both',
    "NULL",
    "{braces, and commas}",
    "  spaces  ",
    "æøå – Zoë, عربى, українська",
    "'single'",
]

pytestmark = pytest.mark.django_db


def record(index: int, label: str, **extra) -> AuditRecord:
    return AuditRecord(
        actor=None,
        actor_label=label,
        action="bulk.test",
        object_type="test.row",
        object_id=str(index),
        **extra,
    )


def test_every_value_comes_back_as_written():
    values = [
        {"text": text, "n": index, "list": [1, "to", None]} for index, text in enumerate(TRICKY)
    ]
    rows = [
        record(
            index, text, old_values=None if index % 2 else values[index], new_values=values[index]
        )
        for index, text in enumerate(TRICKY)
    ]
    written = bulk.insert(AuditRecord, rows)
    assert all(row.pk for row in written)
    assert len({row.pk for row in written}) == len(TRICKY)
    for index, row in enumerate(written):
        stored = AuditRecord.objects.get(pk=row.pk)
        assert stored.actor_label == TRICKY[index]
        assert stored.object_id == str(index)
        assert stored.new_values == values[index]
        assert stored.old_values == (None if index % 2 else values[index])
        assert stored.actor_id is None
        assert abs(stored.at - timezone.now()) < datetime.timedelta(minutes=5)


def test_one_statement_for_many_rows_on_postgresql():
    rows = [record(index, f"label {index}") for index in range(300)]
    with CaptureQueriesContext(connection) as queries:
        bulk.insert(AuditRecord, rows)
    assert AuditRecord.objects.filter(action="bulk.test").count() == 300
    if connection.vendor == "postgresql":
        # The ids from the sequence, then one INSERT.
        assert len(queries) == 2, [query["sql"][:80] for query in queries]


def test_invisible_text_is_refused_and_nothing_stored():
    rows = [record(1, "visible"), record(2, "\u200b")]
    with pytest.raises(DomainError), transaction.atomic():
        bulk.insert(AuditRecord, rows)
    assert not AuditRecord.objects.filter(action="bulk.test").exists()


@pytest.mark.postgres
def test_insert_columns_writes_quoted_text_and_numbers():
    from decimal import Decimal

    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bulk_probe (n bigint, amount numeric, label text)")
    bulk.insert_columns(
        "bulk_probe",
        [
            ("n", "bigint", [1, 2, None]),
            ("amount", "numeric", [Decimal("1.50"), Decimal("0.01"), Decimal("1000000.00")]),
            ("label", "text", [TRICKY[0], TRICKY[1], None]),
        ],
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT n, amount, label FROM bulk_probe ORDER BY amount")
        assert cursor.fetchall() == [
            (2, Decimal("0.01"), TRICKY[1]),
            (1, Decimal("1.50"), TRICKY[0]),
            (None, Decimal("1000000.00"), None),
        ]


def test_a_field_kind_the_array_literal_cannot_carry_is_refused_by_name():
    """A model with, say, a binary column must not reach PostgreSQL half-written: the
    writer is chosen per field before any id is taken."""
    from django.db import models

    field = models.BinaryField()
    field.set_attributes_from_name("payload")
    with pytest.raises(TypeError, match="cannot write a BinaryField"):
        bulk._writer(field)
    for kind in (models.CharField(), models.DecimalField(), models.DateField()):
        assert callable(bulk._writer(kind))


def test_insert_each_writes_one_row_per_value_in_one_statement(demo):
    from samskap.people.models import Household, HouseholdAccess

    user = demo["users"]["kontakt"]
    homes = list(Household.objects.order_by("pk").values_list("pk", flat=True)[:3])
    at = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        bulk.insert_each(HouseholdAccess, "household", homes, user=user, purpose="møte", at=at)
    assert len(queries) == 1, [query["sql"][:80] for query in queries]
    stored = HouseholdAccess.objects.filter(purpose="møte").order_by("pk")
    assert [(row.household_id, row.user_id, row.at) for row in stored] == [
        (home, user.pk, at) for home in homes
    ]


def test_insert_each_of_many_values_writes_them_all(demo):
    """More rows than one INSERT … VALUES takes on SQLite: all of them, or none."""
    from samskap.people.models import Household, HouseholdAccess

    home = Household.objects.order_by("pk").first()
    count = bulk.VALUES_PER_INSERT * 2 + 7
    bulk.insert_each(
        HouseholdAccess,
        "household",
        [home.pk] * count,
        user=demo["users"]["kontakt"],
        purpose="liste",
        at=timezone.now(),
    )
    assert HouseholdAccess.objects.filter(purpose="liste", household=home).count() == count


def test_insert_each_refuses_invisible_text_and_stores_nothing(demo):
    from samskap.people.models import Household, HouseholdAccess

    home = Household.objects.order_by("pk").first()
    with pytest.raises(DomainError):
        bulk.insert_each(
            HouseholdAccess,
            "household",
            [home.pk],
            user=demo["users"]["kontakt"],
            purpose="\u200b",
            at=timezone.now(),
        )
    assert not HouseholdAccess.objects.filter(purpose="\u200b").exists()
    with CaptureQueriesContext(connection) as queries:
        bulk.insert_each(HouseholdAccess, "household", [], purpose="tom", at=timezone.now())
    assert len(queries) == 0
