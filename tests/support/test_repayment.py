"""Money of a paid decision that comes back is recorded as a repayment by the economy:
the ledger takes it out of the paid accounts its payouts filled, back to the budget (or,
after the close, to the closing balance), audited without names or free text."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from samskap.audit.models import AuditRecord
from samskap.core.errors import AlreadyRecorded, DomainError, NotFoundOrForbidden
from samskap.funding import guards
from samskap.funding import selectors as funding_selectors
from samskap.funding import services as funding_services
from samskap.funding.checks import ledger_breaches
from samskap.funding.models import LedgerTransaction, TransactionKind
from samskap.payments import services as payment_services
from samskap.payments.models import Payment
from samskap.support import selectors, services
from samskap.support.models import Repayment
from samskap.web.demo import load_demo
from tests.races import assert_ledger_holds, run_together
from tests.support.factories import SUBPROJECT, decide, fund, request, set_limits

D = Decimal
TODAY = timezone.localdate


def budget(demo):
    return funding_selectors.subproject_budget(subproject=demo["subprojects"][SUBPROJECT])


def bank_confirms(demo, decision, code="ACSC"):
    okonom = demo["users"]["okonom"]
    payment_services.payment_batch_export(acting_user=okonom, municipality=demo["municipality"])
    payments = Payment.objects.filter(support_line__request=decision.request)
    payment_services.payment_returns_import(
        acting_user=okonom,
        municipality=demo["municipality"],
        data="".join(f"{p.end_to_end_id};{code}\n" for p in payments).encode(),
    )


@pytest.fixture
def approved(demo):
    """A 5 000 kr cash decision, final at once, its payment waiting for the bank file."""
    fund(demo, demo["subprojects"][SUBPROJECT], D("50000"))
    set_limits(demo)
    decision = decide(demo, [request(demo, amount="5000")]).decisions[0]
    assert decision.decided_at is not None
    return decision


@pytest.fixture
def paid(demo, approved):
    bank_confirms(demo, approved)
    assert Payment.objects.get(support_line__request=approved.request).status == "paid"
    return approved


def repay(demo, decision, amount="1000", *, by="okonom", token=None, received_on=None, note=""):
    return services.repayment_record(
        acting_user=demo["users"][by],
        decision=decision,
        amount=amount,
        received_on=received_on or TODAY(),
        note=note,
        form_token=token or f"token-{Repayment.objects.count()}-{amount}",
    )


def test_a_repayment_moves_paid_money_back_to_the_budget(demo, paid):
    before = budget(demo)
    repayment = repay(demo, paid, "1200,50", note="Ref 4411")
    after = budget(demo)
    assert after.paid == before.paid - D("1200.50")
    assert after.remaining == before.remaining + D("1200.50")
    assert after.committed == before.committed
    assert repayment.amount == D("1200.50")
    assert repayment.note == "Ref 4411"
    posting = LedgerTransaction.objects.get(idempotency_key__contains=":repayment:")
    assert posting.kind == TransactionKind.RELEASE
    assert (
        posting.settles.idempotency_key
        == Payment.objects.get(support_line__request=paid.request).pay_key
    )
    assert ledger_breaches(agreement=paid.request.subproject.agreement) == []
    assert services.repayable(paid) == {posting.settles.idempotency_key: D("3799.50")}


def test_the_audit_row_has_amounts_and_flags_never_the_note(demo, paid):
    repay(demo, paid, "500", note="Kari Nordmann betalte tilbake")
    record = AuditRecord.objects.filter(action="decision.repayment").latest("pk")
    assert record.object_id == str(paid.pk)
    assert record.new_values["amount"] == "500.00"
    assert record.new_values["note_given"] is True
    assert record.new_values["late_return"] is False
    assert "Nordmann" not in str(record.new_values)


def test_no_more_than_what_reached_the_family_can_come_back(demo, paid):
    repay(demo, paid, "4000")
    before = (budget(demo).paid, Repayment.objects.count())
    with pytest.raises(DomainError) as error:
        repay(demo, paid, "1000,01")
    assert error.value.field == "amount"
    assert "1\u00a0000,00\u00a0kr" in str(error.value.message)
    assert (budget(demo).paid, Repayment.objects.count()) == before
    repay(demo, paid, "1000")  # exactly what is left
    assert services.repayable(paid) == {}


@pytest.mark.parametrize("state", ["pending", "sent", "returned"])
def test_money_that_did_not_reach_the_family_is_not_repayable(demo, approved, state):
    if state == "sent":
        payment_services.payment_batch_export(
            acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
        )
    if state == "returned":
        bank_confirms(demo, approved, code="RJCT")
    before = (budget(demo).paid, budget(demo).remaining, Repayment.objects.count())
    with pytest.raises(DomainError) as error:
        repay(demo, approved, "100")
    assert "0,00\u00a0kr" in str(error.value.message)
    assert (budget(demo).paid, budget(demo).remaining, Repayment.objects.count()) == before


def test_a_voucher_handed_over_in_the_meeting_can_be_repaid(demo):
    fund(demo, demo["subprojects"][SUBPROJECT], D("50000"))
    set_limits(demo)
    decision = decide(demo, [request(demo, amount="800", form="voucher")]).decisions[0]
    paid_before = budget(demo).paid
    repay(demo, decision, "800")
    assert budget(demo).paid == paid_before - D("800.00")
    assert services.repayable(decision) == {}


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("amount", {"amount": "0"}),
        ("amount", {"amount": "-5"}),
        ("amount", {"amount": "abc"}),
        ("amount", {"amount": "999999999999.99"}),
        # A callable: the day is taken when the test runs, not when it is collected.
        ("received_on", {"received_on": lambda: TODAY() + datetime.timedelta(days=1)}),
        ("received_on", {"received_on": datetime.date(2000, 1, 1)}),
        ("note", {"note": "\u200b" + "x"}),
        ("note", {"note": "x" * 201}),
    ],
)
def test_bad_input_gets_a_message_and_changes_nothing(demo, paid, field, kwargs):
    before = (budget(demo).paid, Repayment.objects.count(), AuditRecord.objects.count())
    kwargs = {key: value() if callable(value) else value for key, value in kwargs.items()}
    with pytest.raises(DomainError) as error:
        repay(demo, paid, **{"amount": "100", **kwargs})
    assert error.value.field == field
    assert (budget(demo).paid, Repayment.objects.count(), AuditRecord.objects.count()) == before


def test_every_refused_repayment_field_comes_in_one_answer(demo, paid):
    before = (budget(demo).paid, Repayment.objects.count(), AuditRecord.objects.count())
    with pytest.raises(DomainError) as error:
        repay(
            demo,
            paid,
            amount="abc",
            received_on=TODAY() + datetime.timedelta(days=30),
            note="x" * 201,
        )
    assert [problem.field for problem in error.value.problems] == ["amount", "received_on", "note"]
    # More than reached the family is named beside a bad date, not on the next try.
    with pytest.raises(DomainError) as error:
        repay(demo, paid, amount="9000", received_on=datetime.date(2000, 1, 1))
    assert [problem.field for problem in error.value.problems] == ["amount", "received_on"]
    assert "5\u00a0000,00\u00a0kr" in str(error.value.problems[0].message)
    assert (budget(demo).paid, Repayment.objects.count(), AuditRecord.objects.count()) == before


def test_the_page_names_the_forms_and_the_services_problems_together(client, demo, paid):
    """The trial: "abc" with a date the form could not read came back as the date alone,
    and "abc" only on the next try."""
    client.force_login(demo["users"]["okonom"])
    url = reverse("support:repayment_record", args=[paid.request_id])
    token = client.get(url).context["form"]["token"].value()
    response = client.post(url, {"token": token, "amount": "abc", "received_on": "2030-13-45"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"amount", "received_on"}
    assert "1500,50" in errors["amount"][0]
    page = response.content.decode()
    assert 'href="#id_amount"' in page and 'href="#id_received_on"' in page
    assert Repayment.objects.count() == 0


def test_the_same_form_twice_records_once(demo, paid):
    repay(demo, paid, "700", token="a" * 32)
    with pytest.raises(AlreadyRecorded):
        repay(demo, paid, "700", token="a" * 32)
    assert Repayment.objects.count() == 1
    assert sum(services.repayable(paid).values()) == D("4300.00")


@pytest.mark.parametrize("who", ["kontakt", "leder", "nav.berg", "stat"])
def test_only_the_economy_records_repayments(demo, paid, who):
    before = (budget(demo).paid, Repayment.objects.count())
    with pytest.raises(NotFoundOrForbidden):
        repay(demo, paid, "100", by=who)
    assert (budget(demo).paid, Repayment.objects.count()) == before


def test_after_the_close_a_repayment_goes_to_the_closing_balance(demo, paid, monkeypatch):
    agreement = paid.request.subproject.agreement
    okonom = demo["users"]["okonom"]
    monkeypatch.setattr(guards, "today", lambda: agreement.ends_on)
    monkeypatch.setattr(timezone, "localdate", lambda *a: agreement.ends_on)
    # The demo's other payments went in the same file: the bank answers for them too.
    sent = Payment.objects.filter(municipality=demo["municipality"], status="exported")
    payment_services.payment_returns_import(
        acting_user=okonom,
        municipality=demo["municipality"],
        data="".join(f"{p.end_to_end_id};ACSC\n" for p in sent).encode(),
    )
    funding_services.agreement_close(acting_user=okonom, agreement=agreement, reason="Slutt")
    repayment = repay(demo, paid, "250", received_on=agreement.ends_on)
    posting = LedgerTransaction.objects.get(idempotency_key__contains=":repayment:")
    assert posting.kind == TransactionKind.LATE_RETURN
    assert repayment.amount == D("250.00")
    record = AuditRecord.objects.filter(action="decision.repayment").latest("pk")
    assert record.new_values["late_return"] is True
    assert ledger_breaches(agreement=agreement) == []


def test_the_economy_finds_the_decision_by_request_number_or_end_to_end_id(demo, paid):
    okonom = demo["users"]["okonom"]
    payment = Payment.objects.get(support_line__request=paid.request)
    for reference in (str(paid.request_id), f"#{paid.request_id}", payment.end_to_end_id):
        assert selectors.decision_by_reference(user=okonom, reference=reference) == paid
    for nonsense in ("", "abc", "9" * 40, "#0", "SAMSKAP-0-0"):
        assert selectors.decision_by_reference(user=okonom, reference=nonsense) is None
    assert (
        selectors.decision_by_reference(
            user=demo["users"]["kontakt"], reference=str(paid.request_id)
        )
        is None
    )


def test_the_page_records_a_repayment_and_lists_it(client, demo, paid):
    client.force_login(demo["users"]["okonom"])
    found = client.get(reverse("support:repayments"), {"reference": paid.request_id})
    url = reverse("support:repayment_record", args=[paid.request_id])
    assert found.status_code == 302 and found.url == url
    page = client.get(url)
    assert page.status_code == 200
    assert (
        "5\u00a0000,00\u00a0kr" in page.content.decode()
        or "5\u00a0000,00\u00a0kr" in page.content.decode()
    )
    token = page.context["form"]["token"].value()
    bad = client.post(url, {"token": token, "amount": "9000", "received_on": TODAY().isoformat()})
    assert bad.status_code == 400
    assert "Ingenting ble registrert" in bad.content.decode()
    assert Repayment.objects.count() == 0
    done = client.post(url, {"token": token, "amount": "300", "received_on": TODAY().isoformat()})
    assert done.status_code == 302
    listing = client.get(reverse("support:repayments"))
    assert f"#{paid.request_id}" in listing.content.decode()
    again = client.post(url, {"token": token, "amount": "300", "received_on": TODAY().isoformat()})
    assert again.status_code == 200  # the "already recorded" page
    assert Repayment.objects.count() == 1


def test_an_unknown_reference_says_so_without_leaking(client, demo, paid):
    client.force_login(demo["users"]["okonom"])
    page = client.get(reverse("support:repayments"), {"reference": "SAMSKAP-nope"})
    assert page.status_code == 200
    assert "Ingen innvilget" in page.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_economists_recording_at_once_never_repay_more_than_was_paid():
    demo = load_demo()
    fund(demo, demo["subprojects"][SUBPROJECT], D("50000"))
    set_limits(demo)
    decision = decide(demo, [request(demo, amount="5000")]).decisions[0]
    bank_confirms(demo, decision)
    paid_before = budget(demo).paid

    def economist(token, amount="3000"):
        return lambda: repay(demo, decision, amount, token=token)

    results, refusals = run_together(economist("first-tab"), economist("second-tab"))
    assert len(results) == 1 and len(refusals) == 1
    assert budget(demo).paid == paid_before - D("3000.00")
    assert sum(services.repayable(decision).values()) == D("2000.00")
    # The same form from two tabs at once: recorded once.
    results, refusals = run_together(economist("same", "1000"), economist("same", "1000"))
    assert len(results) == 1 and len(refusals) == 1
    assert Repayment.objects.filter(form_token="same").count() == 1
    assert budget(demo).paid == paid_before - D("4000.00")
    assert_ledger_holds()
