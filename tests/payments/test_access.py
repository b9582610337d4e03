"""Only the municipality's economist and administrator move payments: the services check
the acting user themselves, so a caller that is not a view is refused and writes nothing."""

import pytest
from django.urls import reverse

from samskap.audit.models import AuditRecord
from samskap.core.errors import NotFoundOrForbidden
from samskap.funding.models import LedgerTransaction
from samskap.payments import access, services
from samskap.payments.models import Payment, PaymentBatch, PaymentStatus

WRONG_ROLES = ("kontakt", "leder", "team", "stat")


def refused(demo, stranger):
    return [demo["users"][name] for name in WRONG_ROLES] + [stranger]


def written() -> tuple:
    return (
        PaymentBatch.objects.count(),
        sorted(Payment.objects.values_list("pk", "status")),
        LedgerTransaction.objects.count(),
        AuditRecord.objects.count(),
    )


@pytest.mark.parametrize("name", ["okonom", "admin"])
def test_the_municipality_economy_manages_its_payments(demo, name):
    user = demo["users"][name]
    assert access.sees_payments(user)
    access.require_payment_manager(user=user, municipality=demo["municipality"])


def test_other_roles_and_municipalities_are_refused(demo, stranger):
    for user in refused(demo, stranger):
        with pytest.raises(NotFoundOrForbidden):
            access.require_payment_manager(user=user, municipality=demo["municipality"])
    assert access.sees_payments(stranger)  # her own municipality's, not Trondheim's
    assert not any(access.sees_payments(demo["users"][name]) for name in WRONG_ROLES)


def test_export_by_a_wrong_user_is_refused_and_nothing_is_written(approved, stranger):
    before = written()
    for user in refused(approved, stranger):
        with pytest.raises(NotFoundOrForbidden):
            services.payment_batch_export(acting_user=user, municipality=approved["municipality"])
        assert written() == before
    assert Payment.objects.filter(status=PaymentStatus.PENDING).count() == 2


def test_returns_import_by_a_wrong_user_is_refused_and_nothing_is_written(approved, stranger):
    batch = services.payment_batch_export(
        acting_user=approved["users"]["okonom"], municipality=approved["municipality"]
    )
    payment = batch.payments.first()
    before = written()
    for user in refused(approved, stranger):
        with pytest.raises(NotFoundOrForbidden):
            services.payment_returns_import(
                acting_user=user,
                municipality=approved["municipality"],
                data=f"{payment.end_to_end_id};RJCT;Konto avsluttet\n".encode(),
                filename="retur.csv",
            )
        assert written() == before
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.EXPORTED


def test_download_by_a_wrong_user_is_refused_and_not_logged(approved, stranger):
    batch = services.payment_batch_export(
        acting_user=approved["users"]["okonom"], municipality=approved["municipality"]
    )
    before = written()
    for user in refused(approved, stranger):
        with pytest.raises(NotFoundOrForbidden):
            services.payment_batch_download(acting_user=user, batch=batch)
        with pytest.raises(NotFoundOrForbidden):
            access.access_batch(user=user, batch_id=batch.pk)
    assert written() == before
    okonom = approved["users"]["okonom"]
    assert access.access_batch(user=okonom, batch_id=batch.pk) == batch
    with pytest.raises(NotFoundOrForbidden):
        access.access_batch(user=okonom, batch_id=batch.pk + 999)


def test_payment_pages_are_404_for_wrong_roles(approved, client_for):
    batch = services.payment_batch_export(
        acting_user=approved["users"]["okonom"], municipality=approved["municipality"]
    )
    before = written()
    for name in WRONG_ROLES:
        client = client_for(name)
        assert client.post(reverse("payments:export")).status_code == 404
        assert client.post(reverse("payments:returns_import")).status_code == 404
        assert client.get(reverse("payments:batch_file", args=[batch.pk])).status_code == 404
    assert written() == before
