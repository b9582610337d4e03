"""An id in the URL that no database integer holds is a 404, never a 500.

Every URL pattern with integer parts is opened with twenty nines in each of them, by
GET and by POST, as every staff role (a request number of twenty nines answered 500 on
the cancel, confirm, decline, pay-again and repayment pages)."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

HUGE = "9" * 20
INT_PART = re.compile(r"<int:\w+>")
OTHER_PART = re.compile(r"<(?!int:)[^>]+>")


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def _huge_urls() -> list[str]:
    urls = []
    for route in _routes(get_resolver().url_patterns):
        if INT_PART.search(route) and not OTHER_PART.search(route) and "^" not in route:
            urls.append("/" + INT_PART.sub(HUGE, route))
    return sorted(set(urls))


def test_every_integer_in_every_url_may_be_absurd(client_for):
    urls = _huge_urls()
    assert len(urls) >= 40  # the walk must reach the support, payment and effects pages
    failed = []
    for role in ("okonom", "admin", "leder", "kontakt", "team", "stat"):
        client = client_for(role)
        for url in urls:
            for method in (client.get, client.post):
                try:
                    status = method(url).status_code
                except Exception as error:  # the test client raises what would be a 500
                    status = f"{type(error).__name__}: {str(error)[:80]}"
                if not isinstance(status, int) or status >= 500:
                    failed.append((role, method.__name__, url, status))
    assert failed == [], "\n".join(map(str, failed))
