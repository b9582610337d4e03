"""The legs' statement checks in one pass, with plans that stay linear (issue 14).

Until now an INSERT of legs fired three statement triggers, each reading all new legs:
`funding_leg_balance` (0007: scheme and agreement of every leg, lock the accounts, move
the balances), `funding_leg_closed_period` (0010: hold the agreements, refuse legs in a
closed period) and `funding_leg_note_check` (0011: note the transactions for the
commit-time zero-sum check). They now run as one trigger, `funding_leg_insert`:

1. the transactions, accounts and agreements the new legs touch, read once as arrays;
2. the agreements held FOR SHARE, then the accounts locked FOR UPDATE, each in
   primary-key order (the services' lock order: agreement, then accounts);
3. one pass over the new legs refuses a leg whose account is missing, carries another
   scheme or belongs to another agreement than its transaction, and a leg in a closed
   period that is not paid money returned after the close (same messages as before; the
   scheme or agreement message first when a statement has both);
4. each account's balance moves once by the net of its new legs (the balance guard,
   0007, still checks every change against the legs);
5. the transactions are noted for the zero-sum check at commit (0011).

Why: the old checks joined the new legs (a transition table) to whole tables, and the
planner chose by the tables' statistics. After a large insert in the same database
transaction (the export writes 10,000 ledger transactions, then their 100,000 legs) the
statistics still described a small table, and the scheme check became a nested loop
over the legs and a sequential scan of the transactions: 133 s instead of 0.3 s,
measured on this machine. Now every lookup is by the arrays of ids, and the function
runs with nested loops off, so a join is a hash join: linear in the legs whatever the
statistics say.

The commit-time zero-sum check (0011) keeps its rules and messages; its per-scheme query
lost a LIMIT that let a planner with stale statistics walk the scheme index over every leg
(10-14 ms per ledger transaction: 11 s of an export of 1,000 at commit).

PostgreSQL only; SQLite keeps its row triggers. Going back restores 0007's, 0010's and
0011's triggers and functions exactly.
"""

from django.db import migrations

