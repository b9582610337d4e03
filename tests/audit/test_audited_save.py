"""`audited_save`: a settings row saved and its change written to the trail in one step,
old values as they were (none for a new row), amounts as text, related rows as ids."""

from decimal import Decimal

from samskap.audit.models import AuditRecord
from samskap.funding import services as funding_services
from tests.support.factories import SUBPROJECT


def _ceiling(demo, per_decision, per_year):
    return funding_services.authority_ceiling_set(
        acting_user=demo["users"]["okonom"],
        subproject=demo["subprojects"][SUBPROJECT],
        max_per_decision=per_decision,
        max_per_household_per_year=per_year,
    )


def _last(action):
    return AuditRecord.objects.filter(action=action).latest("pk")


def test_a_new_row_has_no_old_values_and_its_place_in_the_new(demo):
    subproject = demo["subprojects"][SUBPROJECT]
    ceiling = _ceiling(demo, "30000", "50000")
    assert ceiling.pk and ceiling.max_per_decision == Decimal("30000")
    record = _last("authority_ceiling.set")
    assert record.object_id == str(ceiling.pk) and record.old_values is None
    assert record.new_values == {
        "subproject": subproject.pk,
        "max_per_decision": "30000.00",
        "max_per_household_per_year": "50000.00",
    }


def test_a_change_keeps_what_it_was(demo):
    first = _ceiling(demo, "30000", "50000")
    second = _ceiling(demo, "25000", "50000")
    assert second.pk == first.pk
    record = _last("authority_ceiling.set")
    assert record.old_values == {
        "max_per_decision": "30000.00",
        "max_per_household_per_year": "50000.00",
    }
    assert record.new_values["max_per_decision"] == "25000.00"
