"""`samskap generate --scale small` makes families, decisions and payments through the
services, and the ledger holds afterwards."""

import io

import pytest
from django.core.management import CommandError, call_command

from samskap.payments.models import Payment, PaymentStatus
from samskap.support.models import Decision


def test_small_makes_decisions_and_a_file_and_the_ledger_check_passes(demo):
    before = Decision.objects.count()
    out = io.StringIO()
    call_command("generate", "--scale", "small", "--seed", "7", stdout=out)
    assert Decision.objects.count() - before == 16
    assert "payments exported: " in out.getvalue()
    assert not Payment.objects.filter(status=PaymentStatus.PENDING).exists()
    call_command("ledger_check", stdout=io.StringIO())


@pytest.mark.sqlite
def test_national_says_it_needs_postgresql(demo):
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("generate", "--scale", "national", "--seed", "1", "--fraction", "0.001")


def test_a_fraction_outside_0_to_1_is_refused(demo):
    with pytest.raises(CommandError, match="--fraction"):
        call_command("generate", "--scale", "national", "--seed", "1", "--fraction", "0")
