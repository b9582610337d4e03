"""Migrations 0002–0004: the consents recorded before who/how/until-when were asked for."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("people", "0001_initial")]
AFTER = [("people", "0004_consent_without_legal_basis")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# Migrating back and forth needs a transactional test, and only PostgreSQL can flush the
# append-only audit table afterwards (see tests/conftest.py).
@pytest.mark.postgres
def test_old_consents_become_consents_or_other_legal_bases(transactional_db):
    try:
        _check_the_migration()
    finally:
        _migrate(_latest())


def _check_the_migration():
    old = _migrate(BEFORE)
    municipality = old.get_model("core", "Municipality").objects.create(
        number="9999", name="Migrasjon"
    )
    user = old.get_model("accounts", "User").objects.create(
        username="migrering", municipality=municipality, role="contact_person"
    )
    home = old.get_model("people", "Household").objects.create(
        municipality=municipality, alias="Familien Gammel", contact_person=user
    )
    consent_model = old.get_model("people", "Consent")
    recent = timezone.now() - datetime.timedelta(days=10)
    long_ago = timezone.now() - datetime.timedelta(days=500)
    kept = consent_model.objects.create(
        household=home,
        service="nav",
        scope="Kartlegging",
        legal_basis="consent",
        given_at=recent,
        recorded_by=user,
    )
    stale = consent_model.objects.create(
        household=home,
        service="police",
        scope="Alt",
        legal_basis="consent",
        given_at=long_ago,
        recorded_by=user,
    )
    consent_model.objects.create(
        household=home,
        service="school",
        scope="Skolen",
        legal_basis="public_task",
        given_at=recent,
        withdrawn_at=recent + datetime.timedelta(days=1),
        recorded_by=user,
    )

    new = _migrate(AFTER)
    consents = new.get_model("people", "Consent").objects
    records = new.get_model("people", "LegalBasisRecord").objects
    # Only this household's rows: the session's demo may still be in the database (run
    # alone, no transactional test has flushed it yet).
    assert sorted(consents.filter(household_id=home.pk).values_list("pk", flat=True)) == sorted(
        [kept.pk, stale.pk]
    )
    migrated = consents.get(pk=kept.pk)
    given_on = timezone.localtime(recent).date()
    assert migrated.method == "not_recorded" and migrated.given_by_id is None
    assert migrated.services == ["nav"] and migrated.purposes == []
    assert migrated.given_on == given_on
    assert migrated.valid_until == given_on + datetime.timedelta(days=365)
    assert migrated.recorded_at == recent
    # Given more than a year ago: read as expired, to be renewed with the family.
    assert consents.get(pk=stale.pk).valid_until < timezone.localdate()
    (record,) = records.filter(household_id=home.pk)
    assert record.basis == "public_task" and record.services == ["school"]
    assert record.legal_reference == "" and record.ended_at is not None

    # And back again: one consent row per service with its old legal basis.
    consent_model = _migrate(BEFORE).get_model("people", "Consent")
    assert sorted(
        consent_model.objects.filter(household_id=home.pk).values_list("service", "legal_basis")
    ) == [("nav", "consent"), ("police", "consent"), ("school", "public_task")]


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
