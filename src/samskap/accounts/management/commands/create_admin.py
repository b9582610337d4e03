"""Bootstrap: a municipality and its first administrator, from an empty database.

Prints a one-time link where the administrator chooses a password in the browser;
everything after that (organisations, users, agreement, sub-projects, teams) is set up
on the set-up pages. No password passes through the command line or the shell history.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from samskap.accounts import services
from samskap.accounts.models import Role
from samskap.core.errors import DomainError
from samskap.core.models import Municipality


class Command(BaseCommand):
    help = "Create a municipality (if new) and its first administrator; print the link."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="the municipality's name")
        parser.add_argument("--number", required=True, help="the four-digit municipality number")
        parser.add_argument("--username", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="where Samskap is served, for the printed link",
        )

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                municipality = Municipality.objects.filter(number=options["number"]).first()
                if municipality is None:
                    municipality = services.municipality_create(
                        acting_user=None, name=options["municipality"], number=options["number"]
                    )
                elif municipality.name != options["municipality"]:
                    raise CommandError(
                        f"Municipality number {municipality.number} is {municipality.name}."
                    )
                user, token = services.user_invite(
                    acting_user=None,
                    municipality=municipality,
                    username=options["username"],
                    role=Role.ADMINISTRATOR,
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                )
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        link = options["base_url"].rstrip("/") + reverse("accounts:invitation", args=[token])
        self.stdout.write(
            f"Administrator {user.username} of {municipality.name} created.\n"
            f"Open this link within {services.INVITATION_DAYS} days to choose the password "
            f"(it works once):\n{link}"
        )
