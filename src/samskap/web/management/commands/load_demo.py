from django.core.management.base import BaseCommand

from samskap.web.demo import DEMO_PASSWORD, load_demo
from samskap.web.demo.trondheim_data import DEMO_USERS


class Command(BaseCommand):
    help = "Load the Trondheim demo (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        for username, role, *_rest in DEMO_USERS:
            self.stdout.write(f"  {username:<8} {role.label}")
