"""The database refuses any posting into a closed period but a payout returned after it."""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.db import IntegrityError, InternalError, connection, transaction

from samskap.funding import closing, guards, services
from samskap.funding.checks import ledger_breaches
from samskap.funding.models import (
    Account,
    AccountKind,
    Direction,
    LedgerTransaction,
    Leg,
    ProgrammeAgreement,
    TransactionKind,
)

from .conftest import DAY, make_world
from .test_periods import END, paid_out

D = Decimal
REFUSED = (IntegrityError, InternalError)


def close_now(world, monkeypatch):
    monkeypatch.setattr(guards, "today", lambda: END)
    services.agreement_close(
        acting_user=world.users["okonom"], agreement=world.agreement, reason="Slutt"
    )
    world.agreement.refresh_from_db()


@pytest.fixture
def closed(world, monkeypatch):
    paid_out(world)
    close_now(world, monkeypatch)
    return world


def account(world, kind, scheme_index=0, **kwargs):
    return Account.objects.get(
        agreement=world.agreement, kind=kind, scheme=world.schemes[scheme_index], **kwargs
    )


def raw_transaction(world, kind):
    return LedgerTransaction.objects.create(
        agreement=world.agreement, kind=kind, booked_on=END, reason="rå postering"
    )


def add_leg(txn, target, direction, amount):
    return Leg.objects.create(
        transaction=txn, account=target, scheme=target.scheme, direction=direction, amount=amount
    )


def check_constraints_now():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.parametrize("kind", ["receipt", "allocation", "release", "reversal", "return"])
def test_a_direct_transaction_into_a_closed_agreement_is_refused(closed, kind):
    with pytest.raises(REFUSED), transaction.atomic():
        raw_transaction(closed, kind)


def test_a_direct_leg_into_an_old_transaction_of_a_closed_agreement_is_refused(closed):
    receipt = closed.agreement.transactions.filter(kind=TransactionKind.RECEIPT).first()
    income = account(closed, AccountKind.INCOME)
    pot = account(closed, AccountKind.POT)
    with pytest.raises(REFUSED), transaction.atomic():
        add_leg(receipt, income, Direction.CREDIT, D("5"))
        add_leg(receipt, pot, Direction.DEBIT, D("5"))
    pot.refresh_from_db()
    assert pot.balance == D("0.00")


def test_a_late_return_may_not_land_in_an_ordinary_account(closed):
    paid = account(closed, AccountKind.PAID, subproject=closed.subprojects[0], year=2026)
    budget = account(closed, AccountKind.BUDGET, subproject=closed.subprojects[0], year=2026)
    with pytest.raises(REFUSED), transaction.atomic():
        txn = raw_transaction(closed, TransactionKind.LATE_RETURN)
        add_leg(txn, paid, Direction.CREDIT, D("10"))
        add_leg(txn, budget, Direction.DEBIT, D("10"))
    budget.refresh_from_db()
    assert budget.balance == D("0.00")


def test_a_late_return_is_refused_in_an_open_agreement(world):
    paid_out(world)
    with pytest.raises(REFUSED), transaction.atomic():
        raw_transaction(world, TransactionKind.LATE_RETURN)


def test_the_database_accepts_paid_money_returned_to_the_closing_balance(closed):
    paid = account(closed, AccountKind.PAID, subproject=closed.subprojects[0], year=2026)
    returned = account(closed, AccountKind.RETURNED)
    with transaction.atomic():
        txn = raw_transaction(closed, TransactionKind.LATE_RETURN)
        add_leg(txn, paid, Direction.CREDIT, D("10"))
        add_leg(txn, returned, Direction.DEBIT, D("10"))
        check_constraints_now()
    returned.refresh_from_db()
    assert returned.balance == D("550.00")


def test_a_closed_agreement_stays_closed(closed):
    with pytest.raises(REFUSED), transaction.atomic():
        ProgrammeAgreement.objects.filter(pk=closed.agreement.pk).update(closed_at=None)
    with pytest.raises(REFUSED), transaction.atomic():
        ProgrammeAgreement.objects.filter(pk=closed.agreement.pk).update(
            closed_at=closed.agreement.closed_at + datetime.timedelta(days=1)
        )
    closed.agreement.refresh_from_db()
    assert closed.agreement.closed_at is not None


def waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_return_waiting_for_the_close_lands_in_the_closing_balance(monkeypatch):
    """The quoted race: a bank return that waits for the close's locks used to post into
    the closed period's budget afterwards (ledger_check reported the breach)."""
    world = make_world("late")
    sub = paid_out(world, amount="100")
    monkeypatch.setattr(guards, "today", lambda: END)
    close_holds_locks, go_on = threading.Event(), threading.Event()

    def pause(agreement):
        close_holds_locks.set()
        go_on.wait(timeout=30)
        return []

    monkeypatch.setattr(closing, "_blockers", [pause])
    results, crashes = {}, []

    def run(name, action):
        try:
            results[name] = action()
        except Exception as error:
            crashes.append(error)
        finally:
            connection.close()

    closer = threading.Thread(
        target=run,
        args=(
            "close",
            lambda: services.agreement_close(
                acting_user=world.users["okonom"], agreement=world.agreement, reason="Slutt"
            ),
        ),
    )
    returner = threading.Thread(
        target=run,
        args=(
            "return",
            lambda: services.money_release(
                acting_user=None,
                subproject=sub,
                amount="100",
                idempotency_key="bank-return",
                reason="Returned payment",
                from_paid=True,
                settles="c-pay",
            ),
        ),
    )
    closer.start()
    assert close_holds_locks.wait(timeout=30)
    returner.start()
    deadline = time.monotonic() + 30
    while waiting_for_a_lock() == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert waiting_for_a_lock() == 1, "the return should wait for the close"
    go_on.set()
    closer.join(timeout=60)
    returner.join(timeout=60)
    assert crashes == []
    late = results["return"]
    assert late.kind == TransactionKind.LATE_RETURN
    assert late.created_at > ProgrammeAgreement.objects.get(pk=world.agreement.pk).closed_at
    assert not Account.objects.filter(
        agreement=world.agreement,
        kind__in=[AccountKind.POT, AccountKind.BUDGET, AccountKind.COMMITTED],
        balance__gt=0,
    ).exists()
    assert ledger_breaches() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_raw_posting_that_waits_for_the_close_is_refused_afterwards(monkeypatch):
    """Whatever code writes it: a transaction started during the close sees the close."""
    world = make_world("rawlate")
    paid_out(world, amount="100")
    monkeypatch.setattr(guards, "today", lambda: END)
    close_holds_locks, go_on = threading.Event(), threading.Event()

    def pause(agreement):
        close_holds_locks.set()
        go_on.wait(timeout=30)
        return []

    monkeypatch.setattr(closing, "_blockers", [pause])
    outcome = []

    def close():
        try:
            services.agreement_close(
                acting_user=world.users["okonom"], agreement=world.agreement, reason="Slutt"
            )
        finally:
            connection.close()

    def raw():
        try:
            with transaction.atomic():
                LedgerTransaction.objects.create(
                    agreement=world.agreement, kind="allocation", booked_on=DAY, reason="rå"
                )
            outcome.append("posted")
        except REFUSED:
            outcome.append("refused")
        finally:
            connection.close()

    closer = threading.Thread(target=close)
    closer.start()
    assert close_holds_locks.wait(timeout=30)
    writer = threading.Thread(target=raw)
    writer.start()
    deadline = time.monotonic() + 30
    while waiting_for_a_lock() == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    go_on.set()
    closer.join(timeout=60)
    writer.join(timeout=60)
    assert outcome == ["refused"]
    assert ledger_breaches() == []


def test_one_leg_into_a_closed_period_among_good_late_returns_is_refused(closed):
    """The closed-period check runs once per statement over all its legs (0013): a late
    return written together with a leg into a budget is refused as a whole."""
    paid = account(closed, AccountKind.PAID, subproject=closed.subprojects[0], year=2026)
    returned = account(closed, AccountKind.RETURNED)
    budget = account(closed, AccountKind.BUDGET, subproject=closed.subprojects[0], year=2026)
    before = [paid.balance, returned.balance, budget.balance]
    with pytest.raises(REFUSED), transaction.atomic():
        good = raw_transaction(closed, TransactionKind.LATE_RETURN)
        bad = raw_transaction(closed, TransactionKind.LATE_RETURN)
        Leg.objects.bulk_create(
            Leg(
                transaction=txn, account=target, scheme=target.scheme, direction=side, amount=D("1")
            )
            for txn, target, side in [
                (good, paid, Direction.CREDIT),
                (good, returned, Direction.DEBIT),
                (bad, paid, Direction.CREDIT),
                (bad, budget, Direction.DEBIT),
            ]
        )
    for row in (paid, returned, budget):
        row.refresh_from_db()
    assert [paid.balance, returned.balance, budget.balance] == before


@pytest.mark.postgres
def test_a_stray_leg_is_named_before_a_closed_period(closed):
    """Both faults in one statement: the scheme or agreement message comes first, as when
    they were two triggers."""
    paid = account(closed, AccountKind.PAID, subproject=closed.subprojects[0], year=2026)
    budget = account(closed, AccountKind.BUDGET, subproject=closed.subprojects[0], year=2026)
    with pytest.raises(REFUSED, match="must carry its account"), transaction.atomic():
        txn = raw_transaction(closed, TransactionKind.LATE_RETURN)
        Leg.objects.bulk_create(
            [
                Leg(
                    transaction=txn, account=paid, scheme=paid.scheme, direction="C", amount=D("1")
                ),
                Leg(
                    transaction=txn,
                    account=budget,
                    scheme=closed.schemes[1],
                    direction="D",
                    amount=D("1"),
                ),
            ]
        )
