"""Nonsense in a page's query string is answered, never a 500.

Every page each demo role reaches by following links is read; every query parameter that
a link or a GET form on those pages carries (filters, periods, pagers, years) is then sent
again with values a person or a script could type: words, negative and huge numbers,
impossible dates, decimal commas, digits that are not ASCII, markup, a NUL byte
(PostgreSQL refuses it in text) and a very long value."""

import re
from collections import deque
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

SKIP = re.compile(r"/(logg-ut|i18n)/|\.(xml|csv|xlsx|pdf)$|/eksport/|/fil/")
LINK = re.compile(r"href=\"(/[^\"#]*)\"")
GET_FORM = re.compile(r"<form\b(?![^>]*method=\"post\")[^>]*>(.*?)</form>", re.DOTALL | re.I)
FORM_ACTION = re.compile(r"<form\b[^>]*action=\"([^\"]*)\"", re.I)
FIELD_NAME = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"", re.I)
MAX_PAGES = 80
NONSENSE = [
    "tull",
    "-1",
    "0",
    "99999999999999999999",
    "2026-02-30",
    "1,5",
    "²",
    "#١٢٣",
    "<b>x</b>",
    "\x00",
    "9" * 3000,
]


def _shape(url: str) -> str:
    return re.sub(r"\d+", "N", url)


def _parameters(html: str, page_path: str) -> set[tuple[str, str]]:
    """(path, parameter) pairs that the page's links and GET forms send."""
    found = set()
    for href in LINK.findall(html):
        parts = urlsplit(unescape(href))
        for name, _value in parse_qsl(parts.query, keep_blank_values=True):
            found.add((parts.path, name))
    for match in GET_FORM.finditer(html):
        action = FORM_ACTION.search(match.group(0))
        path = urlsplit(unescape(action.group(1))).path if action and action.group(1) else ""
        for name in FIELD_NAME.findall(match.group(1)):
            if name != "csrfmiddlewaretoken":
                found.add((path or page_path, name))
    return found


def _walk(client) -> tuple[int, set[tuple[str, str]]]:
    seen, queue, parameters, pages = set(), deque(["/"]), set(), 0
    while queue and pages < MAX_PAGES:
        url = queue.popleft()
        path = urlsplit(url).path
        if _shape(path) in seen or SKIP.search(path):
            continue
        seen.add(_shape(path))
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        html = response.content.decode()
        parameters |= _parameters(html, path)
        queue.extend(unescape(link) for link in LINK.findall(html))
    return pages, parameters


def test_no_query_value_on_any_page_of_any_role_answers_500(demo, client_for):
    tried, failed = [], []
    for role in ("okonom", "admin", "leder", "kontakt", "team", "stat"):
        client = client_for(role)
        pages, parameters = _walk(client)
        assert pages > 3, role
        for path, name in sorted(parameters):
            # One role per page shape and parameter: the view's parsing is the same for all.
            if SKIP.search(path) or (_shape(path), name) in {(_shape(p), n) for _r, p, n in tried}:
                continue
            for value in NONSENSE:
                url = f"{path}?{urlencode({name: value})}"
                try:
                    status = client.get(url).status_code
                except Exception as error:  # the test client raises what would be a 500
                    status = f"{type(error).__name__}: {str(error)[:80]}"
                if not isinstance(status, int) or status >= 500:
                    failed.append((role, url[:100], status))
            tried.append((role, path, name))
    assert failed == []
    # The walk must have found the filters, periods and pagers, or it proves nothing.
    assert len({(path, name) for _r, path, name in tried}) >= 10
