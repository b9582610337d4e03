"""samskap export_payments OUTPUT.xml: the pending batch as a pain.001 file for the bank."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from samskap.core.errors import DomainError
from samskap.core.models import Municipality
from samskap.payments.models import Payment, PaymentStatus
from samskap.payments.services import payment_batch_export


class Command(BaseCommand):
    help = "Write pending payments as an ISO 20022 pain.001.001.03 file and mark them exported."

    def add_arguments(self, parser):
        parser.add_argument("output", help="Where to write the XML file")
        parser.add_argument(
            "--municipality", help="Municipality number (needed when several have payments)"
        )

    def handle(self, *args, output, municipality=None, **options):
        pending = Payment.objects.filter(status=PaymentStatus.PENDING)
        if municipality:
            chosen = Municipality.objects.filter(number=municipality).first()
            if chosen is None:
                raise CommandError(f"No municipality with number {municipality}.")
        else:
            ids = set(pending.values_list("municipality_id", flat=True))
            if len(ids) > 1:
                raise CommandError("Payments wait in several municipalities; use --municipality.")
            if not ids:
                self.stdout.write("No payments are waiting for export. No file written.")
                return
            chosen = Municipality.objects.get(pk=ids.pop())
        path = Path(output)
        if not path.parent.exists():
            raise CommandError(f"The folder {path.parent} does not exist.")
        if path.exists():
            # The earlier file may not have reached the bank yet; never overwrite it.
            raise CommandError(f"{path} exists already. Choose a new file name.")
        if not os.access(path.parent, os.W_OK):
            raise CommandError(f"The folder {path.parent} is not writable.")
        with transaction.atomic():
            try:
                batch = payment_batch_export(acting_user=None, municipality=chosen)
            except DomainError as error:
                raise CommandError(str(error.message)) from error
            self._report_set_aside(chosen)
            if batch is None:
                self.stdout.write("No payment could be written to a file. No file written.")
                return
            # The file leaves the database: write it only once the batch is committed, so
            # a rolled-back export never leaves a file behind that could reach the bank.
            transaction.on_commit(lambda: self._write(path, batch))

    def _report_set_aside(self, municipality) -> None:
        """Name the payments the export set aside, with the reason, one per line."""
        for payment in Payment.objects.filter(
            municipality=municipality, status=PaymentStatus.PENDING
        ).exclude(problem=""):
            self.stdout.write(f"Set aside {payment.end_to_end_id}: {payment.problem}")

    def _write(self, path: Path, batch) -> None:
        try:
            # "x": never overwrite, even a file that appeared while the batch was made.
            with path.open("x", encoding="utf-8") as file:
                file.write(batch.xml)
        except OSError as error:
            raise CommandError(
                f"Batch {batch.message_id} is exported, but {path} could not be written "
                f"({error}). Download the same file from the payments page; it is stored "
                "with the batch."
            ) from error
        self.stdout.write(
            f"Wrote {batch.payment_count} payment{'s' if batch.payment_count != 1 else ''}, "
            f"total {batch.total:.2f} NOK "
            f"({batch.message_id}) to {path}."
        )
