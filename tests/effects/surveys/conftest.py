"""A support decision paid by the bank (pain.001 exported, then ACSC), for survey tests."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from samskap.payments import services as payment_services
from samskap.payments.models import Payment, PaymentStatus
from samskap.people.models import Member
from tests.support.factories import SUBPROJECT, decide, fund, request, set_limits

PHONE = "+4791234567"
EMAIL = "ali@example.invalid"


def pay(demo, *, alias="Familien Svar", key="survey-meeting") -> Payment:
    """One cash line decided, exported and confirmed paid; its household reachable."""
    economist = demo["users"]["okonom"]
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("50000"))
    set_limits(demo)
    support_request = request(demo, amount="1500", alias=alias)
    decide(demo, [support_request], key=key)
    payment_services.payment_batch_export(acting_user=economist, municipality=demo["municipality"])
    payment = Payment.objects.get(support_line__request=support_request)
    payment_services.payment_returns_import(
        acting_user=economist,
        municipality=demo["municipality"],
        data=f"{payment.end_to_end_id};ACSC\n".encode(),
        filename="betalt.csv",
    )
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    Member.objects.filter(household=support_request.household).update(phone=PHONE, email=EMAIL)
    return payment


def weeks_after(payment: Payment, weeks: int, *, hours: int = 11) -> datetime.datetime:
    day = payment.paid_on + datetime.timedelta(weeks=weeks)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hours)))


@pytest.fixture
def paid(demo):
    return pay(demo)
