"""A closed programme period takes no posting but a payout returned after the close.

- A transaction in a closed agreement must be a late return (`late_return`), and a late
  return is only for a closed agreement.
- Each leg of a transaction in a closed agreement must be a late return's: a credit on a
  `paid` account or a debit on the scheme's `returned` account (the closing balance).
- A closed agreement stays closed: `closed_at` cannot be cleared or moved.

On PostgreSQL each check takes a shared lock on the agreement row (FOR SHARE): a posting
waits for a close under way and then sees it, and a close (FOR UPDATE) waits for postings
under way. So no leg can slip into a period between its check and the close's commit.

SQLite has the same rules as triggers (no locks: it writes one transaction at a time).
These SQLite triggers read funding_programmeagreement, funding_ledgertransaction and
funding_account: a later migration that rebuilds one of those tables on SQLite must drop
them first and recreate them after, as 0004 does for its own.
"""

from django.db import migrations, models



POSTGRES_UP = r"""
CREATE FUNCTION funding_closed_period_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    closed timestamptz;
    txn_kind varchar;
    account_kind varchar;
BEGIN
    IF TG_TABLE_NAME = 'funding_ledgertransaction' THEN
        SELECT closed_at INTO closed FROM funding_programmeagreement
         WHERE id = NEW.agreement_id FOR SHARE;
        IF closed IS NOT NULL AND NEW.kind <> 'late_return' THEN
            RAISE EXCEPTION 'programme agreement % is closed; only a payout returned after the close may be posted', NEW.agreement_id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF closed IS NULL AND NEW.kind = 'late_return' THEN
            RAISE EXCEPTION 'a late return is only for a closed programme agreement (%)', NEW.agreement_id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    SELECT t.kind, a.closed_at INTO txn_kind, closed
      FROM funding_ledgertransaction t
      JOIN funding_programmeagreement a ON a.id = t.agreement_id
     WHERE t.id = NEW.transaction_id
       FOR SHARE OF a;
    IF closed IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT kind INTO account_kind FROM funding_account WHERE id = NEW.account_id;
    IF txn_kind IS DISTINCT FROM 'late_return'
       OR NOT ((NEW.direction = 'C' AND account_kind = 'paid')
               OR (NEW.direction = 'D' AND account_kind = 'returned')) THEN
        RAISE EXCEPTION 'leg on a % account refused: the programme period is closed; only paid money returned after the close may move, to the returned account', account_kind
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER funding_transaction_closed_period BEFORE INSERT ON funding_ledgertransaction
    FOR EACH ROW EXECUTE FUNCTION funding_closed_period_check();
CREATE TRIGGER funding_leg_closed_period BEFORE INSERT ON funding_leg
    FOR EACH ROW EXECUTE FUNCTION funding_closed_period_check();

CREATE FUNCTION funding_agreement_stays_closed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.closed_at IS NOT NULL AND NEW.closed_at IS DISTINCT FROM OLD.closed_at THEN
        RAISE EXCEPTION 'programme agreement % is closed and stays closed', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER funding_agreement_stays_closed BEFORE UPDATE ON funding_programmeagreement
    FOR EACH ROW EXECUTE FUNCTION funding_agreement_stays_closed();
"""
POSTGRES_DOWN = """
DROP TRIGGER funding_agreement_stays_closed ON funding_programmeagreement;
DROP FUNCTION funding_agreement_stays_closed();
DROP TRIGGER funding_leg_closed_period ON funding_leg;
DROP TRIGGER funding_transaction_closed_period ON funding_ledgertransaction;
DROP FUNCTION funding_closed_period_check();
"""
SQLITE_UP = [
    """CREATE TRIGGER funding_transaction_closed_period BEFORE INSERT ON funding_ledgertransaction
       WHEN ((SELECT closed_at FROM funding_programmeagreement WHERE id = NEW.agreement_id)
             IS NOT NULL) <> (NEW.kind = 'late_return')
       BEGIN
           SELECT RAISE(ABORT, 'a closed programme period takes only a payout returned after the close, and only a closed one takes it');
       END""",
    """CREATE TRIGGER funding_leg_closed_period BEFORE INSERT ON funding_leg
       WHEN (SELECT a.closed_at FROM funding_ledgertransaction t
               JOIN funding_programmeagreement a ON a.id = t.agreement_id
              WHERE t.id = NEW.transaction_id) IS NOT NULL
        AND NOT ((SELECT kind FROM funding_ledgertransaction WHERE id = NEW.transaction_id)
                 = 'late_return'
                 AND ((NEW.direction = 'C'
                       AND (SELECT kind FROM funding_account WHERE id = NEW.account_id) = 'paid')
                      OR (NEW.direction = 'D'
                       AND (SELECT kind FROM funding_account WHERE id = NEW.account_id)
                           = 'returned')))
       BEGIN
           SELECT RAISE(ABORT, 'the programme period is closed; only paid money returned after the close may move, to the returned account');
       END""",
    """CREATE TRIGGER funding_agreement_stays_closed BEFORE UPDATE OF closed_at
       ON funding_programmeagreement
       WHEN OLD.closed_at IS NOT NULL AND (NEW.closed_at IS NULL OR NEW.closed_at <> OLD.closed_at)
       BEGIN
           SELECT RAISE(ABORT, 'a closed programme agreement stays closed');
       END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER funding_agreement_stays_closed",
    "DROP TRIGGER funding_leg_closed_period",
    "DROP TRIGGER funding_transaction_closed_period",
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
        raise RuntimeError(f"No closed-period guard for database vendor {vendor!r}")


class Migration(migrations.Migration):

    dependencies = [
        ('funding', '0007_balance_guard'),
    ]

    operations = [
        migrations.AlterField(
            model_name='ledgertransaction',
            name='kind',
            field=models.CharField(choices=[('receipt', 'Receipt'), ('allocation', 'Allocation'), ('reallocation', 'Reallocation'), ('commitment', 'Commitment'), ('payment', 'Payment'), ('release', 'Release'), ('carry_over', 'Carry-over'), ('return', 'Return of unspent money'), ('reversal', 'Reversal'), ('late_return', 'Returned after close')], max_length=12, verbose_name='kind'),
        ),
        migrations.RunPython(install, uninstall),
    ]
