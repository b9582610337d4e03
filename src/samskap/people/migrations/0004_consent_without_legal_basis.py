# Step 3 of 3: consent no longer carries a legal basis; the new columns are required.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("people", "0003_consent_details_from_old_rows")]

    operations = [
        # Defaults first, so that unapplying this migration can add the columns back.
        migrations.AlterField(
            model_name="consent",
            name="legal_basis",
            field=models.CharField(default="", max_length=20, verbose_name="legal basis"),
        ),
        migrations.AlterField(
            model_name="consent",
            name="service",
            field=models.CharField(default="", max_length=20, verbose_name="service"),
        ),
        migrations.RemoveField(model_name="consent", name="legal_basis"),
        migrations.RemoveField(model_name="consent", name="service"),
        migrations.AlterField(
            model_name="consent",
            name="given_on",
            field=models.DateField(verbose_name="given"),
        ),
        migrations.AlterField(
            model_name="consent",
            name="valid_until",
            field=models.DateField(verbose_name="valid until"),
        ),
        migrations.AlterField(
            model_name="consent",
            name="method",
            field=models.CharField(
                choices=[
                    ("written", "In writing"),
                    ("oral", "Orally"),
                    ("digital", "Digitally"),
                    ("not_recorded", "Not recorded (registered before 2026-11-29)"),
                ],
                max_length=20,
                verbose_name="how",
            ),
        ),
        migrations.AlterField(
            model_name="consent",
            name="recorded_at",
            field=models.DateTimeField(verbose_name="recorded"),
        ),
        migrations.AlterField(
            model_name="consent",
            name="scope",
            field=models.CharField(
                blank=True, default="", max_length=200, verbose_name="what may be shared"
            ),
        ),
        migrations.AlterModelOptions(
            name="consent",
            options={
                "ordering": ["household", "-given_on", "-id"],
                "verbose_name": "consent",
                "verbose_name_plural": "consents",
            },
        ),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("withdrawn_at__isnull", True),
                    ("withdrawn_at__gte", models.F("recorded_at")),
                    _connector="OR",
                ),
                name="consent_withdrawn_after_recorded",
            ),
        ),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=models.Q(("valid_until__gte", models.F("given_on"))),
                name="consent_valid_until_after_given",
            ),
        ),
    ]
