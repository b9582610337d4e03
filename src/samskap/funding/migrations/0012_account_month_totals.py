"""What each account's balance moved by per month of booking, kept by the database with
each new leg (as the balance is), so the pot's burn-down reads one row per account and
month instead of summing every leg of the committed and paid accounts (141,000 legs at
`medium`).

`funding_accountmonth.change` is in the balance's own sign (credit raises an income
account, debit every other), one row per account and first day of the month of the
leg's transaction's `booked_on` (a transaction's date never changes: it is append-only).
PostgreSQL: one statement-level trigger per INSERT of legs, after the balance trigger
(triggers fire in name order), which has locked the accounts in primary-key order; the
rows are upserted in (account, month) order. SQLite: a row trigger. Existing legs are
summed in once. `samskap ledger_check` recomputes every row from the legs.
"""

import django.db.models.deletion
from django.db import migrations, models

POSTGRES_UP = r"""
CREATE FUNCTION funding_legs_month() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO funding_accountmonth (account_id, month, change)
    SELECT n.account_id, date_trunc('month', t.booked_on)::date,
           sum(CASE WHEN (n.direction = 'D') = (a.kind <> 'income')
                    THEN n.amount ELSE -n.amount END)
      FROM new_legs n
      JOIN funding_ledgertransaction t ON t.id = n.transaction_id
      JOIN funding_account a ON a.id = n.account_id
     GROUP BY 1, 2
     ORDER BY 1, 2
    ON CONFLICT (account_id, month)
    DO UPDATE SET change = funding_accountmonth.change + EXCLUDED.change;
    RETURN NULL;
END $$;
CREATE TRIGGER funding_leg_month AFTER INSERT ON funding_leg
    REFERENCING NEW TABLE AS new_legs
    FOR EACH STATEMENT EXECUTE FUNCTION funding_legs_month();
INSERT INTO funding_accountmonth (account_id, month, change)
SELECT l.account_id, date_trunc('month', t.booked_on)::date,
       sum(CASE WHEN (l.direction = 'D') = (a.kind <> 'income') THEN l.amount ELSE -l.amount END)
  FROM funding_leg l
  JOIN funding_ledgertransaction t ON t.id = l.transaction_id
  JOIN funding_account a ON a.id = l.account_id
 GROUP BY 1, 2;
"""
POSTGRES_DOWN = r"""
DROP TRIGGER funding_leg_month ON funding_leg;
DROP FUNCTION funding_legs_month();
"""
# SQLite stores decimals as REAL: round to øre, as 0003's balance trigger does.
SQLITE_UP = [
    """CREATE TRIGGER funding_leg_month AFTER INSERT ON funding_leg
       BEGIN
           INSERT INTO funding_accountmonth (account_id, month, change)
           SELECT NEW.account_id, strftime('%Y-%m-01', t.booked_on),
                  round(CASE WHEN (NEW.direction = 'D') = (a.kind <> 'income')
                             THEN NEW.amount ELSE -NEW.amount END, 2)
             FROM funding_ledgertransaction t, funding_account a
            WHERE t.id = NEW.transaction_id AND a.id = NEW.account_id
           ON CONFLICT (account_id, month) DO UPDATE SET change = round(change + excluded.change, 2);
       END""",
    """INSERT INTO funding_accountmonth (account_id, month, change)
       SELECT l.account_id, strftime('%Y-%m-01', t.booked_on),
              round(sum(CASE WHEN (l.direction = 'D') = (a.kind <> 'income')
                             THEN l.amount ELSE -l.amount END), 2)
         FROM funding_leg l
         JOIN funding_ledgertransaction t ON t.id = l.transaction_id
         JOIN funding_account a ON a.id = l.account_id
        GROUP BY 1, 2""",
]
SQLITE_DOWN = ["DROP TRIGGER funding_leg_month"]


def install(apps, schema_editor):
    run(schema_editor, POSTGRES_UP, SQLITE_UP)


def uninstall(apps, schema_editor):
    run(schema_editor, POSTGRES_DOWN, SQLITE_DOWN)


def run(schema_editor, postgres_sql, sqlite_statements):
    vendor = schema_editor.connection.vendor
    # params=None: the SQL contains % (date formats) that must not be read as placeholders.
    if vendor == "postgresql":
        schema_editor.execute(postgres_sql, params=None)
    elif vendor == "sqlite":
        for statement in sqlite_statements:
            schema_editor.execute(statement, params=None)
    else:
        raise RuntimeError(f"No ledger triggers for database vendor {vendor!r}")


class Migration(migrations.Migration):

    dependencies = [
        ('funding', '0011_ledger_check_once_per_transaction'),
    ]

    operations = [
        migrations.CreateModel(
            name='AccountMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(verbose_name='month')),
                ('change', models.DecimalField(decimal_places=2, default=0, max_digits=14, verbose_name='change')),
                ('account', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='months', to='funding.account')),
            ],
            options={
                'verbose_name': 'account month',
                'verbose_name_plural': 'account months',
                'ordering': ['account', 'month'],
                'constraints': [models.UniqueConstraint(fields=('account', 'month'), name='account_month_unique')],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
