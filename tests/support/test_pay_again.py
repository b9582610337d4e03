"""After the bank returns a payout: the family is not forgotten, and the same decision is
paid again to the corrected account without a new meeting."""

from decimal import Decimal

import pytest
from django.urls import reverse

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError
from samskap.funding import selectors as funding_selectors
from samskap.funding.models import LedgerTransaction
from samskap.payments import services as payment_services
from samskap.payments.models import Payment, PaymentStatus
from samskap.people import services as people_services
from samskap.support import services
from samskap.support.keys import pay_again_key
from samskap.support.models import ReturnedPaymentTask
from samskap.support.selectors import household_received_this_year
from tests.support.factories import (
    SUBPROJECT,
    VALID_ACCOUNT,
    decide,
    fund,
    request,
    set_limits,
)

REASON = "Konto avsluttet, ukjent mottaker"
CORRECTED = "15030433332"  # another valid Norwegian account number, on no household
THIRD = "60030512343"  # and a third


@pytest.fixture
def returned(demo):
    """A decided 2 500 kr cash payout, exported and returned by the bank (RJCT)."""
    okonom = demo["users"]["okonom"]
    payment_services.payment_batch_export(acting_user=okonom, municipality=demo["municipality"])
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("20000"))
    set_limits(demo)
    support = request(demo, amount="2500", alias="Familien Retur")
    [decision] = decide(demo, [support]).decisions
    payment_services.payment_batch_export(acting_user=okonom, municipality=demo["municipality"])
    payment = Payment.objects.get(support_line__request=support)
    payment_services.payment_returns_import(
        acting_user=okonom,
        municipality=demo["municipality"],
        data=f"{payment.end_to_end_id};RJCT;{REASON}\n".encode(),
        filename="retur.csv",
    )
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.RETURNED
    return {"demo": demo, "support": support, "decision": decision, "payment": payment}


def correct_account(demo, household, account=CORRECTED):
    return people_services.household_bank_account_set(
        acting_user=demo["users"]["kontakt"],
        household=household,
        bank_account=account,
        account_holder="Ali Testesen",
    )


def budget(demo):
    return funding_selectors.subproject_budget(subproject=demo["subprojects"][SUBPROJECT])


def test_after_rjct_and_correction_payment_instruct_no_longer_hands_back_the_returned(returned):
    """The issue's case: the returned payment is history, the line gets a new attempt."""
    demo, payment = returned["demo"], returned["payment"]
    line = payment.support_line
    correct_account(demo, line.request.household)
    again = payment_services.payment_instruct(
        acting_user=demo["users"]["kontakt"],
        support_line=line,
        subproject=payment.subproject,
        creditor_name="Ali Testesen",
        creditor_account=CORRECTED,
        amount=payment.amount,
        remittance="Kjøretimer",
        settles=pay_again_key(payment),
    )
    assert again.pk != payment.pk and again.end_to_end_id != payment.end_to_end_id
    assert again.status == PaymentStatus.PENDING and again.creditor_account == CORRECTED
    assert again.idempotency_key == f"support-line:{line.pk}:2"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.RETURNED
    # While the new one lives, a further call hands back the new one.
    assert (
        payment_services.payment_instruct(
            acting_user=None,
            support_line=line,
            subproject=payment.subproject,
            creditor_name="X",
            creditor_account=CORRECTED,
            amount=payment.amount,
            remittance="x",
            settles=pay_again_key(payment),
        ).pk
        == again.pk
    )


def test_the_request_and_household_pages_say_returned_by_the_bank(returned, client_for):
    support = returned["support"]
    kontakt = client_for("kontakt")
    page = kontakt.get(reverse("support:request_detail", args=[support.pk])).content.decode()
    assert "Innvilget – <strong>returnert av banken</strong>" in page
    assert REASON in page and "Betal på nytt" in page
    # The old account, by its last four digits only.
    assert f"slutter på {VALID_ACCOUNT[-4:]}" in page and VALID_ACCOUNT not in page
    household = kontakt.get(reverse("people:detail", args=[support.household_id]))
    assert f"Returnert av banken</strong>: {REASON}" in household.content.decode()


