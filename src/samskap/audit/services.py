"""Writing the audit trail. Call from inside a service's transaction, never on its own."""

import datetime
from decimal import Decimal

from django.db import models, transaction

from samskap.audit.models import AuditRecord
from samskap.audit.registry import check_values
from samskap.core import bulk

SYSTEM_LABEL = "system"


def audit_record_build(
    *,
    actor,
    action: str,
    target: models.Model,
    old_values: dict | None = None,
    new_values: dict | None = None,
    municipality=None,
    municipality_id: int | None = None,
) -> AuditRecord:
    """The record `audit_record_create` writes, checked but not saved: collect many and
    write them with `audit_records_create` (one INSERT for a whole batch)."""
    # Only keys on the action's allow-list (samskap.audit.registry): the trail is forever.
    check_values(action, old_values)
    check_values(action, new_values)
    return AuditRecord(
        actor=actor,
        actor_label=actor.get_username() if actor is not None else SYSTEM_LABEL,
        municipality_id=municipality.pk if municipality is not None else municipality_id,
        action=action,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        old_values=old_values,
        new_values=new_values,
    )


def audit_record_create(
    *,
    actor,
    action: str,
    target: models.Model,
    old_values: dict | None = None,
    new_values: dict | None = None,
    municipality=None,
    municipality_id: int | None = None,
) -> AuditRecord:
    _require_atomic()
    record = audit_record_build(
        actor=actor,
        action=action,
        target=target,
        old_values=old_values,
        new_values=new_values,
        municipality=municipality,
        municipality_id=municipality_id,
    )
    record.save(force_insert=True)
    return record


def audit_records_create(records: list[AuditRecord]) -> list[AuditRecord]:
    """Write records made by `audit_record_build` in bulk (`core.bulk.insert`: one INSERT
    from arrays on PostgreSQL, statements of a thousand elsewhere)."""
    _require_atomic()
    return bulk.insert(AuditRecord, records)


def _require_atomic() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit records must be written inside the action's transaction")


def audited_save(
    *,
    actor,
    action: str,
    instance: models.Model,
    values: dict,
    context: dict | None = None,
    municipality=None,
    municipality_id: int | None = None,
) -> models.Model:
    """Set `values` (field name -> value) on a settings row, save it and audit the change.

    The record's old values are the same fields as they were (None for a new row); its
    new values are `context` (ids that place the row, e.g. its sub-project) and `values`.
    Dates are written as ISO text, amounts as text, related rows as their id.
    """
    old = _as_json(snapshot(instance, list(values))) if instance.pk else None
    for name, value in values.items():
        setattr(instance, name, value)
    instance.save()
    audit_record_create(
        actor=actor,
        action=action,
        target=instance,
        old_values=old,
        new_values={**(context or {}), **_as_json(snapshot(instance, list(values)))},
        municipality=municipality,
        municipality_id=municipality_id,
    )
    return instance


def _as_json(values: dict) -> dict:
    def plain(value):
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value

    return {name: plain(value) for name, value in values.items()}


def snapshot(instance: models.Model, fields: list[str]) -> dict:
    """Field values as JSON-friendly data, for the old/new columns."""
    data = {}
    for name in fields:
        value = getattr(instance, name)
        data[name] = value.pk if isinstance(value, models.Model) else value
    return data
