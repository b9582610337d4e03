# Consent records who gave it, how, for which services and purposes, and until when;
# other legal bases (GDPR art. 6(1)(c) and (e)) move to a record of their own.
# Step 1 of 3: the new columns (nullable for now) and the new table.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="consent", name="consent_withdrawn_after_given"),
        migrations.AddField(
            model_name="consent",
            name="given_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="consents_given",
                to="people.member",
                verbose_name="given by",
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="method",
            field=models.CharField(default="not_recorded", max_length=20, verbose_name="how"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="consent",
            name="given_on",
            field=models.DateField(null=True, verbose_name="given"),
        ),
        migrations.AddField(
            model_name="consent",
            name="services",
            field=models.JSONField(default=list, verbose_name="services"),
        ),
        migrations.AddField(
            model_name="consent",
            name="purposes",
            field=models.JSONField(default=list, verbose_name="purposes"),
        ),
        migrations.AddField(
            model_name="consent",
            name="valid_until",
            field=models.DateField(null=True, verbose_name="valid until"),
        ),
        migrations.AddField(
            model_name="consent",
            name="withdrawn_recorded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RenameField(model_name="consent", old_name="given_at", new_name="recorded_at"),
        migrations.CreateModel(
            name="LegalBasisRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "basis",
                    models.CharField(
                        choices=[
                            ("public_task", "Public task (GDPR art. 6(1)(e))"),
                            ("legal_obligation", "Legal obligation (GDPR art. 6(1)(c))"),
                        ],
                        max_length=20,
                        verbose_name="legal basis",
                    ),
                ),
                (
                    "legal_reference",
                    models.CharField(
                        blank=True, default="", max_length=200, verbose_name="the law and section"
                    ),
                ),
                ("services", models.JSONField(default=list, verbose_name="services")),
                ("purposes", models.JSONField(default=list, verbose_name="purposes")),
                ("recorded_at", models.DateTimeField(verbose_name="recorded")),
                ("ended_at", models.DateTimeField(blank=True, null=True, verbose_name="ended")),
                (
                    "ended_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "household",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="legal_bases",
                        to="people.household",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "other legal basis",
                "verbose_name_plural": "other legal bases",
                "ordering": ["household", "-recorded_at", "-id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("ended_at__isnull", True),
                            ("ended_at__gte", models.F("recorded_at")),
                            _connector="OR",
                        ),
                        name="legal_basis_ended_after_recorded",
                    )
                ],
            },
        ),
    ]
