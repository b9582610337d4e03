"""Transaction-scoped locks on a value rather than a row.

Some rules guard something that has no row yet: "one national id, one household" is
checked before the member exists, so two registrations at the same moment would both
see no duplicate. `hold_values` takes a PostgreSQL advisory lock per value
(`pg_advisory_xact_lock`, released at commit or rollback), so the second registration
waits for the first and then sees it. Values are locked in sorted order, so two callers
never deadlock. SQLite (development only) runs one writer at a time and needs no lock.
"""

import hashlib

from django.db import connection


def _key(value: str) -> int:
    """A stable signed 64-bit key for `value` (PostgreSQL's bigint)."""
    digest = hashlib.blake2b(value.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def hold_values(*values: str) -> None:
    """Hold an exclusive lock on each value until the current transaction ends.

    Call inside `transaction.atomic`; empty values are skipped.
    """
    if connection.vendor != "postgresql":
        return
    keys = sorted({_key(value) for value in values if value})
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