POSTGRES_UP = r"""
CREATE FUNCTION funding_legs_insert() RETURNS trigger LANGUAGE plpgsql
SET enable_nestloop = off AS $$
DECLARE
    txn_ids bigint[];
    account_ids bigint[];
    agreement_ids bigint[];
    bad record;
BEGIN
    SELECT array_agg(DISTINCT transaction_id), array_agg(DISTINCT account_id)
      INTO txn_ids, account_ids
      FROM new_legs;
    SELECT array_agg(DISTINCT agreement_id) INTO agreement_ids
      FROM funding_ledgertransaction
     WHERE id = ANY(txn_ids);
    -- The agreements, then the accounts, in primary-key order, as the services take them,
    -- so postings never deadlock; a close (FOR UPDATE on its agreement) waits for us or
    -- we see it closed.
    PERFORM 1 FROM funding_programmeagreement
      WHERE id = ANY(agreement_ids) ORDER BY id FOR SHARE;
    PERFORM 1 FROM funding_account
      WHERE id = ANY(account_ids) ORDER BY id FOR UPDATE;
    WITH txn AS MATERIALIZED (
        SELECT t.id, t.agreement_id, t.kind, g.closed_at IS NOT NULL AS closed
          FROM funding_ledgertransaction t
          JOIN funding_programmeagreement g ON g.id = t.agreement_id
         WHERE t.id = ANY(txn_ids)
    ), acc AS MATERIALIZED (
        SELECT id, agreement_id, scheme_id, kind
          FROM funding_account
         WHERE id = ANY(account_ids)
    )
    SELECT n.id,
           (a.id IS NULL OR t.id IS NULL OR a.scheme_id <> n.scheme_id
            OR a.agreement_id <> t.agreement_id) AS stray,
           a.kind
      INTO bad
      FROM new_legs n
      LEFT JOIN txn t ON t.id = n.transaction_id
      LEFT JOIN acc a ON a.id = n.account_id
     WHERE a.id IS NULL OR t.id IS NULL OR a.scheme_id <> n.scheme_id
        OR a.agreement_id <> t.agreement_id
        OR (t.closed
            AND (t.kind IS DISTINCT FROM 'late_return'
                 OR NOT ((n.direction = 'C' AND a.kind = 'paid')
                         OR (n.direction = 'D' AND a.kind = 'returned'))))
     ORDER BY 2 DESC, n.id
     LIMIT 1;
    IF FOUND THEN
        IF bad.stray THEN
            RAISE EXCEPTION 'leg % must carry its account''s scheme and stay in its agreement', bad.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RAISE EXCEPTION 'leg on a % account refused: the programme period is closed; only paid money returned after the close may move, to the returned account', bad.kind
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    UPDATE funding_account a
       SET balance = a.balance + m.delta
      FROM (SELECT n.account_id,
                   sum(CASE WHEN (n.direction = 'D') = (acc.kind <> 'income')
                            THEN n.amount ELSE -n.amount END) AS delta
              FROM new_legs n
              JOIN funding_account acc ON acc.id = n.account_id
             WHERE acc.id = ANY(account_ids)
             GROUP BY n.account_id) m
     WHERE a.id = m.account_id
       AND a.id = ANY(account_ids);
    INSERT INTO funding_ledger_check (transaction_id)
    SELECT unnest(txn_ids) ORDER BY 1
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

DROP TRIGGER funding_leg_balance ON funding_leg;
DROP TRIGGER funding_leg_closed_period ON funding_leg;
DROP TRIGGER funding_leg_note_check ON funding_leg;
DROP FUNCTION funding_legs_apply();
DROP FUNCTION funding_legs_closed_period_check();
CREATE TRIGGER funding_leg_insert AFTER INSERT ON funding_leg
    REFERENCING NEW TABLE AS new_legs
    FOR EACH STATEMENT EXECUTE FUNCTION funding_legs_insert();

-- The commit-time check (0011) per transaction: the same rules, but no LIMIT over its
-- GROUP BY, so the planner optimises for the whole (tiny) result and reads the
-- transaction's legs by their transaction index. With LIMIT 1 and stale statistics it
-- walked the scheme index over every leg of the ledger instead (10-14 ms a check; an
-- export of 1,000 spent 11 s at commit).
CREATE OR REPLACE FUNCTION funding_ledger_check_run() RETURNS trigger LANGUAGE plpgsql AS $$
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
    SELECT scheme_id, off_by
      INTO bad
      FROM (SELECT scheme_id,
                   sum(CASE WHEN direction = 'D' THEN amount ELSE -amount END) AS off_by
              FROM funding_leg
             WHERE transaction_id = txn_id
             GROUP BY scheme_id) per_scheme
     WHERE off_by <> 0;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger transaction % does not balance for scheme % (off by %)',
            txn_id, bad.scheme_id, bad.off_by
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END $$;
"""
# 0007's funding_legs_apply, 0010's funding_legs_closed_period_check and the three
# triggers of 0007, 0010 and 0011, exactly as they were.
POSTGRES_DOWN = r"""
DROP TRIGGER funding_leg_insert ON funding_leg;
DROP FUNCTION funding_legs_insert();

CREATE FUNCTION funding_legs_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    stray bigint;
BEGIN
    SELECT n.id INTO stray
      FROM new_legs n
      LEFT JOIN funding_ledgertransaction t ON t.id = n.transaction_id
      LEFT JOIN funding_account a
        ON a.id = n.account_id AND a.scheme_id = n.scheme_id AND a.agreement_id = t.agreement_id
     WHERE a.id IS NULL
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'leg % must carry its account''s scheme and stay in its agreement', stray
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    -- Lock in primary-key order, as the services do, so two postings never deadlock.
    PERFORM 1 FROM funding_account
      WHERE id IN (SELECT account_id FROM new_legs) ORDER BY id FOR UPDATE;
    UPDATE funding_account a
       SET balance = a.balance + m.delta
      FROM (SELECT n.account_id,
                   sum(CASE WHEN (n.direction = 'D') = (acc.kind <> 'income')
                            THEN n.amount ELSE -n.amount END) AS delta
              FROM new_legs n JOIN funding_account acc ON acc.id = n.account_id
             GROUP BY n.account_id) m
     WHERE a.id = m.account_id;
    RETURN NULL;
END $$;
CREATE TRIGGER funding_leg_balance AFTER INSERT ON funding_leg
    REFERENCING NEW TABLE AS new_legs
    FOR EACH STATEMENT EXECUTE FUNCTION funding_legs_apply();

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
CREATE TRIGGER funding_leg_closed_period AFTER INSERT ON funding_leg
    REFERENCING NEW TABLE AS new_legs
    FOR EACH STATEMENT EXECUTE FUNCTION funding_legs_closed_period_check();

CREATE TRIGGER funding_leg_note_check AFTER INSERT ON funding_leg
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION funding_ledger_check_note();

CREATE OR REPLACE FUNCTION funding_ledger_check_run() RETURNS trigger LANGUAGE plpgsql AS $$
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
    dependencies = [("funding", "0012_account_month_totals")]
    operations = [migrations.RunPython(install, uninstall)]