def test_the_contact_person_gets_a_task(returned, client_for):
    task = ReturnedPaymentTask.objects.get(payment=returned["payment"])
    assert task.assigned_to.username == "kontakt" and task.done_at is None
    page = client_for("kontakt").get(reverse("support:tasks")).content.decode()
    assert "Utbetalinger banken sendte i retur" in page and REASON in page
    assert reverse("support:request_detail", args=[returned["support"].pk]) in page
    # Another team's member sees no such task.
    other = client_for("skole.strand").get(reverse("support:tasks")).content.decode()
    assert REASON not in other


def test_pay_again_is_refused_while_the_account_is_unchanged(returned):
    demo, decision = returned["demo"], returned["decision"]
    before = (budget(demo), Payment.objects.count(), LedgerTransaction.objects.count())
    with pytest.raises(DomainError, match="Rett kontonummeret på husstandssiden først"):
        services.decision_pay_again(acting_user=demo["users"]["kontakt"], decision=decision)
    assert (budget(demo), Payment.objects.count(), LedgerTransaction.objects.count()) == before


def test_pay_again_after_correction_commits_again_and_makes_a_new_payment(returned):
    demo, decision, payment = returned["demo"], returned["decision"], returned["payment"]
    household_id = decision.request.household_id
    received_returned = household_received_this_year(household_ids=[household_id])[household_id]
    correct_account(demo, decision.request.household)
    before = budget(demo)
    [again] = services.decision_pay_again(acting_user=demo["users"]["kontakt"], decision=decision)
    assert again.status == PaymentStatus.PENDING
    assert again.creditor_account == CORRECTED and again.amount == Decimal("2500.00")
    assert again.end_to_end_id != payment.end_to_end_id
    assert again.settles == pay_again_key(payment)
    after = budget(demo)
    assert after.committed == before.committed + Decimal("2500.00")
    assert after.remaining == before.remaining - Decimal("2500.00")
    assert LedgerTransaction.objects.filter(idempotency_key=pay_again_key(payment)).count() == 1
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.RETURNED  # history stays
    assert ReturnedPaymentTask.objects.get(payment=payment).done_at is not None
    audit = AuditRecord.objects.get(action="decision.pay_again", object_id=str(decision.pk))
    assert audit.new_values["payments"] == [again.pk]
    assert CORRECTED not in str(audit.new_values)
    received = household_received_this_year(household_ids=[household_id])[household_id]
    assert received == received_returned + Decimal("2500.00")

    # Paying again a second time finds nothing returned, and commits nothing more.
    with pytest.raises(DomainError, match="Ingen utbetaling fra dette vedtaket"):
        services.decision_pay_again(acting_user=demo["users"]["kontakt"], decision=decision)
    assert budget(demo).committed == after.committed


def test_the_new_payment_goes_out_settles_its_own_commitment_and_can_come_back_again(returned):
    demo, decision, payment = returned["demo"], returned["decision"], returned["payment"]
    okonom = demo["users"]["okonom"]
    correct_account(demo, decision.request.household)
    [second] = services.decision_pay_again(acting_user=demo["users"]["leder"], decision=decision)
    batch = payment_services.payment_batch_export(
        acting_user=okonom, municipality=demo["municipality"]
    )
    assert second in batch.payments.all()
    paid = LedgerTransaction.objects.get(idempotency_key=f"payment:{second.pk}:pay")
    assert paid.settles.idempotency_key == pay_again_key(payment)
    # Returned once more (the corrected account was wrong too): a third attempt.
    payment_services.payment_returns_import(
        acting_user=okonom,
        municipality=demo["municipality"],
        data=f"{second.end_to_end_id};RJCT;AC01\n".encode(),
    )
    correct_account(demo, decision.request.household, THIRD)
    [third] = services.decision_pay_again(acting_user=demo["users"]["kontakt"], decision=decision)
    assert third.idempotency_key.endswith(":3") and third.creditor_account == THIRD
    lines = Payment.objects.filter(support_line=payment.support_line).order_by("pk")
    assert [p.status for p in lines] == ["returned", "returned", "pending"]


