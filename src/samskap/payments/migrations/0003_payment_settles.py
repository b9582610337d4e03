"""Payment.settles: the ledger key of the commitment a payout settles.

Before this, the export asked support for the key (support-line → request → decision);
existing rows get the key support used, so exports and returns book exactly as before.
"""

from django.db import migrations, models


def backfill_settles(apps, schema_editor):
    Payment = apps.get_model("payments", "Payment")
    payments = list(Payment.objects.select_related("support_line__request__decision"))
    for payment in payments:
        decision = payment.support_line.request.decision
        payment.settles = f"support-decision:{decision.pk}:commit"
    Payment.objects.bulk_update(payments, ["settles"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("payments", "0002_initial"),
        ("support", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="payment",
            name="settles",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(backfill_settles, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="payment",
            constraint=models.CheckConstraint(
                condition=models.Q(("settles", ""), _negated=True),
                name="payment_settles_a_commitment",
            ),
        ),
    ]
