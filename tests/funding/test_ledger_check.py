"""`samskap ledger_check`: prints balances, passes on a sound ledger, fails on a breach."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from samskap.funding.models import Account, AccountKind

D = Decimal


@pytest.fixture
def busy(world):
    world.receive("1000", 0)
    world.receive("500", 1)
    world.allocate("900")
    return world


def run_check(capsys):
    call_command("ledger_check")
    return capsys.readouterr().out


def test_sound_ledger_passes_and_prints_balances(busy, capsys):
    out = run_check(capsys)
    assert "received 1500.00" in out
    assert "Alfa 2026: allocated 900.00" in out
    assert "Ledger OK" in out


@pytest.mark.sqlite  # PostgreSQL refuses the direct update; see the test below
def test_breach_of_a_stored_balance_is_reported_on_sqlite(busy, capsys):
    Account.objects.filter(kind=AccountKind.POT, scheme=busy.schemes[0]).update(balance=D("1"))
    with pytest.raises(CommandError, match="breach"):
        run_check(capsys)
    assert "stored balance 1.00" in capsys.readouterr().err


@pytest.mark.postgres
def test_breach_with_the_triggers_disabled_on_postgres(busy, capsys):
    """An operator switching the triggers off and posting by hand is caught by the check."""
    pot = Account.objects.get(kind=AccountKind.POT, scheme=busy.schemes[0])
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "INSERT INTO funding_leg (transaction_id, account_id, scheme_id, direction, amount) "
            "SELECT leg.transaction_id, %s, %s, 'D', 77 FROM funding_leg leg "
            "JOIN funding_account account ON account.id = leg.account_id "
            "WHERE account.agreement_id = %s LIMIT 1",
            [pot.pk, pot.scheme_id, busy.agreement.pk],
        )
        cursor.execute("SET session_replication_role = DEFAULT")
    with pytest.raises(CommandError, match="breach"):
        run_check(capsys)
    err = capsys.readouterr().err
    assert "does not balance" in err
    # Teardown checks deferred constraints; the hand-made leg must not reach them.
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("DELETE FROM funding_leg WHERE amount = 77")
        cursor.execute("SET session_replication_role = DEFAULT")


@pytest.mark.sqlite  # PostgreSQL refuses the direct update
def test_breach_of_a_negative_balance_is_reported(busy):
    from samskap.funding.checks import ledger_breaches

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA ignore_check_constraints = 1")
        Account.objects.filter(kind=AccountKind.POT, scheme=busy.schemes[1]).update(balance=D("-5"))
        cursor.execute("PRAGMA ignore_check_constraints = 0")
    breaches = ledger_breaches(agreement=busy.agreement)
    assert any("stored balance -5.00" in breach for breach in breaches)


def test_unknown_agreement_reference_is_an_error(busy):
    with pytest.raises(CommandError, match="No programme agreement"):
        call_command("ledger_check", "--agreement", "FINNES-IKKE")
