"""Needs are mapped with the services present only when a valid consent (or another legal
basis) covers each of them, for mapping needs. The service checks it itself (issue #10),
so every path is refused the same way: the guided case, the old screen, an API, a job."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samskap.accounts.models import Organisation
from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError
from samskap.people import services as people_services
from samskap.support import services
from samskap.support.models import NeedsMapping
from tests.support.factories import SUBPROJECT, consent_arguments, household


def _org(demo, kind):
    return Organisation.objects.filter(municipality=demo["municipality"], kind=kind).first()


def _map(demo, home, *present):
    return services.needs_mapping_record(
        acting_user=demo["users"]["kontakt"],
        household=home,
        subproject=demo["subprojects"][SUBPROJECT],
        place="home",
        services_present=list(present),
        basic_needs=["bed"],
    )


def _consent(demo, home, **overrides):
    return people_services.consent_give(
        acting_user=demo["users"]["kontakt"], **consent_arguments(home, **overrides)
    )


def _refused(demo, home, *present) -> str:
    audit_before = AuditRecord.objects.count()
    with pytest.raises(DomainError) as refusal:
        _map(demo, home, *present)
    assert refusal.value.field == "services_present"
    assert not NeedsMapping.objects.filter(household=home).exists()
    assert AuditRecord.objects.count() == audit_before
    return refusal.value.message


def test_no_consent_no_mapping_when_the_service_is_called_directly(demo):
    home = household(demo)
    message = _refused(demo, home, _org(demo, "nav"))
    assert message.startswith("Ikke noe gyldig samtykke")
    assert "NAV" in message


def test_each_service_present_must_be_covered(demo):
    home = household(demo)
    _consent(demo, home, services=["nav"])
    nav, volunteers = _org(demo, "nav"), _org(demo, "volunteer")
    message = _refused(demo, home, nav, volunteers)
    assert "Frivillige organisasjoner" in message and "NAV" not in message
    mapping = _map(demo, home, nav)
    assert list(mapping.services_present.all()) == [nav]


def test_a_consent_for_other_purposes_does_not_cover_mapping(demo):
    home = household(demo)
    _consent(demo, home, services=["nav"], purposes=["support"])
    _refused(demo, home, _org(demo, "nav"))


def test_withdrawn_or_expired_consent_counts_as_none(demo):
    home = household(demo)
    consent = _consent(demo, home, services=["nav"])
    people_services.consent_withdraw(acting_user=demo["users"]["kontakt"], consent=consent)
    _refused(demo, home, _org(demo, "nav"))
    expired = _consent(demo, home, services=["nav"])
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    type(expired).objects.filter(pk=expired.pk).update(
        given_on=last_week - datetime.timedelta(days=30), valid_until=last_week
    )
    _refused(demo, home, _org(demo, "nav"))


def test_another_legal_basis_for_mapping_covers_its_services(demo):
    home = household(demo)
    people_services.legal_basis_record(
        acting_user=demo["users"]["kontakt"],
        household=home,
        basis="public_task",
        legal_reference="sosialtjenesteloven § 17",
        services=["nav"],
        purposes=["needs_mapping"],
    )
    assert _map(demo, home, _org(demo, "nav")).pk


def test_the_old_mapping_screen_is_refused_the_same_way(demo, client_for):
    home = household(demo)
    nav = _org(demo, "nav")
    response = client_for("kontakt").post(
        reverse("support:mapping_create", args=[home.pk]),
        {
            "subproject": demo["subprojects"][SUBPROJECT].pk,
            "place": "home",
            "services_present": [nav.pk],
            "basic_needs": ["bed"],
            "notes": "",
        },
    )
    assert response.status_code == 200
    assert "Ikke noe gyldig samtykke" in response.content.decode()
    assert not NeedsMapping.objects.filter(household=home).exists()
