"""The Trondheim demo: each bounded context adds its own idempotent step."""

from importlib import import_module

from django.db import transaction

# Order matters: later steps build on what earlier ones created.
DEMO_STEPS = [
    "samskap.web.demo.foundation",
    "samskap.funding.demo",
    "samskap.payments.demo",
    "samskap.oversight.demo",
    # Before the support step: its bank file must hold only its own payments.
    "samskap.oversight.time_to_help_demo",
    "samskap.support.demo",
    "samskap.effects.surveys.demo",
    "samskap.effects.demo",
    "samskap.oversight.continuation_demo",
    "samskap.outside_account.demo",
    # A second, small municipality, so the state's view shows more than one.
    "samskap.web.demo.froya",
]

DEMO_PASSWORD = "samskap-demo"


def load_demo() -> dict:
    """Run every step; each returns quickly when its part of the demo already exists."""
    context: dict = {}
    with transaction.atomic():
        for step in DEMO_STEPS:
            import_module(step).load(context)
    return context
