"""Hold, release, correct and cancel a waiting payment: the economist's, audited."""

from decimal import Decimal

import pytest

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.funding import selectors as funding_selectors
from samskap.payments import services
from samskap.payments.models import Payment, PaymentStatus
from tests.support.factories import SUBPROJECT, decide, request


def budget(demo):
    return funding_selectors.subproject_budget(subproject=demo["subprojects"][SUBPROJECT])


def waiting(demo) -> Payment:
    return Payment.objects.filter(
        municipality=demo["municipality"], status=PaymentStatus.PENDING
    ).first()


def export(demo):
    return services.payment_batch_export(
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )


def test_held_payment_is_skipped_by_export_until_released(approved):
    okonom = approved["users"]["okonom"]
    held = services.payment_hold(
        acting_user=okonom, payment=waiting(approved), reason="Venter på ny konto"
    )
    assert held.status == PaymentStatus.HELD and held.status_reason == "Venter på ny konto"
    batch = export(approved)
    assert batch.payment_count == 1
    assert held.end_to_end_id not in batch.xml
    held.refresh_from_db()
    assert held.status == PaymentStatus.HELD and held.batch is None
    services.payment_release(acting_user=okonom, payment=held, reason="Konto bekreftet")
    again = export(approved)
    assert again.payment_count == 1 and held.end_to_end_id in again.xml
    actions = AuditRecord.objects.filter(object_id=str(held.pk), object_type="payments.payment")
    assert {"payment.hold", "payment.release"} <= set(actions.values_list("action", flat=True))
    assert "Venter" not in str(list(actions.values_list("new_values", flat=True)))


def test_cancel_gives_the_money_back_to_the_subproject_once(approved):
    okonom = approved["users"]["okonom"]
    payment = waiting(approved)
    before = budget(approved)
    cancelled = services.payment_cancel(
        acting_user=okonom, payment=payment, reason="Familien flyttet"
    )
    assert cancelled.status == PaymentStatus.CANCELLED
    after = budget(approved)
    assert after.committed == before.committed - payment.amount
    assert after.paid == before.paid
    # A second cancel (a double click, or the decision cancelled after) changes nothing.
    services.payment_cancel(acting_user=okonom, payment=payment, reason="Igjen")
    assert budget(approved).committed == after.committed
    assert (
        AuditRecord.objects.filter(action="payment.cancel", object_id=str(payment.pk)).count() == 1
    )
    batch = export(approved)
    assert payment.end_to_end_id not in batch.xml


def test_held_payment_can_be_cancelled_but_an_exported_one_cannot(approved):
    okonom = approved["users"]["okonom"]
    first, second = Payment.objects.filter(
        municipality=approved["municipality"], status=PaymentStatus.PENDING
    )[:2]
    services.payment_hold(acting_user=okonom, payment=first, reason="Sjekkes")
    assert (
        services.payment_cancel(acting_user=okonom, payment=first, reason="Feil").status
        == PaymentStatus.CANCELLED
    )
    export(approved)
    with pytest.raises(DomainError, match="kan ikke lenger endres"):
        services.payment_cancel(acting_user=okonom, payment=second, reason="For sent")
    with pytest.raises(DomainError):
        services.payment_hold(acting_user=okonom, payment=second, reason="For sent")


def test_correct_takes_a_new_name_and_account_and_clears_the_problem(approved):
    okonom = approved["users"]["okonom"]
    payment = waiting(approved)
    Payment.objects.filter(pk=payment.pk).update(problem="Navnet kan ikke leses")
    corrected = services.payment_correct(
        acting_user=okonom,
        payment=payment,
        creditor_name="Ola Syntetisk",
        creditor_account="1234 56 78903",
        reason="Ny konto registrert",
    )
    assert corrected.creditor_account == "12345678903" and corrected.problem == ""
    record = AuditRecord.objects.get(action="payment.correct", object_id=str(payment.pk))
    assert record.new_values == {"account_last4": "8903"}


@pytest.mark.parametrize(
    ("name", "account", "reason", "message"),
    [
        ("Ola\x02Syntetisk", "12345678903", "Ny konto", "ikke synes"),
        ("Ola Syntetisk", "12345678904", "Ny konto", "kontonummer"),
        ("Ola Syntetisk", "12345678903", "   ", "begrunnelse"),
        ("Ola Syntetisk", "12345678903", "Ny\u200bkonto", "ikke synes"),
    ],
)
def test_correct_refuses_bad_input_and_stores_nothing(approved, name, account, reason, message):
    payment = waiting(approved)
    with pytest.raises(DomainError, match=message):
        services.payment_correct(
            acting_user=approved["users"]["okonom"],
            payment=payment,
            creditor_name=name,
            creditor_account=account,
            reason=reason,
        )
    fresh = Payment.objects.get(pk=payment.pk)
    assert (fresh.creditor_name, fresh.creditor_account) == (
        payment.creditor_name,
        payment.creditor_account,
    )


