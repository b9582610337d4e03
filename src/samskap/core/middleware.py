"""Request-wide behaviour: Norwegian first, and pages that browsers never store."""

from django.conf import settings
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers


class ChosenLanguageMiddleware:
    """Like Django's LocaleMiddleware, but ignores the browser's Accept-Language.

    Many staff run English browsers; the service is still Norwegian until they pick
    English with the language switch (which sets the language cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # Staff languages only: a citizen's language lives on the citizen's link, never
        # in a cookie that would turn staff pages Arabic or Ukrainian.
        self.supported = {code for code, _name in settings.SAMSKAP_STAFF_LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreMiddleware:
    """Every page Django renders is `Cache-Control: no-store, private`.

    Staff pages and the citizen's letter link show personal data; nothing a view renders
    is worth a browser or proxy copy that outlives the session (a shared computer's back
    button, a proxy cache). Static files are served by WhiteNoise before this runs and
    keep their long cache lifetimes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


class MethodNotAllowedPageMiddleware:
    """A 405 says in words what happened, instead of Django's empty body.

    An address that only takes a form (`require_POST`) is reached by GET when someone
    reloads it after an error, opens it from the history, or switches language on a
    form refused there: the page says so and links to the nearest page up the address
    (/stotte/soknad/7/avslaa/ → /stotte/soknad/7/, the page the form belongs to) and to
    the start page, keeping the status and the `Allow` header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content:
            return response
        page = render(request, "405.html", {"page_above": _page_above(request.path)}, status=405)
        if "Allow" in response.headers:
            page.headers["Allow"] = response.headers["Allow"]
        return page


def _page_above(path: str) -> str | None:
    """The nearest address up from `path` that is a page of Samskap other than the start
    page (/konto/brukere/7/deaktiver/ → /konto/brukere/, the user list); else None."""
    above = path
    while (above := above.rstrip("/").rsplit("/", 1)[0] + "/") != "/":
        try:
            resolve(above)
        except Resolver404:
            continue
        return above
    return None
