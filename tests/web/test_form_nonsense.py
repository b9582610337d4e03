"""Nonsense typed into any form is answered, never a 500.

Every page each demo role reaches by following links is read; every POST form on it is
sent back filled as the page offers it, with one field at a time replaced by a value a
person or a script could type. The answer may refuse (400), show the form again (200),
move on (302) or hide what is not yours (403, 404): anything but a server error."""

import re
from html import unescape
from urllib.parse import urlsplit

from tests.web.test_query_nonsense import LINK, SKIP, _shape

POST_FORM = re.compile(r"<form\b([^>]*method=\"post\"[^>]*)>(.*?)</form>", re.DOTALL | re.I)
ACTION = re.compile(r"action=\"([^\"]*)\"", re.I)
INPUT = re.compile(r"<input\b([^>]*)>", re.I)
SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.DOTALL | re.I)
TEXTAREA = re.compile(r"<textarea\b([^>]*)>(.*?)</textarea>", re.DOTALL | re.I)
OPTION_VALUE = re.compile(r"<option value=\"([^\"]*)\"", re.I)
ATTRIBUTE = re.compile(r"([a-z-]+)=\"([^\"]*)\"", re.I)
# Forms that end the session or change the language: the walk would lose its user.
LEAVE_ALONE = re.compile(r"/(logg-ut|i18n)/")
MAX_PAGES = 80
NONSENSE = ["tull", "-1", "99999999999999999999", "2026-02-30", "²", "\x00", "9" * 3000]


def _attributes(text: str) -> dict[str, str]:
    return {name.lower(): unescape(value) for name, value in ATTRIBUTE.findall(text)}


def _fields(body: str) -> dict[str, str]:
    """The form as the page offers it: each field's shown or first real value."""
    fields = {}
    for tag in INPUT.findall(body):
        attributes = _attributes(tag)
        name, kind = attributes.get("name"), attributes.get("type", "text")
        if not name or kind in {"submit", "button", "file", "image"}:
            continue
        if kind in {"checkbox", "radio"} and name in fields:
            continue
        fields[name] = attributes.get("value", "on" if kind == "checkbox" else "")
    for tag, options in SELECT.findall(body):
        name = _attributes(tag).get("name")
        values = [value for value in OPTION_VALUE.findall(options) if value]
        if name:
            fields[name] = unescape(values[0]) if values else ""
    for tag, text in TEXTAREA.findall(body):
        name = _attributes(tag).get("name")
        if name:
            fields[name] = unescape(text.strip()) or "Tekst"
    return fields


def _forms(client) -> dict[tuple[str, tuple[str, ...]], tuple[str, dict[str, str]]]:
    """POST forms of every page the client reaches, one per action shape and field set."""
    seen, queue, forms, pages = set(), ["/"], {}, 0
    while queue and pages < MAX_PAGES:
        url = queue.pop(0)
        path = urlsplit(url).path
        if _shape(path) in seen or SKIP.search(path):
            continue
        seen.add(_shape(path))
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        html = response.content.decode()
        for tag, body in POST_FORM.findall(html):
            action = ACTION.search(tag)
            target = (
                urlsplit(unescape(action.group(1))).path if action and action.group(1) else path
            )
            fields = _fields(body)
            key = (_shape(target), tuple(sorted(fields)))
            if not LEAVE_ALONE.search(target) and key not in forms:
                forms[key] = (target, fields)
        queue.extend(unescape(link) for link in LINK.findall(html))
    return forms


def test_no_form_of_any_role_answers_500_to_nonsense(demo, client_for):
    failed, fields_tried = [], set()
    for role in ("okonom", "admin", "leder", "kontakt", "team", "stat"):
        user = demo["users"][role]
        client = client_for(role)
        for (shape, names), (target, fields) in sorted(_forms(client).items()):
            for name in names:
                if name == "csrfmiddlewaretoken" or (shape, name) in fields_tried:
                    continue
                fields_tried.add((shape, name))
                for value in NONSENSE:
                    client.force_login(user)  # a form may have ended the session
                    try:
                        status = client.post(target, {**fields, name: value}).status_code
                    except Exception as error:  # the test client raises what would be a 500
                        status = f"{type(error).__name__}: {str(error)[:100]}"
                    if not isinstance(status, int) or status >= 500:
                        failed.append((role, target, name, repr(value)[:20], status))
    assert failed == [], "\n".join(map(str, failed))
    # The walk must have found the set-up, case, meeting and payment forms to prove much.
    assert len({shape for shape, _name in fields_tried}) >= 20
    assert len(fields_tried) >= 80
