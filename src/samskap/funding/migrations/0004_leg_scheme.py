"""Copy each leg's scheme onto the leg, so the commit-time check never reads accounts.

Every leg updates its account's balance, so within one large transaction an account row
gathers many row versions; a zero-sum check that joined accounts per leg grew
quadratically. The check now reads funding_leg alone. The database refuses, at insert,
a leg whose scheme differs from its account's or whose account belongs to another
agreement, on PostgreSQL and SQLite.

Going back restores 0003's functions (PostgreSQL) and 0003's triggers on the rebuilt
funding_leg table (SQLite), so postings work again once the column is gone.
"""

import django.db.models.deletion
from django.db import migrations, models

POSTGRES_UP = r"""
CREATE OR REPLACE FUNCTION funding_leg_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE funding_account
       SET balance = balance + CASE WHEN (NEW.direction = 'D') = (kind <> 'income')
                                    THEN NEW.amount ELSE -NEW.amount END
     WHERE id = NEW.account_id
       AND scheme_id = NEW.scheme_id
       AND agreement_id = (SELECT agreement_id FROM funding_ledgertransaction
                            WHERE id = NEW.transaction_id);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'leg % must carry its account''s scheme and stay in its agreement', NEW.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION funding_transaction_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    txn_id bigint;
    leg_count integer;
    bad record;
BEGIN
    IF TG_TABLE_NAME = 'funding_leg' THEN
        txn_id := NEW.transaction_id;
    ELSE
        txn_id := NEW.id;
    END IF;
    SELECT count(*) INTO leg_count FROM funding_leg WHERE transaction_id = txn_id;
    IF leg_count < 2 THEN
        RAISE EXCEPTION 'ledger transaction % has % legs; it needs at least two', txn_id, leg_count
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    SELECT scheme_id,
           sum(CASE WHEN direction = 'D' THEN amount ELSE -amount END) AS off_by
      INTO bad
      FROM funding_leg
     WHERE transaction_id = txn_id
     GROUP BY scheme_id
    HAVING sum(CASE WHEN direction = 'D' THEN amount ELSE -amount END) <> 0
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger transaction % does not balance for scheme % (off by %)',
            txn_id, bad.scheme_id, bad.off_by
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END $$;
"""
# The two functions as 0003 made them: before the leg carried its scheme.
POSTGRES_DOWN = r"""
CREATE OR REPLACE FUNCTION funding_leg_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE funding_account
       SET balance = balance + CASE WHEN (NEW.direction = 'D') = (kind <> 'income')
                                    THEN NEW.amount ELSE -NEW.amount END
     WHERE id = NEW.account_id;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION funding_transaction_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    txn_id bigint;
    leg_count integer;
    bad record;
BEGIN
    IF TG_TABLE_NAME = 'funding_leg' THEN
        txn_id := NEW.transaction_id;
    ELSE
        txn_id := NEW.id;
    END IF;
    SELECT count(*) INTO leg_count FROM funding_leg WHERE transaction_id = txn_id;
    IF leg_count < 2 THEN
        RAISE EXCEPTION 'ledger transaction % has % legs; it needs at least two', txn_id, leg_count
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    SELECT a.scheme_id AS scheme_id,
           sum(CASE WHEN l.direction = 'D' THEN l.amount ELSE -l.amount END) AS off_by
      INTO bad
      FROM funding_leg l JOIN funding_account a ON a.id = l.account_id
     WHERE l.transaction_id = txn_id
     GROUP BY a.scheme_id
    HAVING sum(CASE WHEN l.direction = 'D' THEN l.amount ELSE -l.amount END) <> 0
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger transaction % does not balance for scheme % (off by %)',
            txn_id, bad.scheme_id, bad.off_by
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF EXISTS (
        SELECT 1 FROM funding_leg l
          JOIN funding_account a ON a.id = l.account_id
          JOIN funding_ledgertransaction t ON t.id = l.transaction_id
         WHERE l.transaction_id = txn_id AND a.agreement_id <> t.agreement_id
    ) THEN
        RAISE EXCEPTION 'ledger transaction % posts to another agreement''s account', txn_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END $$;
"""
# SQLite rebuilds funding_leg for the new column, which drops its triggers: recreate them.
SQLITE_UP = [
    "DROP TRIGGER IF EXISTS funding_leg_balance",
    "DROP TRIGGER IF EXISTS funding_leg_no_update",
    "DROP TRIGGER IF EXISTS funding_leg_no_delete",
    """CREATE TRIGGER funding_leg_balance AFTER INSERT ON funding_leg
       BEGIN
           UPDATE funding_account
              SET balance = round(balance + CASE WHEN (NEW.direction = 'D') = (kind <> 'income')
                                                 THEN NEW.amount ELSE -NEW.amount END, 2)
            WHERE id = NEW.account_id;
       END""",
    """CREATE TRIGGER funding_leg_no_update BEFORE UPDATE ON funding_leg
       BEGIN SELECT RAISE(ABORT, 'funding_leg is append-only (UPDATE refused)'); END""",
    """CREATE TRIGGER funding_leg_no_delete BEFORE DELETE ON funding_leg
       BEGIN SELECT RAISE(ABORT, 'funding_leg is append-only (DELETE refused)'); END""",
    """CREATE TRIGGER funding_leg_consistent BEFORE INSERT ON funding_leg
       WHEN NOT EXISTS (
           SELECT 1 FROM funding_account a JOIN funding_ledgertransaction t
             ON t.agreement_id = a.agreement_id
            WHERE a.id = NEW.account_id AND a.scheme_id = NEW.scheme_id
              AND t.id = NEW.transaction_id)
       BEGIN
           SELECT RAISE(ABORT, 'a leg must carry its account''s scheme and stay in its agreement');
       END""",
]

