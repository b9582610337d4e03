"""The database itself refuses bad ledger data, whatever the Python code does."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, InternalError, connection, transaction

from samskap.funding.models import Account, AccountKind, Direction, LedgerTransaction, Leg

from .conftest import DAY

D = Decimal
REFUSED = (IntegrityError, InternalError)


@pytest.fixture
def funded(world):
    world.receive("1000", 0)
    world.receive("1000", 1)
    return world


def accounts(world, scheme_index=0):
    scheme = world.schemes[scheme_index]
    income = Account.objects.get(agreement=world.agreement, kind=AccountKind.INCOME, scheme=scheme)
    pot = Account.objects.get(agreement=world.agreement, kind=AccountKind.POT, scheme=scheme)
    return income, pot


def raw_transaction(world, kind="allocation"):
    return LedgerTransaction.objects.create(
        agreement=world.agreement, kind=kind, booked_on=DAY, reason="rå postering"
    )


def check_constraints_now():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.parametrize("amount", [D("0"), D("-10")])
def test_leg_amount_must_be_positive(funded, amount):
    _income, pot = accounts(funded)
    # Raw rows stay inside the savepoint: Django checks deferred constraints at teardown.
    with pytest.raises(REFUSED), transaction.atomic():
        txn = raw_transaction(funded)
        Leg.objects.create(transaction=txn, account=pot, direction=Direction.DEBIT, amount=amount)


def test_balance_cannot_go_below_zero(funded):
    _income, pot = accounts(funded)
    budget = Account.objects.create(
        agreement=funded.agreement,
        kind=AccountKind.BUDGET,
        scheme=pot.scheme,
        subproject=funded.subprojects[0],
        year=2026,
    )
    with pytest.raises(REFUSED), transaction.atomic():
        txn = raw_transaction(funded)
        Leg.objects.create(
            transaction=txn, account=pot, direction=Direction.CREDIT, amount=D("1000.01")
        )
        Leg.objects.create(
            transaction=txn, account=budget, direction=Direction.DEBIT, amount=D("1000.01")
        )
    pot.refresh_from_db()
    assert pot.balance == D("1000.00")


def test_legs_keep_the_account_balance(funded):
    income, pot = accounts(funded)
    assert income.balance == D("1000.00")
    assert pot.balance == D("1000.00")


@pytest.mark.parametrize("operation", ["update", "delete"])
def test_postings_are_append_only(funded, operation):
    leg = Leg.objects.first()
    with pytest.raises(REFUSED), transaction.atomic():
        if operation == "update":
            Leg.objects.filter(pk=leg.pk).update(amount=D("1.00"))
        else:
            Leg.objects.filter(pk=leg.pk).delete()
    with pytest.raises(REFUSED), transaction.atomic():
        LedgerTransaction.objects.filter(pk=leg.transaction_id).update(reason="endret")
    leg.refresh_from_db()
    assert leg.amount == D("1000.00")


@pytest.mark.postgres
def test_unbalanced_transaction_is_refused_at_commit(funded):
    income, pot = accounts(funded)
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        txn = raw_transaction(funded, kind="receipt")
        Leg.objects.create(
            transaction=txn, account=income, direction=Direction.CREDIT, amount=D("5")
        )
        Leg.objects.create(transaction=txn, account=pot, direction=Direction.DEBIT, amount=D("4"))
        check_constraints_now()


@pytest.mark.postgres
def test_transaction_must_balance_per_scheme(funded):
    _income0, pot0 = accounts(funded, 0)
    income1, _pot1 = accounts(funded, 1)
    with pytest.raises(IntegrityError, match="does not balance for scheme"), transaction.atomic():
        txn = raw_transaction(funded, kind="receipt")
        Leg.objects.create(
            transaction=txn, account=income1, direction=Direction.CREDIT, amount=D("5")
        )
        Leg.objects.create(transaction=txn, account=pot0, direction=Direction.DEBIT, amount=D("5"))
        check_constraints_now()


@pytest.mark.postgres
def test_transaction_without_legs_is_refused(funded):
    with pytest.raises(IntegrityError, match="needs at least two"), transaction.atomic():
        raw_transaction(funded)
        check_constraints_now()


@pytest.mark.postgres
def test_balance_changes_only_through_legs(funded):
    _income, pot = accounts(funded)
    refused = pytest.raises(IntegrityError, match="only changes through ledger legs")
    with refused, transaction.atomic():
        Account.objects.filter(pk=pot.pk).update(balance=D("5000000"))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_unbalanced_posting_fails_the_real_commit():
    """Without SET CONSTRAINTS: the deferred trigger fires when the transaction commits."""
    from .conftest import make_world

    world = make_world("commit")
    world.receive("100", 0)
    income, pot = accounts(world)
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        txn = raw_transaction(world, kind="receipt")
        Leg.objects.create(
            transaction=txn, account=income, direction=Direction.CREDIT, amount=D("5")
        )
        Leg.objects.create(transaction=txn, account=pot, direction=Direction.DEBIT, amount=D("4"))
    assert LedgerTransaction.objects.filter(reason="rå postering").count() == 0
