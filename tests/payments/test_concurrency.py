"""Meetings and the bank file at the same moment on PostgreSQL: nobody deadlocks, nobody
gets a 500, and every krone moves exactly once."""

from decimal import Decimal

import pytest
from django.urls import reverse

from samskap.funding.models import LedgerTransaction
from samskap.payments import services as payment_services
from samskap.payments.models import Payment, PaymentBatch, PaymentStatus
from samskap.people import services as people_services
from samskap.support import services as support_services
from samskap.support.keys import commitment_key
from samskap.support.models import Decision
from samskap.web.demo import load_demo
from tests.races import assert_ledger_holds, logged_in, run_together
from tests.support.factories import (
    SUBPROJECT,
    VALID_ACCOUNT,
    confirmed_letter,
    decide,
    fund,
    organisations,
    set_limits,
)

OTHER_SUBPROJECT = "Veien til førerkortet"


def proposal(demo, subproject_name: str, alias: str, amount: str):
    subproject = demo["subprojects"][subproject_name]
    home = people_services.household_create(
        acting_user=demo["users"]["kontakt"],
        subproject=subproject,
        alias=alias,
        bank_account=VALID_ACCOUNT,
        first_member=people_services.MemberInput(
            name=f"{alias} Syntetisk", role="young_person", birth_year=2006
        ),
        # The demo households share the test account: that is a known, confirmed duplicate.
        confirm_duplicate=True,
    )
    letter = confirmed_letter(demo, home, subproject=subproject_name)
    return support_services.support_request_create(
        acting_user=demo["users"]["kontakt"],
        letter=letter,
        lines=[support_services.LineInput(form="cash", description="Seng", amount=amount)],
    )


def meeting_form(demo, support, token: str) -> dict:
    return {
        "token": token,
        "services_present": [organisations(demo)[0].pk],
        f"r{support.pk}-outcome": "approved",
        f"r{support.pk}-rationale": "Enige",
    }


def assert_money_moved_once(support) -> None:
    """One decision, one commitment; one payment, posted as paid once if it was exported."""
    (decision,) = Decision.objects.filter(request=support)
    assert LedgerTransaction.objects.filter(idempotency_key=commitment_key(decision)).count() == 1
    (payment,) = Payment.objects.filter(support_line__request=support)
    assert payment.problem == ""
    posted = LedgerTransaction.objects.filter(idempotency_key=payment.pay_key).count()
    assert posted == (1 if payment.status == PaymentStatus.EXPORTED else 0)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_meetings_in_two_subprojects_and_the_export_at_once():
    demo = load_demo()
    for name in (SUBPROJECT, OTHER_SUBPROJECT):
        fund(demo, demo["subprojects"][name], Decimal("30000"))
    set_limits(demo)
    # Payments already waiting in both sub-projects, for the export to post.
    waiting = [
        proposal(demo, SUBPROJECT, "Familien Venter", "1000"),
        proposal(demo, OTHER_SUBPROJECT, "Familien Venter To", "1500"),
    ]
    decide(demo, waiting[:1], key="earlier-meeting-a")
    decide(demo, waiting[1:], key="earlier-meeting-b")
    new = [
        proposal(demo, SUBPROJECT, "Familien Ny", "2000"),
        proposal(demo, OTHER_SUBPROJECT, "Familien Ny To", "2500"),
    ]
    chair, economist = logged_in(demo["users"]["leder"]), logged_in(demo["users"]["okonom"])
    other_chair = logged_in(demo["users"]["leder"])

    def meet(client, support, token):
        url = reverse("support:meeting", args=[support.subproject_id])
        return lambda: client.post(url, meeting_form(demo, support, token)).status_code

    results, refusals = run_together(
        meet(chair, new[0], "race-meeting-a"),
        meet(other_chair, new[1], "race-meeting-b"),
        lambda: economist.post(reverse("payments:export")).status_code,
    )
    assert refusals == []
    assert sorted(results) == [302, 302, 302]
    for support in waiting + new:
        assert_money_moved_once(support)
    for support in waiting:
        assert Payment.objects.get(support_line__request=support).status == PaymentStatus.EXPORTED
    assert_ledger_holds()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_three_exports_of_the_same_waiting_payments_at_once_export_each_once():
    """Each export takes every waiting payment of the municipality, so three at once ask
    for the same set: one writes the file, the others find nothing left (no deadlock, no
    payment twice in a file or twice in the ledger)."""
    from benchmarks import data

    demo = load_demo()
    ids = data.pending_payments(demo, 60)
    batches_before = set(PaymentBatch.objects.values_list("pk", flat=True))
    okonom = demo["users"]["okonom"]

    def export():
        return payment_services.payment_batch_export(
            acting_user=okonom, municipality=demo["municipality"]
        )

    results, refusals = run_together(export, export, export)
    assert refusals == []
    made = [batch for batch in results if batch is not None]
    assert sum(batch.payment_count for batch in made) == 60
    new_batches = PaymentBatch.objects.exclude(pk__in=batches_before)
    assert new_batches.count() == len(made) >= 1
    payments = list(Payment.objects.filter(pk__in=ids))
    assert {payment.status for payment in payments} == {PaymentStatus.EXPORTED}
    assert {payment.batch_id for payment in payments} <= {batch.pk for batch in made}
    for payment in payments:
        assert LedgerTransaction.objects.filter(idempotency_key=payment.pay_key).count() == 1
    assert_ledger_holds()
