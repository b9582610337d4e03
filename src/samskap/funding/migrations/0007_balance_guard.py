"""An account's balance always equals the sum of its legs, whoever writes it.

The guard used to trust trigger depth (a balance change at depth 2 was taken to be the
leg trigger's own), so any other trigger function could change a balance. It now checks
the invariant itself: every change of a balance must land exactly on what the account's
legs add up to, and an account is created empty. Nothing is trusted about the caller.

The legs of one INSERT now move each account once, by their net amount, in a
statement-level trigger: so when the guard runs, every leg it sums has been applied, even
if one statement wrote several legs on one account.

PostgreSQL only, as production is. SQLite (demo and tests) keeps 0003's row trigger and no
balance guard: a SQLite trigger on funding_account that read funding_leg would make every
later migration that rebuilds funding_leg fail on SQLite.
"""

from django.db import migrations

POSTGRES_UP = r"""
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
DROP TRIGGER funding_leg_balance ON funding_leg;
DROP FUNCTION funding_leg_apply();
CREATE TRIGGER funding_leg_balance AFTER INSERT ON funding_leg
    REFERENCING NEW TABLE AS new_legs
    FOR EACH STATEMENT EXECUTE FUNCTION funding_legs_apply();

CREATE OR REPLACE FUNCTION funding_account_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    from_legs numeric;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.balance <> 0 THEN
            RAISE EXCEPTION 'an account''s balance only changes through ledger legs (a new account is empty)'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.agreement_id, NEW.kind, NEW.scheme_id, NEW.subproject_id, NEW.year)
       IS DISTINCT FROM (OLD.agreement_id, OLD.kind, OLD.scheme_id, OLD.subproject_id, OLD.year) THEN
        RAISE EXCEPTION 'an account''s identity cannot change'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.balance IS DISTINCT FROM OLD.balance THEN
        -- A fresh snapshot: every committed leg plus this transaction's own. A concurrent
        -- posting's legs stay invisible until it commits, and it cannot commit before its
        -- own balance update, which waits for this row's lock.
        SELECT coalesce(sum(CASE WHEN (direction = 'D') = (NEW.kind <> 'income')
                                 THEN amount ELSE -amount END), 0)
          INTO from_legs
          FROM funding_leg
         WHERE account_id = NEW.id;
        IF NEW.balance IS DISTINCT FROM from_legs THEN
            RAISE EXCEPTION 'an account''s balance only changes through ledger legs (% is not the legs'' %)',
                NEW.balance, from_legs
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER funding_account_guard ON funding_account;
CREATE TRIGGER funding_account_guard BEFORE INSERT OR UPDATE ON funding_account
    FOR EACH ROW EXECUTE FUNCTION funding_account_guard();
"""
# The functions and triggers exactly as 0003 and 0004 left them.
POSTGRES_DOWN = r"""
DROP TRIGGER funding_leg_balance ON funding_leg;
DROP FUNCTION funding_legs_apply();
CREATE FUNCTION funding_leg_apply() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER funding_leg_balance AFTER INSERT ON funding_leg
    FOR EACH ROW EXECUTE FUNCTION funding_leg_apply();

CREATE OR REPLACE FUNCTION funding_account_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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
DROP TRIGGER funding_account_guard ON funding_account;
CREATE TRIGGER funding_account_guard BEFORE UPDATE ON funding_account
    FOR EACH ROW EXECUTE FUNCTION funding_account_guard();
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
        raise RuntimeError(f"No ledger guard for database vendor {vendor!r}")


class Migration(migrations.Migration):
    dependencies = [("funding", "0006_authority_ceiling")]
    operations = [migrations.RunPython(install, uninstall)]
