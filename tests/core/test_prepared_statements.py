"""Server-side binding on PostgreSQL: what a kept connection runs again is prepared, so
PostgreSQL plans it once (issue 14, settings/base.py)."""

import pytest
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


MARK = "next_one_for_the_prepare_test"


def _prepared() -> int:
    """The connection's prepared statements that are the test's own (psycopg keeps at
    most 100 per connection, so the total can stay the same)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", [f"%{MARK}%"]
        )
        return cursor.fetchone()[0]


def test_a_statement_a_connection_has_run_five_times_is_prepared():
    assert _prepared() == 0
    for number in range(7):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT %s::int + 1 AS {MARK}", [number])
            assert cursor.fetchone()[0] == number + 1
        # Planned on each of the first five runs; the sixth prepares it, and later runs
        # reuse it.
        assert _prepared() == (1 if number >= 5 else 0), number
