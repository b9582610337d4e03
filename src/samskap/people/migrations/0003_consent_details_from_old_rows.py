# Step 2 of 3: the consents recorded before this change.
#
# - A row on consent (art. 6(1)(a)) stays a consent. Who gave it and how were never asked,
#   so `given_by` stays empty and `method` says "not recorded"; its one service becomes the
#   list of services; no purpose was named. It was given without an end date, so it is
#   read as valid for one year from the day it was given (the usual review interval): a
#   consent older than that counts as expired and must be renewed with the family.
# - A row on a public task or a legal obligation (art. 6(1)(e), (c)) was never a consent:
#   it moves to LegalBasisRecord with its service and dates; the law was never named, so
#   the page asks for it. A withdrawn row becomes an ended record.

import datetime

from django.db import migrations
from django.utils import timezone

REVIEW_DAYS = 365


def forwards(apps, schema_editor):
    Consent = apps.get_model("people", "Consent")
    LegalBasisRecord = apps.get_model("people", "LegalBasisRecord")
    for consent in Consent.objects.order_by("pk").iterator():
        if consent.legal_basis != "consent":
            LegalBasisRecord.objects.create(
                household_id=consent.household_id,
                basis=consent.legal_basis,
                legal_reference="",
                services=[consent.service],
                purposes=[],
                recorded_at=consent.recorded_at,
                recorded_by_id=consent.recorded_by_id,
                ended_at=consent.withdrawn_at,
                ended_by_id=consent.recorded_by_id if consent.withdrawn_at else None,
            )
            consent.delete()
            continue
        given_on = timezone.localtime(consent.recorded_at).date()
        consent.given_on = given_on
        consent.valid_until = given_on + datetime.timedelta(days=REVIEW_DAYS)
        consent.method = "not_recorded"
        consent.services = [consent.service]
        consent.purposes = []
        consent.save(
            update_fields=["given_on", "valid_until", "method", "services", "purposes"]
        )


def backwards(apps, schema_editor):
    Consent = apps.get_model("people", "Consent")
    LegalBasisRecord = apps.get_model("people", "LegalBasisRecord")
    for record in LegalBasisRecord.objects.order_by("pk").iterator():
        for service in record.services or ["municipal_unit"]:
            Consent.objects.create(
                household_id=record.household_id,
                service=service,
                scope="",
                legal_basis=record.basis,
                recorded_at=record.recorded_at,
                withdrawn_at=record.ended_at,
                recorded_by_id=record.recorded_by_id,
                method="not_recorded",
                services=[],
                purposes=[],
            )
    for consent in Consent.objects.filter(legal_basis="").order_by("pk").iterator():
        consent.service = (consent.services or ["municipal_unit"])[0]
        consent.legal_basis = "consent"
        consent.save(update_fields=["service", "legal_basis"])


class Migration(migrations.Migration):
    dependencies = [("people", "0002_consent_who_how_until")]

    operations = [migrations.RunPython(forwards, backwards)]
