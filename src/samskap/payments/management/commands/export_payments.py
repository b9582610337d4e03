"""samskap export_payments OUTPUT.xml: the pending batch as a pain.001 file for the bank."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

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
        # Writing the file inside the transaction: if the disk fails, nothing is marked paid.
        with transaction.atomic():
            batch = payment_batch_export(acting_user=None, municipality=chosen)
            if batch is None:
                self.stdout.write("No payments are waiting for export. No file written.")
                return
            path.write_text(batch.xml, encoding="utf-8")
        self.stdout.write(
            f"Wrote {batch.payment_count} payment{'s' if batch.payment_count != 1 else ''}, "
            f"total {batch.total:.2f} NOK "
            f"({batch.message_id}) to {path}."
        )
