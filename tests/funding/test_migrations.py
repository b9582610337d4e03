"""Every hand-written migration can be undone: each step back leaves exactly the database
that step forward made, and the ledger migrates to zero and back and still posts."""

import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from samskap.funding.models import Account, AccountKind
from samskap.web.demo import load_demo

from .conftest import make_world

# Everything a migration of the app can leave behind, by the app's table and function prefix.
OBJECTS = {
    "column": """SELECT table_name || '.' || column_name,
                        concat_ws(' ', data_type, is_nullable, column_default)
                   FROM information_schema.columns
                  WHERE table_schema = 'public' AND table_name LIKE %(prefix)s""",
    "constraint": """SELECT conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid)
                       FROM pg_constraint WHERE conrelid::regclass::text LIKE %(prefix)s""",
    "index": """SELECT indexname, indexdef FROM pg_indexes
                 WHERE schemaname = 'public' AND tablename LIKE %(prefix)s""",
    "trigger": """SELECT tgrelid::regclass::text || '.' || tgname, pg_get_triggerdef(oid)
                    FROM pg_trigger
                   WHERE NOT tgisinternal AND tgrelid::regclass::text LIKE %(prefix)s""",
    "function": """SELECT proname, pg_get_functiondef(oid) FROM pg_proc
                    WHERE pronamespace = 'public'::regnamespace AND proname LIKE %(prefix)s""",
}


def database_objects(app: str) -> dict[str, str]:
    found = {}
    with connection.cursor() as cursor:
        for kind, query in OBJECTS.items():
            cursor.execute(query, {"prefix": f"{app}\\_%"})
            found.update({f"{kind} {name}": definition for name, definition in cursor.fetchall()})
    return found


def migrations_of(app: str) -> list[str]:
    loader = MigrationLoader(connection)
    return sorted(name for (label, name) in loader.disk_migrations if label == app)


def migrate(app=None, target=None) -> None:
    call_command("migrate", *[part for part in (app, target) if part], verbosity=0)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("app", ["audit", "funding"])
def test_each_step_back_restores_what_the_step_forward_found(app):
    call_command("flush", interactive=False, verbosity=0)
    names = migrations_of(app)
    migrate(app, "zero")
    assert database_objects(app) == {}
    forward = {}
    for name in names:
        migrate(app, name)
        forward[name] = database_objects(app)
    migrate()
    for name in reversed(names):
        migrate(app, name)
        assert database_objects(app) == forward[name], f"{app} back to {name}"
    migrate(app, "zero")
    assert database_objects(app) == {}, f"{app} zero leaves objects behind"
    migrate()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_ledger_migrates_to_zero_and_back_and_still_posts():
    # Tables of apps that funding does not depend on keep their rows: start from nothing.
    call_command("flush", interactive=False, verbosity=0)
    migrate("funding", "zero")
    migrate()
    world = make_world("zero")
    world.receive("1000", 0)
    world.allocate("400")
    pot = Account.objects.get(
        agreement=world.agreement, kind=AccountKind.POT, scheme=world.schemes[0]
    )
    assert pot.balance == Decimal("600.00")
    # The whole demo posts through every flow; the auditor's check finds nothing wrong.
    load_demo()
    call_command("ledger_check", verbosity=0)


# The same walk on a SQLite file of its own, in a child process: SQLite rebuilds a table
# to change a column, dropping its triggers, so each step back must put them back itself.
SQLITE_WALK = r"""
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader


def objects(app):
    found = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE tbl_name LIKE ? ESCAPE '!'",
            [app + "!_%"],
        )
        for kind, name, table, sql in cursor.fetchall():
            if kind == "table":
                cursor.execute(f"PRAGMA table_info({table})")
                columns = sorted(f"{row[1]} {row[2]} notnull={row[3]}" for row in cursor.fetchall())
                found[f"table {name}"] = columns
            elif not name.startswith("sqlite_"):
                found[f"{kind} {name}"] = " ".join(sql.split())
    return found


def migrate(*args):
    call_command("migrate", *args, verbosity=0)


migrate()
for app in ("audit", "funding"):
    loader = MigrationLoader(connection)
    names = sorted(name for (label, name) in loader.disk_migrations if label == app)
    migrate(app, "zero")
    assert objects(app) == {}, app
    forward = {}
    for name in names:
        migrate(app, name)
        forward[name] = objects(app)
    migrate()
    for name in reversed(names):
        migrate(app, name)
        now, then = objects(app), forward[name]
        differ = {key for key in now.keys() | then.keys() if now.get(key) != then.get(key)}
        assert not differ, f"{app} back to {name}: {sorted(differ)}"
    migrate(app, "zero")
    assert objects(app) == {}, app
    migrate()
from samskap.web.demo import load_demo
load_demo()
call_command("ledger_check", verbosity=0)
print("walked")
"""


@pytest.mark.sqlite
def test_each_step_back_restores_the_sqlite_triggers(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'walk.sqlite3'}"
    env["DJANGO_SETTINGS_MODULE"] = "samskap.settings.base"
    result = subprocess.run(
        [sys.executable, "-c", SQLITE_WALK], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "walked" in result.stdout
