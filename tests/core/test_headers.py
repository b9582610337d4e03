"""Security headers: pages are never stored by browsers or proxies, and every page sends a
Content-Security-Policy that allows no inline script."""

import re
from pathlib import Path

from django.urls import reverse

from samskap.support.links import letter_token
from tests.support.factories import household
from tests.support.test_letter import write_letter


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}


def test_pages_for_a_logged_in_user_are_never_stored(client_for):
    client = client_for("kontakt")
    for path in ["/", "/husstander/", "/delprosjekter/", "/potten/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in cache_control(response), path
        assert "private" in cache_control(response), path


def test_the_citizens_letter_link_is_never_stored(demo, client):
    letter = write_letter(demo, household(demo))
    response = client.get(reverse("support:confirm", args=[letter_token(letter)]))
    assert response.status_code == 200
    assert "no-store" in cache_control(response)


def test_a_refused_link_and_the_login_page_are_not_stored_either(client):
    assert "no-store" in cache_control(client.get(reverse("support:confirm", args=["x"])))
    assert "no-store" in cache_control(client.get(reverse("accounts:login")))


def test_static_files_keep_their_cache_lifetime(client):
    response = client.get("/static/core/samskap.css")
    assert response.status_code == 200
    assert "no-store" not in cache_control(response)


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in filter(str.strip, header.split(";")):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_every_page_sends_a_policy_without_inline_script(client, client_for):
    responses = [
        client.get(reverse("accounts:login")),
        client.get(reverse("support:confirm", args=["x"])),
        client_for("okonom").get("/potten/"),
    ]
    for response in responses:
        directives = csp_directives(response)
        assert directives["default-src"] == ["'self'"]
        assert directives["script-src"] == ["'self'"]
        assert directives["style-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["base-uri"] == ["'none'"]
        for values in directives.values():
            assert "'unsafe-inline'" not in values
            assert "'unsafe-eval'" not in values


TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "samskap"
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>"  # a script element without src
    r"|<style\b"  # a style element
    r"|\son[a-z]+\s*="  # an event handler attribute
    r"|\sstyle\s*="  # a style attribute
    r"|javascript:",
    re.IGNORECASE,
)


def test_templates_hold_no_inline_script_or_style():
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0).strip()}"
        for path in TEMPLATES.glob("*/templates/**/*.html")
        for match in INLINE.finditer(path.read_text())
    ]
    assert found == []
