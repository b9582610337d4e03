"""The database itself refuses bad ledger data, whatever the Python code does."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, InternalError, connection, transaction
from django.db.models import F

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


def add_leg(txn, account, direction, amount, scheme=None):
    return Leg.objects.create(
        transaction=txn,
        account=account,
        scheme=scheme or account.scheme,
        direction=direction,
        amount=amount,
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
        add_leg(txn, pot, Direction.DEBIT, amount)


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
        add_leg(txn, pot, Direction.CREDIT, D("1000.01"))
        add_leg(txn, budget, Direction.DEBIT, D("1000.01"))
    pot.refresh_from_db()
    assert pot.balance == D("1000.00")


def test_legs_keep_the_account_balance(funded):
    income, pot = accounts(funded)
    assert income.balance == D("1000.00")
    assert pot.balance == D("1000.00")


@pytest.mark.parametrize("operation", ["update", "delete"])
def test_postings_are_append_only(funded, operation):
    leg = Leg.objects.filter(transaction__agreement=funded.agreement).first()
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
        add_leg(txn, income, Direction.CREDIT, D("5"))
        add_leg(txn, pot, Direction.DEBIT, D("4"))
        check_constraints_now()


@pytest.mark.postgres
def test_transaction_must_balance_per_scheme(funded):
    _income0, pot0 = accounts(funded, 0)
    income1, _pot1 = accounts(funded, 1)
    with pytest.raises(IntegrityError, match="does not balance for scheme"), transaction.atomic():
        txn = raw_transaction(funded, kind="receipt")
        add_leg(txn, income1, Direction.CREDIT, D("5"))
        add_leg(txn, pot0, Direction.DEBIT, D("5"))
        check_constraints_now()


@pytest.mark.postgres
def test_transaction_without_legs_is_refused(funded):
    with pytest.raises(IntegrityError, match="needs at least two"), transaction.atomic():
        raw_transaction(funded)
        check_constraints_now()


@pytest.mark.postgres
def test_balance_changes_only_through_legs(funded):
    _income, pot = accounts(funded)
    with pytest.raises(REFUSED, match="only changes through ledger legs"), transaction.atomic():
        Account.objects.filter(pk=pot.pk).update(balance=F("balance") + D("1000000"))
    pot.refresh_from_db()
    assert pot.balance == D("1000.00")


@pytest.mark.postgres
def test_an_account_is_born_empty(funded):
    _income, pot = accounts(funded)
    with pytest.raises(REFUSED, match="only changes through ledger legs"), transaction.atomic():
        Account.objects.create(
            agreement=funded.agreement,
            kind=AccountKind.BUDGET,
            scheme=pot.scheme,
            subproject=funded.subprojects[1],
            year=2026,
            balance=D("1000000"),
        )
    assert not Account.objects.filter(subproject=funded.subprojects[1]).exists()


# Another trigger's function: the balance guard must not trust who is calling.
SMUGGLE = """
CREATE FUNCTION test_smuggle_money() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE funding_account SET balance = balance + 1000000 WHERE id = %(account)s;
    RETURN NULL;
END $$;
"""


@pytest.mark.postgres
def test_balance_guard_holds_inside_another_trigger(funded):
    _income, pot = accounts(funded)
    refused = pytest.raises(IntegrityError, match="only changes through ledger legs")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(SMUGGLE % {"account": pot.pk})
        cursor.execute(
            "CREATE TRIGGER test_smuggle AFTER UPDATE ON core_municipality "
            "FOR EACH ROW EXECUTE FUNCTION test_smuggle_money()"
        )
        cursor.execute(
            "UPDATE core_municipality SET name = name WHERE id = %s", [funded.municipality.pk]
        )
    pot.refresh_from_db()
    assert pot.balance == D("1000.00")


@pytest.mark.postgres
def test_balance_guard_holds_inside_a_trigger_beside_the_ledgers_own(funded):
    """A trigger on the legs themselves runs where the ledger's own balance update runs."""
    _income, pot = accounts(funded)
    refused = pytest.raises(IntegrityError, match="only changes through ledger legs")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(SMUGGLE % {"account": pot.pk})
        cursor.execute(
            "CREATE TRIGGER test_smuggle AFTER INSERT ON funding_leg "
            "FOR EACH ROW EXECUTE FUNCTION test_smuggle_money()"
        )
        funded.receive("1", 0)
    pot.refresh_from_db()
    assert pot.balance == D("1000.00")


