"""Cancel, don't reverse: a decision is cancelled with a reason by someone with authority;
the commitment is released and unpaid payments cancelled; paid money needs a repayment.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError
from samskap.funding import selectors as funding_selectors
from samskap.funding import services as funding_services
from samskap.funding.checks import ledger_breaches
from samskap.funding.models import LedgerTransaction
from samskap.payments import services as payment_services
from samskap.payments.models import Payment, PaymentStatus
from samskap.support import services
from samskap.support.keys import commitment_key
from samskap.support.models import Decision, RequestStatus
from tests.support.factories import SUBPROJECT, decide, fund, request, set_limits

D = Decimal
REASON = "Familien flyttet før kjøretimene startet"


@pytest.fixture
def approved(demo):
    """A 5 000 kr decision, final at once, its payment waiting for the bank file."""
    fund(demo, demo["subprojects"][SUBPROJECT], D("50000"))
    set_limits(demo)
    decision = decide(demo, [request(demo, amount="5000")]).decisions[0]
    assert decision.decided_at is not None
    return decision


def budget(demo):
    return funding_selectors.subproject_budget(subproject=demo["subprojects"][SUBPROJECT])


def cancel(demo, decision, by="nav.berg", reason=REASON):
    return services.decision_cancel(acting_user=demo["users"][by], decision=decision, reason=reason)


def test_cancelling_releases_the_commitment_and_cancels_the_payment(demo, approved):
    before = budget(demo)
    cancel(demo, approved)
    after = budget(demo)
    assert after.committed == before.committed - D("5000.00")
    assert after.remaining == before.remaining + D("5000.00")
    payment = Payment.objects.get(support_line__request=approved.request)
    assert payment.status == PaymentStatus.CANCELLED
    decision = Decision.objects.get(pk=approved.pk)
    assert decision.cancelled_at is not None
    assert decision.cancelled_by == demo["users"]["nav.berg"]
    assert decision.cancel_reason == REASON
    assert decision.request.status == RequestStatus.CANCELLED
    assert ledger_breaches(agreement=approved.request.subproject.agreement) == []
    # The next export has nothing of it.
    batch = payment_services.payment_batch_export(
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )
    assert batch is None or not batch.payments.filter(pk=payment.pk).exists()


def test_the_audit_gets_ids_and_flags_never_the_reason(demo, approved):
    cancel(demo, approved)
    record = AuditRecord.objects.filter(action="decision.cancel").latest("pk")
    assert record.object_id == str(approved.pk)
    assert REASON not in str(record.new_values) + str(record.old_values)
    assert record.new_values["released"] == "5000.00"
    assert record.new_values["reason_given"] is True


def test_cancelling_twice_changes_nothing_more(demo, approved):
    cancel(demo, approved)
    before = (budget(demo).committed, LedgerTransaction.objects.count())
    with pytest.raises(DomainError):
        cancel(demo, approved)
    assert (budget(demo).committed, LedgerTransaction.objects.count()) == before


@pytest.mark.parametrize("reason", ["", "   ", "\u200b"])
def test_a_reason_is_required(demo, approved, reason):
    before = budget(demo).committed
    with pytest.raises(DomainError) as error:
        cancel(demo, approved, reason=reason)
    assert error.value.field == "reason"
    assert budget(demo).committed == before
    assert Decision.objects.get(pk=approved.pk).cancelled_at is None


def test_only_someone_with_authority_for_the_amount_cancels(demo, approved):
    set_limits(demo, per_decision="1000", per_year="1000")  # 5 000 is above everyone's
    before = budget(demo).committed
    with pytest.raises(DomainError) as error:
        cancel(demo, approved, by="nav.berg")
    assert "5\u00a0000,00\u00a0kr" in str(error.value.message)
    for outsider in ("team", "stat"):  # not on the team
        with pytest.raises(DomainError):
            cancel(demo, approved, by=outsider)
    assert budget(demo).committed == before
    # The economist may always cancel.
    cancel(demo, approved, by="okonom")
    assert budget(demo).committed == before - D("5000.00")


def test_money_sent_to_the_bank_cannot_be_cancelled(demo, approved):
    payment_services.payment_batch_export(
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )
    before = (budget(demo).committed, budget(demo).paid)
    with pytest.raises(DomainError) as error:
        cancel(demo, approved)
    assert "tilbakebetaling" in str(error.value.message)
    assert (budget(demo).committed, budget(demo).paid) == before
    assert Decision.objects.get(pk=approved.pk).cancelled_at is None


def test_a_held_payment_is_cancelled_too(demo, approved):
    payment = Payment.objects.get(support_line__request=approved.request)
    payment_services.payment_hold(
        acting_user=demo["users"]["okonom"], payment=payment, reason="Sjekk kontonummer"
    )
    cancel(demo, approved)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELLED


def test_a_waiting_decision_is_declined_not_cancelled(demo):
    fund(demo, demo["subprojects"][SUBPROJECT], D("50000"))
    set_limits(demo)
    waiting = decide(demo, [request(demo, amount="15000")]).decisions[0]
    assert waiting.decided_at is None
    with pytest.raises(DomainError):
        cancel(demo, waiting, by="okonom")


def test_the_request_page_cancels_with_a_confirmation_step(demo, approved, client_for):
    url = reverse("support:decision_cancel", args=[approved.request_id])
    client = client_for("nav.berg")
    detail = client.get(reverse("support:request_detail", args=[approved.request_id]))
    assert url in detail.content.decode()
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "5\u00a0000,00\u00a0kr" in confirm.content.decode()
    assert Decision.objects.get(pk=approved.pk).cancelled_at is None  # a GET changes nothing
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200
    assert 'role="alert"' in empty.content.decode()
    assert Decision.objects.get(pk=approved.pk).cancelled_at is None
    done = client.post(url, {"reason": REASON}, follow=True)
    html = done.content.decode()
    assert "Annullert" in html and REASON in html
    assert Decision.objects.get(pk=approved.pk).cancelled_at is not None
    assert client_for("okonom").get(url).status_code == 404  # the economy sees no household


# --- transaction_reverse refuses what belongs to the support and payment flows ----------


def test_reversing_a_decisions_commitment_is_refused(demo, approved):
    commitment = LedgerTransaction.objects.get(idempotency_key=commitment_key(approved))
    before = budget(demo)
    with pytest.raises(DomainError) as error:
        funding_services.transaction_reverse(
            acting_user=demo["users"]["okonom"], original=commitment, reason="Feil"
        )
    assert "annuller" in str(error.value.message).lower()
    assert budget(demo) == before
    payment = Payment.objects.get(support_line__request=approved.request)
    assert payment.status == PaymentStatus.PENDING
    assert not LedgerTransaction.objects.filter(reverses=commitment).exists()


def test_reversing_a_payments_posting_is_refused(demo, approved):
    payment_services.payment_batch_export(
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )
    payment = Payment.objects.get(support_line__request=approved.request)
    posting = LedgerTransaction.objects.get(idempotency_key=f"payment:{payment.pk}:pay")
    with pytest.raises(DomainError):
        funding_services.transaction_reverse(
            acting_user=demo["users"]["okonom"], original=posting, reason="Feil"
        )
    assert not LedgerTransaction.objects.filter(reverses=posting).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_cancel_racing_the_export_pays_or_cancels_never_both():
    """The payment is either in the bank file (and the cancel refused) or cancelled (and
    not in the file); the ledger holds either way."""
    from samskap.web.demo import load_demo
    from tests.support.test_concurrency import run_together

    demo = load_demo()
    fund(demo, demo["subprojects"][SUBPROJECT], D("20000"))
    set_limits(demo)
    decision = decide(demo, [request(demo, amount="4000")], key="race").decisions[0]
    payment = Payment.objects.get(support_line__request=decision.request)
    export = lambda: payment_services.payment_batch_export(  # noqa: E731
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )
    results, refusals = run_together(export, lambda: cancel(demo, decision))
    payment.refresh_from_db()
    decision.refresh_from_db()
    if payment.status == PaymentStatus.CANCELLED:
        assert decision.cancelled_at is not None
        assert payment.batch_id is None
    else:
        assert payment.status == PaymentStatus.EXPORTED
        assert decision.cancelled_at is None
        assert len(refusals) == 1
    assert ledger_breaches(agreement=decision.request.subproject.agreement) == []
    assert len(results) + len(refusals) == 2
