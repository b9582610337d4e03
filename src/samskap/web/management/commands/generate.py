from django.core.management.base import BaseCommand, CommandError

from samskap.core.errors import DomainError
from samskap.web.generate import NOT_YET, SCALES, generate


class Command(BaseCommand):
    help = (
        "Make data at scale through the services' rules, on top of the demo: "
        "small (tests, seconds) or medium (one large municipality). "
        "samskap ledger_check passes afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=[*SCALES, *sorted(NOT_YET)], default="small")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, scale, seed, **options):
        try:
            made = generate(scale=scale, seed=seed, stream=self.stdout._out)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(
                ", ".join(f"{key.replace('_', ' ')}: {n}" for key, n in made.items())
            )
        )
