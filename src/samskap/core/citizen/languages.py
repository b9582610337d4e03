"""Which language a citizen's page speaks, and rendering a page in it.

Staff pages speak bokmål or English (settings.SAMSKAP_STAFF_LANGUAGES, chosen with the
header switch). A citizen's page speaks the household's language when Samskap has it
(settings.LANGUAGES), or the one the citizen picks with ``?lang=`` on the same link, and
bokmål otherwise. The link stays the key; the only thing kept is the citizen's own pick,
in a cookie on their device, so the same link opened again later (answered, expired,
used up) still speaks it, refusals included.
"""

import functools
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

LANGUAGE_PARAMETER = "lang"
# The citizen's last pick on this device: citizen pages only (staff pages have their own
# cookie and never speak a citizen language).
LANGUAGE_COOKIE = "samskap_citizen_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60


def citizen_language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def choose_language(request: HttpRequest, *preferred: str | None) -> str:
    """The citizen's pick on this link, else their last pick on this device, else the
    first of `preferred` (the family's language) Samskap speaks, else bokmål."""
    codes = citizen_language_codes()
    asked = request.GET.get(LANGUAGE_PARAMETER)
    if asked in codes:
        return asked
    remembered = request.COOKIES.get(LANGUAGE_COOKIE)
    if remembered in codes:
        return remembered
    for code in preferred:
        if code in codes:
            return code
    return settings.LANGUAGE_CODE


def citizen_page(preferred: Callable[..., Iterable[str | None]]):
    """Mark a view as a page for the target group and give it the page's language.

    `preferred(request, **view_kwargs)` names the languages of the family the link in the
    request belongs to, best first (none for a forged link). The view is called with
    `language=` the language `choose_language` picks from them; a page Samskap answers in
    the view's place (the form-expired page of a failed CSRF check) speaks it too.
    """

    def decorate(view):
        @functools.wraps(view)
        def page(request, *args, **kwargs):
            return view(request, *args, language=language_of_page(request, page, kwargs), **kwargs)

        page.citizen_languages = preferred
        return page

    return decorate


def language_of_page(request: HttpRequest, view, view_kwargs: dict) -> str | None:
    """The language a citizen page `view` speaks for `request`; None for a staff page."""
    preferred = getattr(view, "citizen_languages", None)
    if preferred is None:
        return None
    return choose_language(request, *preferred(request, **view_kwargs))


def language_links(request: HttpRequest, current: str) -> list[dict]:
    """The switch: every citizen language, named in itself, on this same link (a key in
    the query string, like the participation page's ``?lenke=``, stays on it)."""
    path = request.path

    def url(code: str) -> str:
        query = request.GET.copy()
        query[LANGUAGE_PARAMETER] = code
        return f"{path}?{query.urlencode()}"

    return [
        {"code": code, "name": name, "url": url(code), "current": code == current}
        for code, name in settings.LANGUAGES
    ]


def render_citizen_page(
    request: HttpRequest, template: str, context: dict, *, language: str, status: int = 200
) -> HttpResponse:
    """Render in the citizen's language (with the switch), whatever staff language is active."""
    with translation.override(language):
        response = render(
            request,
            template,
            {**context, "citizen_languages": language_links(request, language)},
            status=status,
        )
    response["Content-Language"] = language
    if request.GET.get(LANGUAGE_PARAMETER) == language:
        # Remember the pick, so a refusal on this link later speaks it too.
        response.set_cookie(
            LANGUAGE_COOKIE,
            language,
            max_age=LANGUAGE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def first_citizen_language(*candidates: str | None) -> str:
    """The first of `candidates` a citizen page speaks, else bokmål (for links sent later)."""
    codes = citizen_language_codes()
    return next((code for code in candidates if code in codes), settings.LANGUAGE_CODE)
