"""`samskap db_roles`: the application connects as a role that cannot undo the database's
own guards (no TRUNCATE, no ALTER, no DROP, no UPDATE or DELETE on append-only tables)."""

import datetime
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from samskap.web.management.commands.db_roles import APPEND_ONLY_TABLES, DERIVED_TABLES
from tests.funding.conftest import make_world

OWNER, APP = "samskap_test_owner", "samskap_test_app"


def test_the_printed_sql_grants_only_what_the_application_needs():
    out = StringIO()
    call_command("db_roles", "--owner", OWNER, "--app", APP, "--database", "samskap", stdout=out)
    sql = out.getvalue()
    assert f"GRANT CONNECT ON DATABASE samskap TO {APP};" in sql
    grants = [line for line in sql.splitlines() if line.lstrip().startswith("GRANT")]
    forbidden = ("TRUNCATE", "TRIGGER", "REFERENCES", "GRANT ALL", "CREATE ON SCHEMA")
    assert not any(word in line and APP in line for line in grants for word in forbidden)
    assert f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP};" in sql
    for table in APPEND_ONLY_TABLES:
        assert f"REVOKE UPDATE, DELETE ON TABLE {table} FROM {APP};" in sql
    assert f"ALTER DEFAULT PRIVILEGES FOR ROLE {OWNER} IN SCHEMA public" in sql


def test_role_names_must_be_plain_identifiers():
    with pytest.raises(Exception, match="plain identifier"):
        call_command("db_roles", "--app", 'x"; DROP TABLE audit_auditrecord; --', stdout=StringIO())


@pytest.mark.postgres
def test_append_only_tables_are_the_ones_with_refusing_triggers(db):
    """A table whose triggers refuse UPDATE and DELETE must be on the command's list."""
    with connection.cursor() as cursor:
        # tgtype bits: 1 row, 2 before, 8 delete, 16 update.
        cursor.execute(
            "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger "
            "WHERE NOT tgisinternal AND tgtype & 27 = 27"
        )
        guarded = {name for (name,) in cursor.fetchall()}
    assert guarded == set(APPEND_ONLY_TABLES)


def app_connection() -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        dbname=settings["NAME"],
        user=APP,
        autocommit=True,
    )


def refused(conn: psycopg.Connection, sql: str, params=()) -> bool:
    try:
        conn.execute(sql, params)
    except (psycopg.errors.InsufficientPrivilege, psycopg.errors.IntegrityConstraintViolation):
        return True
    return False


@pytest.fixture
def roles(transactional_db):
    for _run in range(2):  # idempotent: a second run changes nothing and fails nothing
        call_command("db_roles", "--owner", OWNER, "--app", APP, "--execute", stdout=StringIO())


@pytest.mark.postgres
def test_the_application_role_cannot_undo_the_guards(roles):
    world = make_world("roles")
    world.receive("1000", 0)
    with app_connection() as app:
        assert refused(app, "TRUNCATE audit_auditrecord")
        assert refused(app, "TRUNCATE funding_leg")
        for table, trigger in [
            ("audit_auditrecord", "audit_append_only"),
            ("funding_leg", "funding_leg_append_only"),
            ("funding_account", "funding_account_guard"),
        ]:
            assert refused(app, f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
            assert refused(app, f"ALTER TABLE {table} DISABLE TRIGGER ALL")
            assert refused(app, f"DROP TRIGGER {trigger} ON {table}")
        assert refused(app, "DROP FUNCTION funding_account_guard() CASCADE")
        assert refused(app, "SET session_replication_role = replica")
        assert refused(app, "CREATE TABLE intruder (id int)")
        for table in APPEND_ONLY_TABLES:
            assert refused(app, f"UPDATE {table} SET id = id")  # noqa: S608
            assert refused(app, f"DELETE FROM {table}")  # noqa: S608
        assert refused(app, "UPDATE funding_account SET balance = balance + 1000000")
        for table in DERIVED_TABLES:  # kept by the ledger's trigger alone
            assert refused(app, f"UPDATE {table} SET change = change + 1000000")  # noqa: S608
            assert refused(app, f"DELETE FROM {table}")  # noqa: S608
            assert refused(
                app,
                f"INSERT INTO {table} (account_id, month, change) "  # noqa: S608
                "SELECT id, DATE '1999-01-01', 1000000 FROM funding_account LIMIT 1",
            )
        assert refused(
            app, "INSERT INTO django_migrations (app, name, applied) VALUES ('x', 'y', now())"
        )


@pytest.mark.postgres
def test_the_application_role_still_writes_what_it_should(roles):
    world = make_world("writes")
    world.receive("1000", 0)
    with app_connection() as app:
        audit_id = app.execute(
            "INSERT INTO audit_auditrecord (at, actor_label, action, object_type, object_id) "
            "VALUES (now(), 'system', 'test.insert', 'core.test', '1') RETURNING id"
        ).fetchone()[0]
        assert audit_id
        accounts = dict(
            app.execute(
                "SELECT kind, id FROM funding_account WHERE agreement_id = %s AND scheme_id = %s",
                [world.agreement.pk, world.schemes[0].pk],
            ).fetchall()
        )
        with app.transaction():
            txn = app.execute(
                "INSERT INTO funding_ledgertransaction (agreement_id, kind, booked_on, created_at, "
                "reason) VALUES (%s, 'receipt', %s, now(), 'som appen') RETURNING id",
                [world.agreement.pk, datetime.date(2026, 3, 1)],
            ).fetchone()[0]
            app.execute(
                "INSERT INTO funding_leg (transaction_id, account_id, scheme_id, direction, "
                "amount) VALUES (%s, %s, %s, 'C', 5), (%s, %s, %s, 'D', 5)",
                [
                    txn,
                    accounts["income"],
                    world.schemes[0].pk,
                    txn,
                    accounts["pot"],
                    world.schemes[0].pk,
                ],
            )
        balance = app.execute(
            "SELECT balance FROM funding_account WHERE id = %s", [accounts["pot"]]
        ).fetchone()[0]
        assert balance == 1005
        # The month's total follows the legs although the role may not write it itself.
        march = app.execute(
            "SELECT change FROM funding_accountmonth WHERE account_id = %s AND month = %s",
            [accounts["pot"], datetime.date(2026, 3, 1)],
        ).fetchone()[0]
        assert march == balance  # the receipt and these legs, both booked in March
        app.execute("UPDATE django_session SET expire_date = expire_date")  # ordinary tables