@pytest.mark.parametrize("role", ["kontakt", "leder", "team", "stat"])
def test_only_the_economist_holds_or_cancels(approved, role):
    payment = waiting(approved)
    with pytest.raises(NotFoundOrForbidden):
        services.payment_hold(acting_user=approved["users"][role], payment=payment, reason="x")
    with pytest.raises(NotFoundOrForbidden):
        services.payment_cancel(acting_user=approved["users"][role], payment=payment, reason="x")
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING


def test_economist_of_another_municipality_cannot_cancel(approved, stranger):
    payment = waiting(approved)
    with pytest.raises(NotFoundOrForbidden):
        services.payment_cancel(acting_user=stranger, payment=payment, reason="x")
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING


def test_instruct_keeps_a_valid_kid_and_refuses_a_mistyped_one(approved):
    requests = [request(approved, amount="500", alias="K")]
    decide(approved, requests, key="meeting-kid")
    line = requests[0].lines.first()
    payment = line.payments.get()
    assert payment.kid == ""
    # Instruct a fresh line directly: the KID from the issue, and its mistyped twin.
    Payment.objects.filter(pk=payment.pk).delete()
    common = {
        "acting_user": None,
        "support_line": line,
        "subproject": payment.subproject,
        "creditor_name": "Trafikkskolen AS",
        "creditor_account": "12345678903",
        "amount": Decimal("500.00"),
        "remittance": "Faktura",
        "settles": payment.settles,
    }
    with pytest.raises(DomainError, match=r"(?i)kontrollsiffer"):
        services.payment_instruct(**common, kid="202412345673")
    assert not Payment.objects.filter(support_line=line).exists()
    assert services.payment_instruct(**common, kid="2024 1234 5672").kid == "202412345672"


# --- the payment page --------------------------------------------------------------------


def test_economist_holds_and_releases_on_the_payment_page(approved, client_for):
    from django.urls import reverse

    payment = waiting(approved)
    client = client_for("okonom")
    url = reverse("payments:payment", args=[payment.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "hold", "reason": "Sjekker kontoen"})
    assert response.status_code == 302
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.HELD
    overview = client.get(reverse("payments:overview"), {"liste": "holdt"}).content.decode()
    assert "Sjekker kontoen" in overview
    empty = client.post(url, {"action": "release", "reason": ""})
    assert empty.status_code == 200 and 'aria-invalid="true"' in empty.content.decode()
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.HELD
    client.post(url, {"action": "release", "reason": "Kontoen stemmer"})
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING


def test_correct_on_the_page_takes_the_households_current_account(approved, client_for):
    from django.urls import reverse

    from samskap.people import services as people_services

    payment = Payment.objects.filter(
        municipality=approved["municipality"],
        status=PaymentStatus.PENDING,
        support_line__form="cash",
    ).first()
    household = payment.support_line.request.household
    people_services.household_bank_account_set(
        confirm_duplicate=True,
        acting_user=approved["users"]["kontakt"],
        household=household,
        bank_account="1234.56.78903",
        account_holder="Ola Syntetisk",
    )
    client = client_for("okonom")
    url = reverse("payments:payment", args=[payment.pk])
    page = client.get(url).content.decode()
    assert "slutter på 8903" in page
    response = client.post(url, {"action": "correct", "reason": "Ny konto fra husstanden"})
    assert response.status_code == 302
    payment.refresh_from_db()
    assert (payment.creditor_name, payment.creditor_account) == ("Ola Syntetisk", "12345678903")


def test_a_purchase_has_no_household_account_to_correct_from(approved, client_for):
    from django.urls import reverse

    payment = Payment.objects.filter(
        municipality=approved["municipality"],
        status=PaymentStatus.PENDING,
        support_line__form="purchase",
    ).first()
    response = client_for("okonom").post(
        reverse("payments:payment", args=[payment.pk]), {"action": "correct", "reason": "x"}
    )
    assert response.status_code == 200
    assert "ingen nåværende konto" in response.content.decode()
    assert Payment.objects.get(pk=payment.pk).creditor_account == payment.creditor_account


def test_cancel_on_the_page(approved, client_for):
    from django.urls import reverse

    payment = waiting(approved)
    response = client_for("okonom").post(
        reverse("payments:payment", args=[payment.pk]),
        {"action": "cancel", "reason": "Vedtaket gjelder ikke lenger"},
    )
    assert response.status_code == 302
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.CANCELLED


def test_the_overview_query_count_does_not_grow_with_payments(
    approved, client_for, django_assert_max_num_queries
):
    from django.urls import reverse

    client = client_for("okonom")
    export(approved)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("payments:overview")).status_code == 200
