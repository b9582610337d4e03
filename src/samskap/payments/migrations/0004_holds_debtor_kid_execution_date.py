"""Held, cancelled and paid payments, KID, set-aside problems, withdrawn batches, the
requested execution date of each batch and one debtor account per municipality.

Existing batches get the execution date their stored file asks for (ReqdExctnDt), so
re-downloading an old batch and the page agree.
"""

import datetime
import re

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


EXECUTION_DATE = re.compile(r"<ReqdExctnDt>(\d{4}-\d{2}-\d{2})</ReqdExctnDt>")


def backfill_execution_date(apps, schema_editor):
    PaymentBatch = apps.get_model("payments", "PaymentBatch")
    for batch in PaymentBatch.objects.filter(requested_execution_date__isnull=True):
        found = EXECUTION_DATE.search(batch.xml)
        batch.requested_execution_date = (
            datetime.date.fromisoformat(found.group(1)) if found else batch.created_at.date()
        )
        batch.save(update_fields=["requested_execution_date"])


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('payments', '0003_payment_settles'),
        ('subprojects', '0001_initial'),
        ('support', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DebtorAccount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=70, verbose_name='account holder')),
                ('organisation_number', models.CharField(max_length=9, verbose_name='organisation number')),
                ('account', models.CharField(max_length=11, verbose_name='account number')),
                ('bic', models.CharField(max_length=11, verbose_name='BIC')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
            ],
            options={
                'verbose_name': 'programme bank account',
                'verbose_name_plural': 'programme bank accounts',
            },
        ),
        migrations.RemoveConstraint(
            model_name='payment',
            name='payment_batch_matches_status',
        ),
        migrations.AddField(
            model_name='payment',
            name='kid',
            field=models.CharField(blank=True, max_length=25, verbose_name='KID'),
        ),
        migrations.AddField(
            model_name='payment',
            name='problem',
            field=models.CharField(blank=True, max_length=200, verbose_name='set aside because'),
        ),
        migrations.AddField(
            model_name='payment',
            name='status_reason',
            field=models.CharField(blank=True, max_length=200, verbose_name='reason'),
        ),
        migrations.AddField(
            model_name='paymentbatch',
            name='requested_execution_date',
            field=models.DateField(null=True, verbose_name='requested execution date'),
        ),
        migrations.RunPython(backfill_execution_date, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name='paymentbatch',
            name='requested_execution_date',
            field=models.DateField(verbose_name='requested execution date'),
        ),
        migrations.AddField(
            model_name='paymentbatch',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='withdrawn'),
        ),
        migrations.AddField(
            model_name='paymentbatch',
            name='withdrawn_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='paymentbatch',
            name='withdrawn_reason',
            field=models.CharField(blank=True, max_length=200, verbose_name='why it was withdrawn'),
        ),
        migrations.AlterField(
            model_name='payment',
            name='status',
            field=models.CharField(choices=[('pending', 'Waiting for export'), ('held', 'Held'), ('exported', 'Sent to the bank'), ('paid', 'Paid'), ('returned', 'Returned by the bank'), ('cancelled', 'Cancelled')], default='pending', max_length=10, verbose_name='status'),
        ),
        migrations.AddConstraint(
            model_name='payment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['pending', 'held', 'cancelled']), ('batch__isnull', True), ('exported_at__isnull', True)), models.Q(('status__in', ['exported', 'paid', 'returned']), ('batch__isnull', False), ('exported_at__isnull', False)), _connector='OR'), name='payment_batch_matches_status'),
        ),
        migrations.AddConstraint(
            model_name='paymentbatch',
            constraint=models.CheckConstraint(condition=models.Q(('withdrawn_at__isnull', True), models.Q(('withdrawn_reason', ''), _negated=True), _connector='OR'), name='batch_withdrawn_with_reason'),
        ),
        migrations.AddField(
            model_name='debtoraccount',
            name='municipality',
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='debtor_account', to='core.municipality'),
        ),
        migrations.AddConstraint(
            model_name='debtoraccount',
            constraint=models.CheckConstraint(condition=models.Q(('account__regex', '^[0-9]{11}$')), name='debtor_account_11_digits'),
        ),
        migrations.AddConstraint(
            model_name='debtoraccount',
            constraint=models.CheckConstraint(condition=models.Q(('organisation_number__regex', '^[0-9]{9}$')), name='debtor_orgnr_9_digits'),
        ),
        migrations.AddConstraint(
            model_name='debtoraccount',
            constraint=models.CheckConstraint(condition=models.Q(('bic__regex', '^[A-Z0-9]{8}([A-Z0-9]{3})?$')), name='debtor_bic_shape'),
        ),
    ]
