"""The demo's perceived-effect surveys: made for the paid support, as the worker would."""

from samskap.effects.surveys.services import surveys_schedule


def load(context: dict) -> dict:
    """Idempotent: a second run finds every survey made."""
    context["surveys_scheduled"] = surveys_schedule()
    return context
