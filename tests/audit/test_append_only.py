"""The audit trail is append-only, enforced by the database itself."""

import pytest
from django.db import DatabaseError, connection, transaction

from samskap.accounts import services as accounts_services
from samskap.audit.models import AuditRecord


@pytest.fixture
def record(db):
    bamble = accounts_services.municipality_create(acting_user=None, name="Bamble", number="4012")
    return AuditRecord.objects.get(action="municipality.create", object_id=str(bamble.pk))


def test_service_writes_audit_row_with_new_values(record):
    assert record.actor_label == "system"
    assert record.new_values == {"name": "Bamble", "number": "4012"}
    assert record.object_type == "core.municipality"


def test_database_refuses_update(record):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditRecord.objects.filter(pk=record.pk).update(action="tampered")
    record.refresh_from_db()
    assert record.action == "municipality.create"


def test_database_refuses_raw_delete(record):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditrecord WHERE id = %s", [record.pk])
    assert AuditRecord.objects.filter(pk=record.pk).exists()
