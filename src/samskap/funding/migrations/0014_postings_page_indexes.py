"""Indexes for a sub-project's postings page (issue 14, docs/benchmarks.md): the page walks
its agreement's transactions newest first (agreement, booked_on, id) and keeps those with
a leg on the sub-project's accounts (legs by transaction and account); the pager counts
each account's transactions from the legs' index alone (account and transaction).

The two pairs on the legs replace the foreign keys' single-column indexes (their prefix
serves every lookup those did), so inserting a leg updates as many indexes as before. The
old indexes are dropped by name: altering the fields themselves would make SQLite copy
the table, and the copy would lose the ledger's triggers."""

import django.db.models.deletion
from django.db import migrations, models

# The foreign keys' own indexes, as Django named them in 0002 (the same on both backends).
OLD_INDEXES = [
    ("funding_ledgertransaction_agreement_id_a13fb531", "funding_ledgertransaction", "agreement_id"),
    ("funding_leg_account_id_f8c26d9c", "funding_leg", "account_id"),
    ("funding_leg_transaction_id_970ee6ed", "funding_leg", "transaction_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0013_leg_checks_in_one_pass"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="ledgertransaction",
            index=models.Index(fields=["agreement", "booked_on", "id"], name="txn_agreement_booked"),
        ),
        migrations.AddIndex(
            model_name="leg",
            index=models.Index(fields=["transaction", "account"], name="leg_transaction_account"),
        ),
        migrations.AddIndex(
            model_name="leg",
            index=models.Index(fields=["account", "transaction"], name="leg_account_transaction"),
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {name}",
                    # Quoted as Django wrote them in 0002 (the migration walk compares the SQL).
                    reverse_sql=f'CREATE INDEX "{name}" ON "{table}" ("{column}")',
                )
                for name, table, column in OLD_INDEXES
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="ledgertransaction",
                    name="agreement",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="transactions",
                        to="funding.programmeagreement",
                    ),
                ),
                migrations.AlterField(
                    model_name="leg",
                    name="account",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="legs",
                        to="funding.account",
                    ),
                ),
                migrations.AlterField(
                    model_name="leg",
                    name="transaction",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="legs",
                        to="funding.ledgertransaction",
                    ),
                ),
            ],
        ),
    ]
