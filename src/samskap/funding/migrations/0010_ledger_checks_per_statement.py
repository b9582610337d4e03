"""The ledger's guards cost the same per posting however many postings one transaction
writes (the payment export writes thousands at once).

- The commit-time zero-sum check (0003, 0004) ran in full once per leg and once per
  transaction. It now runs in full once per transaction and group of legs written
  together: a leg's check skips when a later leg of the same transaction was written in
  the same (sub)transaction (same `xmin`), whose own check, queued after it, sees every
  leg; a transaction's check only asks that it has legs at all (its legs' checks do the
  rest). Same rules, same messages.
- The closed-period check of legs (0008) took the agreement row FOR SHARE and read the
  transaction once per leg. It now runs once per INSERT statement over all its legs (a
  transition table), locks the agreements FOR SHARE in primary-key order and refuses the
  statement with the same message. The transactions' own row check stays as it was.

PostgreSQL only; SQLite keeps its triggers (it has no deferred or statement triggers).
Going back restores 0004's check function and 0008's row trigger exactly.
"""

from django.db import migrations

POSTGRES_UP = r"""
CREATE OR REPLACE FUNCTION funding_transaction_check() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE FUNCTION funding_legs_closed_period_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    account_kind varchar;
BEGIN
    -- Held in primary-key order, as the services hold them, so postings never deadlock.
    PERFORM 1 FROM funding_programmeagreement
      WHERE id IN (SELECT t.agreement_id FROM new_legs n
                     JOIN funding_ledgertransaction t ON t.id = n.transaction_id)
      ORDER BY id FOR SHARE;
    SELECT a.kind INTO account_kind
      FROM new_legs n
      JOIN funding_ledgertransaction t ON t.id = n.transaction_id
      JOIN funding_programmeagreement g ON g.id = t.agreement_id
      JOIN funding_account a ON a.id = n.account_id
     WHERE g.closed_at IS NOT NULL
       AND (t.kind IS DISTINCT FROM 'late_return'
            OR NOT ((n.direction = 'C' AND a.kind = 'paid')
                    OR (n.direction = 'D' AND a.kind = 'returned')))
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'leg on a % account refused: the programme period is closed; only paid money returned after the close may move, to the returned account', account_kind
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER funding_leg_closed_period ON funding_leg;
CREATE TRIGGER funding_leg_closed_period AFTER INSERT ON funding_leg
    REFERENCING NEW TABLE AS new_legs
    FOR EACH STATEMENT EXECUTE FUNCTION funding_legs_closed_period_check();
"""
# 0004's check function and 0008's row trigger, exactly as they were.
POSTGRES_DOWN = r"""
DROP TRIGGER funding_leg_closed_period ON funding_leg;
DROP FUNCTION funding_legs_closed_period_check();
CREATE TRIGGER funding_leg_closed_period BEFORE INSERT ON funding_leg
    FOR EACH ROW EXECUTE FUNCTION funding_closed_period_check();

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
    dependencies = [("funding", "0009_receipt_reference_unique_per_scheme")]
    operations = [migrations.RunPython(install, uninstall)]