# 0003's SQLite triggers on funding_leg, for the table rebuilt without the column.
SQLITE_0003_LEG_TRIGGERS = [
    """CREATE TRIGGER funding_leg_balance AFTER INSERT ON funding_leg
       BEGIN
           UPDATE funding_account
              SET balance = round(balance + CASE WHEN (NEW.direction = 'D') = (kind <> 'income')
                                                 THEN NEW.amount ELSE -NEW.amount END, 2)
            WHERE id = NEW.account_id;
       END""",
    """CREATE TRIGGER funding_leg_no_update BEFORE UPDATE ON funding_leg
       BEGIN SELECT RAISE(ABORT, 'funding_leg is append-only (UPDATE refused)'); END""",
    """CREATE TRIGGER funding_leg_no_delete BEFORE DELETE ON funding_leg
       BEGIN SELECT RAISE(ABORT, 'funding_leg is append-only (DELETE refused)'); END""",
]


def copy_schemes(apps, schema_editor):
    """Existing legs (a demo database) take their account's scheme; triggers paused."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM funding_leg")
        if cursor.fetchone()[0] == 0:
            return
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE funding_leg DISABLE TRIGGER funding_leg_append_only")
        else:
            # The column's table rebuild already dropped SQLite's triggers; install() restores.
            cursor.execute("DROP TRIGGER IF EXISTS funding_leg_no_update")
        cursor.execute(
            "UPDATE funding_leg SET scheme_id = "
            "(SELECT scheme_id FROM funding_account WHERE id = funding_leg.account_id)"
        )
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE funding_leg ENABLE TRIGGER funding_leg_append_only")


def forget_schemes(apps, schema_editor):
    """Nothing to undo: going back drops the column that copy_schemes filled."""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP, params=None)
    else:
        for statement in SQLITE_UP:
            schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    """Back to 0003's functions; on SQLite the column's table rebuilds drop the triggers."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN, params=None)
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS funding_leg_consistent", params=None)


def restore_sqlite_triggers(apps, schema_editor):
    """Last step back: SQLite rebuilt funding_leg without the column and without triggers."""
    if schema_editor.connection.vendor == "sqlite":
        for name in ("funding_leg_balance", "funding_leg_no_update", "funding_leg_no_delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}", params=None)
        for statement in SQLITE_0003_LEG_TRIGGERS:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("funding", "0003_ledger_triggers")]
    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_triggers),
        migrations.AddField(
            model_name="leg",
            name="scheme",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="funding.grantscheme",
            ),
        ),
        migrations.RunPython(copy_schemes, forget_schemes),
        migrations.AlterField(
            model_name="leg",
            name="scheme",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="funding.grantscheme",
            ),
        ),
        migrations.RunPython(install, uninstall),
    ]
