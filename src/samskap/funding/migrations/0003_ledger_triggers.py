"""Database guards of the ledger, on PostgreSQL and (as far as it can) SQLite.

- Each new leg moves its account's balance; CHECK (balance >= 0) then refuses overdrafts.
- PostgreSQL: a deferred constraint trigger refuses, at commit, a transaction with fewer
  than two legs, legs that do not sum to zero per grant scheme, or legs on another
  agreement's accounts. SQLite cannot defer triggers; services enforce this in Python.
- Transactions, legs and receipts are append-only; corrections are reversing entries.
- PostgreSQL: an account's balance can only change through a leg, and its identity never.
"""

from django.db import migrations

POSTGRES_UP = r"""
CREATE FUNCTION funding_leg_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE funding_account
       SET balance = balance + CASE WHEN (NEW.direction = 'D') = (kind <> 'income')
                                    THEN NEW.amount ELSE -NEW.amount END
     WHERE id = NEW.account_id;
    RETURN NEW;
END $$;
CREATE TRIGGER funding_leg_balance AFTER INSERT ON funding_leg
    FOR EACH ROW EXECUTE FUNCTION funding_leg_apply();

CREATE FUNCTION funding_transaction_check() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE CONSTRAINT TRIGGER funding_leg_zero_sum AFTER INSERT ON funding_leg
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION funding_transaction_check();
CREATE CONSTRAINT TRIGGER funding_transaction_zero_sum AFTER INSERT ON funding_ledgertransaction
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION funding_transaction_check();

CREATE FUNCTION funding_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only (% refused); post a reversing transaction instead',
        TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER funding_leg_append_only BEFORE UPDATE OR DELETE ON funding_leg
    FOR EACH ROW EXECUTE FUNCTION funding_refuse_change();
CREATE TRIGGER funding_transaction_append_only BEFORE UPDATE OR DELETE ON funding_ledgertransaction
    FOR EACH ROW EXECUTE FUNCTION funding_refuse_change();
CREATE TRIGGER funding_receipt_append_only BEFORE UPDATE OR DELETE ON funding_grantreceipt
    FOR EACH ROW EXECUTE FUNCTION funding_refuse_change();

CREATE FUNCTION funding_account_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.agreement_id, NEW.kind, NEW.scheme_id, NEW.subproject_id, NEW.year)
       IS DISTINCT FROM (OLD.agreement_id, OLD.kind, OLD.scheme_id, OLD.subproject_id, OLD.year) THEN
        RAISE EXCEPTION 'an account''s identity cannot change'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    -- Depth 1 is a direct UPDATE; the leg trigger's own UPDATE runs at depth 2.
    IF NEW.balance IS DISTINCT FROM OLD.balance AND pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'an account''s balance only changes through ledger legs'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER funding_account_guard BEFORE UPDATE ON funding_account
    FOR EACH ROW EXECUTE FUNCTION funding_account_guard();
"""
POSTGRES_DOWN = """
DROP TRIGGER funding_account_guard ON funding_account;
DROP FUNCTION funding_account_guard();
DROP TRIGGER funding_receipt_append_only ON funding_grantreceipt;
DROP TRIGGER funding_transaction_append_only ON funding_ledgertransaction;
DROP TRIGGER funding_leg_append_only ON funding_leg;
DROP FUNCTION funding_refuse_change();
DROP TRIGGER funding_transaction_zero_sum ON funding_ledgertransaction;
DROP TRIGGER funding_leg_zero_sum ON funding_leg;
DROP FUNCTION funding_transaction_check();
DROP TRIGGER funding_leg_balance ON funding_leg;
DROP FUNCTION funding_leg_apply();
"""
# SQLite stores decimals as REAL: round to øre so errors never accumulate past CHECK >= 0.
SQLITE_UP = [
    """CREATE TRIGGER funding_leg_balance AFTER INSERT ON funding_leg
       BEGIN
           UPDATE funding_account
              SET balance = round(balance + CASE WHEN (NEW.direction = 'D') = (kind <> 'income')
                                                 THEN NEW.amount ELSE -NEW.amount END, 2)
            WHERE id = NEW.account_id;
       END""",
    *[
        f"""CREATE TRIGGER {name}_no_{op.lower()} BEFORE {op} ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} is append-only ({op} refused)'); END"""
        for name, table in [
            ("funding_leg", "funding_leg"),
            ("funding_transaction", "funding_ledgertransaction"),
            ("funding_receipt", "funding_grantreceipt"),
        ]
        for op in ("UPDATE", "DELETE")
    ],
]
SQLITE_DOWN = [
    "DROP TRIGGER funding_leg_balance",
    *[
        f"DROP TRIGGER {name}_no_{op.lower()}"
        for name in ("funding_leg", "funding_transaction", "funding_receipt")
        for op in ("update", "delete")
    ],
]


def install(apps, schema_editor):
    run(schema_editor, POSTGRES_UP, SQLITE_UP)


def uninstall(apps, schema_editor):
    run(schema_editor, POSTGRES_DOWN, SQLITE_DOWN)


def run(schema_editor, postgres_sql, sqlite_statements):
    vendor = schema_editor.connection.vendor
    # params=None: the SQL contains % (RAISE formats) that must not be read as placeholders.
    if vendor == "postgresql":
        schema_editor.execute(postgres_sql, params=None)
    elif vendor == "sqlite":
        for statement in sqlite_statements:
            schema_editor.execute(statement, params=None)
    else:
        raise RuntimeError(f"No ledger triggers for database vendor {vendor!r}")


class Migration(migrations.Migration):
    dependencies = [("funding", "0002_ledger")]
    operations = [migrations.RunPython(install, uninstall)]
