"""Writing the audit trail. Call from inside a service's transaction, never on its own."""

from django.db import models, transaction

from samskap.audit.models import AuditRecord
from samskap.audit.registry import check_values

SYSTEM_LABEL = "system"


def audit_record_create(
    *,
    actor,
    action: str,
    target: models.Model,
    old_values: dict | None = None,
    new_values: dict | None = None,
    municipality=None,
) -> AuditRecord:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit records must be written inside the action's transaction")
    # Only keys on the action's allow-list (samskap.audit.registry): the trail is forever.
    check_values(action, old_values)
    check_values(action, new_values)
    return AuditRecord.objects.create(
        actor=actor,
        actor_label=actor.get_username() if actor is not None else SYSTEM_LABEL,
        municipality=municipality,
        action=action,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        old_values=old_values,
        new_values=new_values,
    )


def snapshot(instance: models.Model, fields: list[str]) -> dict:
    """Field values as JSON-friendly data, for the old/new columns."""
    data = {}
    for name in fields:
        value = getattr(instance, name)
        data[name] = value.pk if isinstance(value, models.Model) else value
    return data
