"""`samskap ledger_check`: verify every ledger invariant and print the balances."""

from django.core.management.base import BaseCommand, CommandError

from samskap.funding.checks import balance_lines, ledger_breaches
from samskap.funding.models import ProgrammeAgreement


class Command(BaseCommand):
    help = (
        "Verify the pot's ledger: zero-sum transactions, no negative balances, "
        "received = pot + sub-projects + returned, per-scheme traceability. "
        "Exits non-zero on any breach."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agreement", help="Only the agreement with this reference.")

    def handle(self, *args, **options):
        agreements = ProgrammeAgreement.objects.order_by("pk")
        if options["agreement"]:
            agreements = agreements.filter(reference=options["agreement"])
            if not agreements.exists():
                raise CommandError(
                    f"No programme agreement has the reference {options['agreement']!r}"
                )
        breaches = []
        for agreement in agreements:
            for line in balance_lines(agreement=agreement):
                self.stdout.write(line)
            breaches.extend(ledger_breaches(agreement=agreement))
        for breach in breaches:
            self.stderr.write(f"BREACH {breach}")
        if breaches:
            raise CommandError(f"{len(breaches)} ledger breach(es) found")
        self.stdout.write(self.style.SUCCESS("Ledger OK: every invariant holds."))
