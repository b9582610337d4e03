"""Template context every page shares."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def staff_languages(request) -> dict:
    """The header's language switch on staff pages: bokmål and English only, and the page
    it returns to (`language_next`, a path).

    That is the page itself; but the answer to a refused form is shown at the address the
    form was posted to, and an address that only takes a form answers a switch back to it
    with 405 (the new-user trial, /innsyn/tid-til-hjelp/enhetstall/). So after a post the
    switch returns to the page the form was sent from (the Referer, same site only; the
    site sends it within itself, `SECURE_REFERRER_POLICY` "same-origin").

    A form refused again from the refused page has that address as its Referer: the
    page the first one came from is kept in the session for it (one entry, the last
    form's), as helper-89 found the switch answering 405 after a second refusal."""
    back = request.get_full_path()
    if request.method == "POST":
        referer = request.META.get("HTTP_REFERER", "")
        if url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            parts = urlsplit(referer)
            back = parts.path + (f"?{parts.query}" if parts.query else "")
            session = getattr(request, "session", None)
            if session is not None and parts.path != request.path:
                session[_SENT_FROM] = [request.path, back]
            elif session is not None and session.get(_SENT_FROM, [None])[0] == request.path:
                back = session[_SENT_FROM][1]
    return {"staff_languages": settings.SAMSKAP_STAFF_LANGUAGES, "language_next": back}


_SENT_FROM = "samskap_form_sent_from"