@pytest.mark.parametrize("who", ["okonom", "skole.strand", "stat"])
def test_only_the_team_pays_again(returned, who):
    demo, decision = returned["demo"], returned["decision"]
    correct_account(demo, decision.request.household)
    before = (Payment.objects.count(), LedgerTransaction.objects.count())
    with pytest.raises(DomainError):
        services.decision_pay_again(acting_user=demo["users"][who], decision=decision)
    assert (Payment.objects.count(), LedgerTransaction.objects.count()) == before


def test_a_decision_without_a_returned_payment_cannot_be_paid_again(demo):
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("20000"))
    set_limits(demo)
    [decision] = decide(demo, [request(demo, amount="900", alias="Familien Ok")]).decisions
    with pytest.raises(DomainError, match="Ingen utbetaling fra dette vedtaket"):
        services.decision_pay_again(acting_user=demo["users"]["kontakt"], decision=decision)


def test_pay_again_on_the_page(returned, client_for):
    demo, support = returned["demo"], returned["support"]
    kontakt = client_for("kontakt")
    url = reverse("support:decision_pay_again", args=[returned["decision"].request_id])
    refused = kontakt.post(url, follow=True).content.decode()
    assert "Rett kontonummeret" in refused
    correct_account(demo, support.household)
    response = kontakt.post(url, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("support:request_detail", args=[support.pk])
    assert "En ny utbetaling venter på neste betalingsfil." in page
    assert "returnert av banken</strong>" not in page  # the status line is honest again
    assert "Venter på eksport" in page and REASON in page  # new attempt, old one in history
    assert kontakt.get(url).status_code == 405


def test_the_household_page_shows_each_lines_latest_payment_while_it_is_returned(
    returned, client_for
):
    """The household page finds returned payments in one query (issue 14): the same ones
    as reading every line's payments (`line_payments`), through a payment paid again,
    sent and returned once more."""
    from samskap.support.selectors import (
        household_panel,
        line_payments,
        returned_payments_by_request,
    )

    demo, decision, support = returned["demo"], returned["decision"], returned["support"]
    household = support.household
    kontakt = client_for("kontakt")
    shown = "Returnert av banken</strong>"

    def by_lines() -> dict:
        found = {}
        for item in line_payments(support_request=support):
            if item.returned:
                found.setdefault(support.pk, []).append(item.current)
        return found

    def on_panel() -> dict:
        """The same, as the household page reads it (selectors.household_panel)."""
        panel = household_panel(household_id=household.pk)
        return {item.request.pk: item.returned for item in panel.requests if item.returned}

    def on_page() -> int:
        page = kontakt.get(reverse("people:detail", args=[household.pk]))
        return page.content.decode().count(shown)

    assert returned_payments_by_request(household=household) == by_lines() == on_panel()
    assert by_lines() == {support.pk: [returned["payment"]]} and on_page() == 1

    correct_account(demo, household)
    [second] = services.decision_pay_again(acting_user=demo["users"]["kontakt"], decision=decision)
    assert returned_payments_by_request(household=household) == by_lines() == on_panel() == {}
    assert on_page() == 0

    okonom = demo["users"]["okonom"]
    payment_services.payment_batch_export(acting_user=okonom, municipality=demo["municipality"])
    payment_services.payment_returns_import(
        acting_user=okonom,
        municipality=demo["municipality"],
        data=f"{second.end_to_end_id};RJCT;AC01\n".encode(),
    )
    assert returned_payments_by_request(household=household) == by_lines() == on_panel()
    assert by_lines() == {support.pk: [second]} and on_page() == 1
