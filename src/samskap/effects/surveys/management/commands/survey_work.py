"""Run the perceived-effect survey work that is due, once (for cron, or without a worker)."""

from django.core.management.base import BaseCommand

from samskap.effects.surveys.services import survey_work


class Command(BaseCommand):
    help = "Make surveys for newly paid support and send the survey messages that are due."

    def handle(self, *args, **options):
        counts = survey_work()
        summary = ", ".join(f"{key} {value}" for key, value in sorted(counts.items()))
        self.stdout.write(f"Survey work done: {summary}")
