"""Writes on tenants."""

from django.db import transaction

from samskap.audit.services import audit_record_create
from samskap.core.models import Municipality


@transaction.atomic
def municipality_create(*, acting_user, name: str, number: str) -> Municipality:
    municipality = Municipality(name=name, number=number)
    municipality.full_clean()
    municipality.save()
    audit_record_create(
        actor=acting_user,
        action="municipality.create",
        target=municipality,
        new_values={"name": name, "number": number},
        municipality=municipality,
    )
    return municipality
