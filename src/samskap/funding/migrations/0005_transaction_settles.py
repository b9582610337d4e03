"""A ledger transaction may settle an earlier one (a payout its commitment).

Going back on SQLite rebuilds funding_ledgertransaction, which drops its own append-only
triggers, and SQLite refuses to rename the rebuilt table while a trigger on another table
(0004's funding_leg_consistent) reads it: that trigger steps aside for the rebuild, and
all three are put back after it.
"""

import django.db.models.deletion
from django.db import migrations, models

SQLITE_TRIGGERS = [
    *[
        f"""CREATE TRIGGER funding_transaction_no_{op.lower()} BEFORE {op} ON funding_ledgertransaction
            BEGIN SELECT RAISE(ABORT, 'funding_ledgertransaction is append-only ({op} refused)'); END"""
        for op in ("UPDATE", "DELETE")
    ],
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


def sqlite_step_aside(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER funding_leg_consistent", params=None)


def sqlite_step_back(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('funding', '0004_leg_scheme'),
    ]

    operations = [
        # Read backwards: the trigger steps aside, the column goes, the trigger returns.
        migrations.RunPython(migrations.RunPython.noop, sqlite_step_back),
        migrations.AddField(
            model_name='ledgertransaction',
            name='settles',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='settled_by', to='funding.ledgertransaction'),
        ),
        migrations.RunPython(migrations.RunPython.noop, sqlite_step_aside),
    ]
