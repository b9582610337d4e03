"""The commit-time zero-sum check queues one event per ledger transaction, not one per leg.

0003 queued a deferred row event for every leg and every transaction; 0010 made most of
the legs' events return early, but each still cost a trigger call at commit: an export of
10,000 payouts (about 100,000 legs) spent 7-9 s of its COMMIT there (issue 14).

Now each INSERT on funding_leg or funding_ledgertransaction notes, in one statement
(a statement trigger over its transition table), the ids of the transactions it touched
in `funding_ledger_check`, once per transaction (ON CONFLICT DO NOTHING while the id is
still noted). A deferred constraint trigger on that table runs the full check once per
noted transaction when the transaction commits (or at SET CONSTRAINTS … IMMEDIATE) and
takes the note away. So:

- a transaction and its legs written in one database transaction are checked once, with
  every leg in view, however many statements wrote them;
- a leg added later (after the check has run, in another savepoint, or to a transaction
  committed long ago) notes the transaction again and it is checked again in full;
- a transaction without legs is refused as before. Same rules, same messages.

The note table is empty outside a running database transaction. Its rows cannot be
changed (UPDATE refused), so a note cannot be moved to another transaction's id; deleting
one does not cancel the check already queued for it.

PostgreSQL only; SQLite keeps its triggers (it has no deferred or statement triggers).
Going back restores 0010's check function and 0003's constraint triggers exactly.
"""

from django.db import migrations

POSTGRES_UP = r"""
CREATE TABLE funding_ledger_check (transaction_id bigint PRIMARY KEY);

CREATE FUNCTION funding_ledger_check_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'funding_leg' THEN
        INSERT INTO funding_ledger_check (transaction_id)
        SELECT DISTINCT transaction_id FROM new_rows ORDER BY 1
        ON CONFLICT DO NOTHING;
    ELSE
        INSERT INTO funding_ledger_check (transaction_id)
        SELECT id FROM new_rows ORDER BY 1
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION funding_ledger_check_run() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    txn_id bigint := NEW.transaction_id;
    leg_count integer;
    bad record;
BEGIN
    -- Taken away first: a leg written after this check notes the transaction again.
    DELETE FROM funding_ledger_check WHERE transaction_id = txn_id;
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

CREATE CONSTRAINT TRIGGER funding_ledger_check_balance AFTER INSERT ON funding_ledger_check
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION funding_ledger_check_run();
CREATE TRIGGER funding_ledger_check_no_update BEFORE UPDATE ON funding_ledger_check
    FOR EACH ROW EXECUTE FUNCTION funding_refuse_change();

DROP TRIGGER funding_leg_zero_sum ON funding_leg;
DROP TRIGGER funding_transaction_zero_sum ON funding_ledgertransaction;
DROP FUNCTION funding_transaction_check();
CREATE TRIGGER funding_leg_note_check AFTER INSERT ON funding_leg
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION funding_ledger_check_note();
CREATE TRIGGER funding_transaction_note_check AFTER INSERT ON funding_ledgertransaction
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION funding_ledger_check_note();
"""
# 0010's check function and 0003's constraint triggers, exactly as they were.
POSTGRES_DOWN = r"""
DROP TRIGGER funding_transaction_note_check ON funding_ledgertransaction;
DROP TRIGGER funding_leg_note_check ON funding_leg;
DROP TABLE funding_ledger_check;
DROP FUNCTION funding_ledger_check_run();
DROP FUNCTION funding_ledger_check_note();

CREATE FUNCTION funding_transaction_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    txn_id bigint;
    leg_count integer;
    bad record;
BEGIN
    IF TG_TABLE_NAME = 'funding_leg' THEN
        txn_id := NEW.transaction_id;
        -- A later leg of this transaction written in the same (sub)transaction is checked
        -- after this one, with every leg in view: this check would repeat it.
        IF EXISTS (
            SELECT 1 FROM funding_leg later, funding_leg me
             WHERE me.id = NEW.id
               AND later.transaction_id = NEW.transaction_id
               AND later.id > NEW.id
               AND later.xmin = me.xmin
        ) THEN
            RETURN NULL;
        END IF;
    ELSE
        txn_id := NEW.id;
        -- With legs, the check of its last leg covers the transaction.
        IF EXISTS (SELECT 1 FROM funding_leg WHERE transaction_id = txn_id) THEN
            RETURN NULL;
        END IF;
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
CREATE CONSTRAINT TRIGGER funding_leg_zero_sum AFTER INSERT ON funding_leg
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION funding_transaction_check();
CREATE CONSTRAINT TRIGGER funding_transaction_zero_sum AFTER INSERT ON funding_ledgertransaction
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION funding_transaction_check();
"""


def install(apps, schema_editor):
    run(schema_editor, POSTGRES_UP)


def uninstall(apps, schema_editor):
    run(schema_editor, POSTGRES_DOWN)


def run(schema_editor, postgres_sql):
    vendor = schema_editor.connection.vendor
    # params=None: the SQL contains % (RAISE formats) that must not be read as placeholders.
    if vendor == "postgresql":
        schema_editor.execute(postgres_sql, params=None)
    elif vendor != "sqlite":
        raise RuntimeError(f"No ledger checks for database vendor {vendor!r}")


class Migration(migrations.Migration):
    dependencies = [("funding", "0010_ledger_checks_per_statement")]
    operations = [migrations.RunPython(install, uninstall)]