def test_one_insert_may_write_both_sides_of_one_account(funded):
    """The balance follows every leg even when one statement writes several on one account."""
    income, pot = accounts(funded)
    with transaction.atomic():
        txn = raw_transaction(funded, kind="receipt")
        Leg.objects.bulk_create(
            Leg(
                transaction=txn, account=account, scheme=account.scheme, direction=side, amount=D(n)
            )
            for account, side, n in [
                (income, Direction.CREDIT, "7"),
                (pot, Direction.DEBIT, "7"),
                (pot, Direction.CREDIT, "2"),
                (income, Direction.DEBIT, "2"),
            ]
        )
    pot.refresh_from_db()
    income.refresh_from_db()
    assert (income.balance, pot.balance) == (D("1005.00"), D("1005.00"))


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
        add_leg(txn, income, Direction.CREDIT, D("5"))
        add_leg(txn, pot, Direction.DEBIT, D("4"))
    assert LedgerTransaction.objects.filter(reason="rå postering").count() == 0


def test_leg_must_carry_its_accounts_scheme(funded):
    income0, pot0 = accounts(funded, 0)
    with pytest.raises(REFUSED), transaction.atomic():
        txn = raw_transaction(funded, kind="receipt")
        add_leg(txn, income0, Direction.CREDIT, D("5"), scheme=funded.schemes[1])
    pot0.refresh_from_db()
    assert pot0.balance == D("1000.00")


def test_leg_cannot_reach_another_agreements_account(funded):
    from .conftest import make_world

    other = make_world("other")
    other.receive("10", 0)
    _income, foreign_pot = accounts(other)
    with pytest.raises(REFUSED), transaction.atomic():
        txn = raw_transaction(funded, kind="receipt")
        add_leg(txn, foreign_pot, Direction.DEBIT, D("5"))
    foreign_pot.refresh_from_db()
    assert foreign_pot.balance == D("10.00")


@pytest.mark.postgres
def test_many_postings_in_one_insert_are_each_checked(funded):
    """Legs of many transactions written in one statement (the export's way): the one
    that does not balance is found, though the check runs in full once per transaction."""
    income, pot = accounts(funded)
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        txns = [raw_transaction(funded, kind="receipt") for _ in range(3)]
        amounts = [("5", "5"), ("6", "5"), ("7", "7")]
        Leg.objects.bulk_create(
            Leg(transaction=txn, account=account, scheme=account.scheme, direction=side, amount=n)
            for txn, (credit, debit) in zip(txns, amounts, strict=True)
            for account, side, n in [
                (income, Direction.CREDIT, D(credit)),
                (pot, Direction.DEBIT, D(debit)),
            ]
        )
        check_constraints_now()


@pytest.mark.postgres
def test_a_leg_added_in_a_later_statement_is_checked_with_the_others(funded):
    income, pot = accounts(funded)
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        txn = raw_transaction(funded, kind="receipt")
        Leg.objects.bulk_create(
            Leg(transaction=txn, account=account, scheme=account.scheme, direction=side, amount=n)
            for account, side, n in [
                (income, Direction.CREDIT, D("5")),
                (pot, Direction.DEBIT, D("5")),
            ]
        )
        with transaction.atomic():  # another savepoint: another xmin
            add_leg(txn, pot, Direction.DEBIT, D("1"))
        check_constraints_now()


@pytest.mark.postgres
def test_a_leg_added_to_an_old_transaction_is_refused(funded):
    income, _pot = accounts(funded)
    old = LedgerTransaction.objects.filter(agreement=funded.agreement, kind="receipt").first()
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        add_leg(old, income, Direction.CREDIT, D("1"))
        check_constraints_now()


def set_constraints_deferred():
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def notes() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT transaction_id FROM funding_ledger_check ORDER BY 1")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.postgres
def test_the_check_is_queued_once_per_transaction_not_per_leg(funded):
    """Issue 14: an export writes ~10 legs per payout; the commit-time check runs once per
    ledger transaction, however many legs and statements wrote it."""
    income, pot = accounts(funded)
    check_constraints_now()  # the fixture's own postings: checked and taken away
    set_constraints_deferred()
    assert notes() == []
    txns = [raw_transaction(funded, kind="receipt") for _ in range(3)]
    Leg.objects.bulk_create(
        Leg(transaction=txn, account=account, scheme=account.scheme, direction=side, amount=n)
        for txn in txns
        for account, side, n in [
            (income, Direction.CREDIT, D("2")),
            (income, Direction.CREDIT, D("3")),
            (pot, Direction.DEBIT, D("5")),
        ]
    )
    add_leg(txns[0], pot, Direction.DEBIT, D("1"))
    add_leg(txns[0], income, Direction.CREDIT, D("1"))
    assert notes() == sorted(txn.pk for txn in txns)
    check_constraints_now()
    assert notes() == []


