"""Template context every page shares."""

from django.conf import settings


def staff_languages(request) -> dict:
    """The header's language switch on staff pages: bokmål and English only."""
    return {"staff_languages": settings.SAMSKAP_STAFF_LANGUAGES}
