from django.core.management.base import BaseCommand, CommandError

from samskap.core.errors import DomainError
from samskap.web.generate import BULK, SCALES, generate


class Command(BaseCommand):
    help = (
        "Make data at scale through the services' rules, on top of the demo: "
        "small (tests, seconds), medium (one large municipality) or national "
        "(356 municipalities, 250,000 households, 2,000,000 supports; PostgreSQL, in bulk). "
        "samskap ledger_check passes afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=[*SCALES, *sorted(BULK)], default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--fraction",
            type=float,
            default=1.0,
            help="national only: make this share of it (0.01: 4 municipalities, 2,500 "
            "households), through the same code path",
        )

    def handle(self, *args, scale, seed, fraction, **options):
        try:
            made = generate(scale=scale, seed=seed, stream=self.stdout._out, fraction=fraction)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(
                ", ".join(f"{key.replace('_', ' ')}: {n}" for key, n in made.items())
            )
        )