@pytest.mark.postgres
def test_a_leg_added_after_the_check_has_run_is_checked_again(funded):
    income, pot = accounts(funded)
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        txn = raw_transaction(funded, kind="receipt")
        add_leg(txn, income, Direction.CREDIT, D("5"))
        add_leg(txn, pot, Direction.DEBIT, D("5"))
        check_constraints_now()  # balanced: passes, and its note is taken away
        set_constraints_deferred()
        add_leg(txn, pot, Direction.DEBIT, D("1"))
        check_constraints_now()


@pytest.mark.postgres
def test_a_note_cannot_be_moved_to_another_transaction(funded):
    with pytest.raises(REFUSED, match="append-only"), transaction.atomic():
        txn = raw_transaction(funded, kind="receipt")
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE funding_ledger_check SET transaction_id = -1 WHERE transaction_id = %s",
                [txn.pk],
            )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_leg_added_to_a_committed_transaction_fails_the_real_commit():
    from .conftest import make_world

    world = make_world("committed")
    world.receive("100", 0)
    income, _pot = accounts(world)
    old = LedgerTransaction.objects.filter(agreement=world.agreement, kind="receipt").first()
    assert notes() == []  # nothing is left noted once a posting has committed
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        add_leg(old, income, Direction.CREDIT, D("1"))
    assert old.legs.count() == 2


# The legs' checks run once per INSERT statement, in one pass (migration 0013): a bad leg
# anywhere among many good ones is found, and the statement leaves every balance as it was.


def legs_of(txn, moves):
    return [
        Leg(
            transaction=txn, account=account, scheme=scheme or account.scheme, direction=d, amount=n
        )
        for account, d, n, scheme in moves
    ]


def balances(*accounts_):
    return [Account.objects.get(pk=account.pk).balance for account in accounts_]


def test_one_stray_leg_among_many_refuses_the_whole_statement(funded):
    income, pot = accounts(funded)
    before = balances(income, pot)
    with pytest.raises(REFUSED, match="scheme"), transaction.atomic():
        txns = [raw_transaction(funded, kind="receipt") for _ in range(30)]
        legs = []
        for index, txn in enumerate(txns):
            # The 17th posting's debit claims the other scheme.
            wrong = funded.schemes[1] if index == 16 else None
            legs += legs_of(
                txn,
                [(income, Direction.CREDIT, D("1"), None), (pot, Direction.DEBIT, D("1"), wrong)],
            )
        Leg.objects.bulk_create(legs)
    assert balances(income, pot) == before


def test_a_leg_on_another_agreements_account_among_many_is_refused(funded):
    from .conftest import make_world

    other = make_world("other")
    other.receive("10", 0)
    _other_income, foreign_pot = accounts(other)
    income, pot = accounts(funded)
    before = balances(income, pot, foreign_pot)
    with pytest.raises(REFUSED), transaction.atomic():
        txns = [raw_transaction(funded, kind="receipt") for _ in range(5)]
        legs = []
        for index, txn in enumerate(txns):
            target = foreign_pot if index == 3 else pot
            legs += legs_of(
                txn,
                [(income, Direction.CREDIT, D("2"), None), (target, Direction.DEBIT, D("2"), None)],
            )
        Leg.objects.bulk_create(legs)
    assert balances(income, pot, foreign_pot) == before


@pytest.mark.postgres
def test_a_leg_on_a_missing_account_is_refused_at_once(funded):
    """Not only by the foreign key at commit: the statement itself is refused."""
    income, _pot = accounts(funded)
    with pytest.raises(REFUSED, match="must carry its account"), transaction.atomic():
        txn = raw_transaction(funded, kind="receipt")
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO funding_leg (transaction_id, account_id, scheme_id, direction, amount)"
                " VALUES (%s, %s, %s, 'C', 1), (%s, %s, %s, 'D', 1)",
                [txn.pk, income.pk, income.scheme_id, txn.pk, 10**12, income.scheme_id],
            )


@pytest.mark.postgres
def test_the_legs_have_one_statement_check_that_plans_without_nested_loops(funded):
    """The three statement triggers of 0007, 0010 and 0011 are one (0013), and it runs with
    nested loops off: right after a large insert the tables' statistics still describe
    small tables, and a nested loop over the new legs was quadratic (issue 14)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'funding_leg'::regclass"
            " AND NOT tgisinternal AND tgtype & 4 = 4 ORDER BY tgname"  # AFTER/BEFORE INSERT
        )
        inserts = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT proconfig FROM pg_proc WHERE proname = 'funding_legs_insert'")
        config = cursor.fetchone()[0]
    assert "funding_leg_insert" in inserts
    assert not {"funding_leg_balance", "funding_leg_closed_period", "funding_leg_note_check"} & set(
        inserts
    )
    assert config == ["enable_nestloop=off"]
