"""The support demo: every stage present, money through the ledger, safe to run twice."""

from decimal import Decimal

from samskap.core.demo import foundation
from samskap.payments.models import Payment, PaymentStatus
from samskap.people.models import Household
from samskap.support import demo as support_demo
from samskap.support.models import MotivationLetter, RequestStatus, SupportRequest
from tests.support.factories import fund


def test_demo_has_every_stage_and_is_idempotent(db):
    context: dict = {}
    foundation.load(context)
    fund(context, context["subprojects"][support_demo.SUBPROJECT], support_demo.NEEDED)
    support_demo.load(context)
    support_demo.load(context)
    assert Household.objects.count() == len(support_demo.HOUSEHOLDS)
    letters = MotivationLetter.objects.all()
    assert letters.filter(confirmed_at__isnull=True, link_sent_at__isnull=False).count() == 1
    assert SupportRequest.objects.filter(status=RequestStatus.PENDING).count() == 1
    statuses = sorted(Payment.objects.values_list("status", flat=True))
    assert statuses == sorted(
        [PaymentStatus.PENDING] * 2 + [PaymentStatus.EXPORTED, PaymentStatus.RETURNED]
    )
    pending = Payment.objects.filter(status=PaymentStatus.PENDING)
    assert sorted(p.amount for p in pending) == [Decimal("2300.00"), Decimal("4500.00")]
    assert {p.creditor_account for p in pending} == {"63087861351", "12345678903"}


def test_demo_without_budget_still_shows_the_early_stages(db):
    context: dict = {}
    foundation.load(context)
    support_demo.load(context)
    assert Household.objects.filter(alias__in=["Familien Haugen", "Amina"]).count() == 2
    assert not SupportRequest.objects.exists()
