"""Payments still waiting for the bank's answer keep the programme period open."""

from samskap.core.errors import DomainError
from samskap.funding import closing, guards
from samskap.funding import services as funding_services
from samskap.payments import services
from samskap.payments.models import Payment, PaymentStatus


def blockers(demo):
    return closing.close_blockers(demo["agreement"])


def test_waiting_payments_block_the_close(approved, monkeypatch):
    agreement = approved["agreement"]
    # Paid (the demo's confirmed payouts) and returned payments wait for nothing.
    waiting = Payment.objects.filter(subproject__agreement=agreement).exclude(
        status__in=[PaymentStatus.RETURNED, PaymentStatus.PAID]
    )
    assert waiting.filter(status=PaymentStatus.PENDING).count() == 2
    reasons = blockers(approved)
    assert len(reasons) == 1
    assert f"{waiting.count()} " in reasons[0]
    monkeypatch.setattr(guards, "today", lambda: agreement.ends_on)
    try:
        funding_services.agreement_close(
            acting_user=approved["users"]["okonom"], agreement=agreement, reason="Slutt"
        )
    except DomainError as error:
        assert reasons[0] in str(error)
    else:
        raise AssertionError("closed with payments waiting for the bank")
    agreement.refresh_from_db()
    assert agreement.closed_at is None


def test_sent_to_the_bank_still_blocks_and_an_answer_frees_it(approved):
    okonom = approved["users"]["okonom"]
    services.payment_batch_export(acting_user=okonom, municipality=approved["municipality"])
    sent = Payment.objects.filter(
        subproject__agreement=approved["agreement"], status=PaymentStatus.EXPORTED
    )
    assert sent.exists()
    assert blockers(approved) != []
    services.payment_returns_import(
        acting_user=okonom,
        municipality=approved["municipality"],
        data="".join(f"{p.end_to_end_id},RJCT,Konto avsluttet\n" for p in sent).encode(),
    )
    assert blockers(approved) == []


def test_payments_of_another_agreement_do_not_block(approved):
    from tests.funding.conftest import make_world

    world = make_world("closing")
    assert closing.close_blockers(world.agreement) == []
