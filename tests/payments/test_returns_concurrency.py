"""Returns and paying again at the same moment, on PostgreSQL: no deadlock, no 500, the
money exactly once."""

from decimal import Decimal

import pytest

from samskap.funding.models import LedgerTransaction
from samskap.payments import services
from samskap.payments.models import Payment, PaymentStatus, ReturnsFile
from samskap.people import services as people_services
from samskap.support import services as support_services
from samskap.support.keys import pay_again_key
from samskap.web.demo import load_demo
from tests.support.factories import (
    SUBPROJECT,
    confirmed_letter,
    decide,
    fund,
    household,
    set_limits,
)
from tests.support.test_concurrency import run_together

OTHER = "Veien til førerkortet"  # kontakt and leder sit on this team too


def cash_request(demo, subproject: str, alias: str, amount: str):
    home = household(demo, alias=alias, subproject=subproject)
    letter = confirmed_letter(demo, home, subproject=subproject)
    return support_services.support_request_create(
        acting_user=demo["users"]["kontakt"],
        letter=letter,
        lines=[support_services.LineInput(form="cash", description="Kjøretimer", amount=amount)],
        other_help=[],
    )


def sent_payments(demo) -> tuple[Payment, Payment]:
    """One exported payment in each of two sub-projects."""
    okonom = demo["users"]["okonom"]
    services.payment_batch_export(acting_user=okonom, municipality=demo["municipality"])
    set_limits(demo)
    made = []
    for number, name in enumerate((SUBPROJECT, OTHER)):
        fund(demo, demo["subprojects"][name], Decimal("20000"))
        support = cash_request(demo, name, f"Familien Samtidig {number}", "1500")
        decide(demo, [support], key=f"race-{number}")
        made.append(support)
    services.payment_batch_export(acting_user=okonom, municipality=demo["municipality"])
    first, second = (Payment.objects.get(support_line__request=support) for support in made)
    return first, second


def returns(demo, data: bytes):
    return lambda: services.payment_returns_import(
        acting_user=demo["users"]["okonom"],
        municipality=demo["municipality"],
        data=data,
        filename="retur.csv",
    )


def released(payment) -> int:
    return LedgerTransaction.objects.filter(idempotency_key=f"payment:{payment.pk}:return").count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_file_twice_at_once_is_applied_once():
    demo = load_demo()
    first, second = sent_payments(demo)
    files = ReturnsFile.objects.count()
    data = f"{first.end_to_end_id};RJCT;AC04\n{second.end_to_end_id};RJCT;AC04\n".encode()
    results, refusals = run_together(returns(demo, data), returns(demo, data))
    assert refusals == []
    assert sorted(report.repeated for report in results) == [False, True]
    assert ReturnsFile.objects.count() == files + 1
    assert released(first) == 1 and released(second) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_files_over_two_sub_projects_in_opposite_order_do_not_deadlock():
    demo = load_demo()
    first, second = sent_payments(demo)
    one = f"{first.end_to_end_id};RJCT;AC04\n{second.end_to_end_id};ACSC\n".encode()
    other = f"{second.end_to_end_id};RJCT;AC04\n{first.end_to_end_id};ACSC\n".encode()
    results, refusals = run_together(returns(demo, one), returns(demo, other))
    assert refusals == [] and len(results) == 2
    first.refresh_from_db()
    second.refresh_from_db()
    # Whichever file came second found its payment returned or paid already.
    assert {first.status, second.status} <= {PaymentStatus.RETURNED, PaymentStatus.PAID}
    assert released(first) == (first.status == PaymentStatus.RETURNED)
    assert released(second) == (second.status == PaymentStatus.RETURNED)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_export_and_a_returns_import_at_once_do_not_deadlock():
    demo = load_demo()
    first, second = sent_payments(demo)
    set_limits(demo)
    # New payments waiting in both sub-projects while the bank's answer comes in.
    for number, name in enumerate((OTHER, SUBPROJECT)):
        support = cash_request(demo, name, f"Familien Venter {number}", "700")
        decide(demo, [support], key=f"race-wait-{number}")
    data = f"{second.end_to_end_id};RJCT;AC04\n{first.end_to_end_id};RJCT;AC04\n".encode()
    export = lambda: services.payment_batch_export(  # noqa: E731
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )
    results, refusals = run_together(export, returns(demo, data))
    assert refusals == [] and len(results) == 2
    assert released(first) == 1 and released(second) == 1
    assert not Payment.objects.filter(status=PaymentStatus.PENDING).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_pay_again_twice_at_once_pays_once():
    demo = load_demo()
    first, _second = sent_payments(demo)
    services.payment_returns_import(
        acting_user=demo["users"]["okonom"],
        municipality=demo["municipality"],
        data=f"{first.end_to_end_id};RJCT;AC04\n".encode(),
    )
    request = first.support_line.request
    people_services.household_bank_account_set(
        acting_user=demo["users"]["kontakt"],
        household=request.household,
        bank_account="15030433332",
        account_holder="Ali Testesen",
    )
    decision = request.decision

    def pay_again(username):
        return lambda: support_services.decision_pay_again(
            acting_user=demo["users"][username], decision=decision
        )

    results, refusals = run_together(*(pay_again(name) for name in ("kontakt", "leder") * 4))
    assert len(results) == 1 and len(refusals) == 7
    assert Payment.objects.filter(support_line=first.support_line).count() == 2
    assert LedgerTransaction.objects.filter(idempotency_key=pay_again_key(first)).count() == 1
