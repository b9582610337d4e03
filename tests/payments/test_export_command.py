"""samskap export_payments: the file is written only after the batch is committed, never
over an earlier file, and a rolled-back export leaves no file behind."""

import pytest
import xmlschema
from django.core.management import CommandError, call_command
from django.db import transaction

from samskap.payments.models import Payment, PaymentBatch, PaymentStatus
from samskap.payments.pain001 import SCHEMA_PATH


class Rollback(Exception):
    """Something after the export fails, so its transaction rolls back."""


def pending() -> int:
    return Payment.objects.filter(status=PaymentStatus.PENDING).count()


def test_export_command_writes_file_and_prints_count_and_total(
    approved, tmp_path, capsys, django_capture_on_commit_callbacks
):
    output = tmp_path / "betaling.xml"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("export_payments", str(output))
        assert not output.exists(), "written before the batch was committed"
    assert len(callbacks) == 2  # the file, and the survey work handed to the worker (effects)
    printed = capsys.readouterr().out
    assert "2 payments" in printed and "4200.50" in printed
    xmlschema.XMLSchema(str(SCHEMA_PATH)).validate(output.read_text())
    assert output.read_text() == PaymentBatch.objects.latest("id").xml
    with django_capture_on_commit_callbacks(execute=True):
        call_command("export_payments", str(tmp_path / "again.xml"))
    assert "No payments" in capsys.readouterr().out
    assert not (tmp_path / "again.xml").exists()


def test_a_rolled_back_export_leaves_no_file(
    approved, tmp_path, django_capture_on_commit_callbacks
):
    output = tmp_path / "betaling.xml"
    before, batches = pending(), PaymentBatch.objects.count()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        call_command("export_payments", str(output))
        assert PaymentBatch.objects.count() == batches + 1  # the batch is built
        raise Rollback
    assert callbacks == []
    assert not output.exists()
    assert pending() == before and PaymentBatch.objects.count() == batches


def test_export_command_never_overwrites_an_earlier_file(approved, tmp_path):
    output = tmp_path / "betaling.xml"
    output.write_text("earlier file, maybe not yet at the bank")
    before = pending()
    with pytest.raises(CommandError, match="exists already"):
        call_command("export_payments", str(output))
    assert output.read_text() == "earlier file, maybe not yet at the bank"
    assert pending() == before


def test_a_file_that_appears_meanwhile_is_not_overwritten_and_the_batch_is_named(
    approved, tmp_path, django_capture_on_commit_callbacks
):
    output = tmp_path / "betaling.xml"
    with (
        pytest.raises(CommandError, match="payments page") as error,
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("export_payments", str(output))
        output.write_text("someone else's file")
    assert output.read_text() == "someone else's file"
    batch = PaymentBatch.objects.latest("id")
    assert batch.message_id in str(error.value)
    assert pending() == 0  # committed: the stored batch is the file to send
