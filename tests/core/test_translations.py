"""Norwegian first: every interface string has a bokmål translation."""

from pathlib import Path

import polib
import pytest
from django.test import Client

CATALOGUES = sorted(Path("src/samskap").glob("*/locale/nb/LC_MESSAGES/django.po"))


def test_every_app_with_strings_has_a_catalogue():
    apps = {path.parts[2] for path in CATALOGUES}
    assert {"core", "accounts", "subprojects", "funding"} <= apps


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: path.parts[2])
def test_catalogue_is_fully_translated(catalogue):
    po = polib.pofile(str(catalogue))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == [], f"untranslated in {catalogue}"
    assert fuzzy == [], f"fuzzy in {catalogue}"


@pytest.mark.django_db
def test_login_page_is_norwegian_by_default_and_english_on_request():
    client = Client()
    page = client.get("/konto/logg-inn/")
    assert '<html lang="nb"' in page.content.decode()
    assert "Logg inn i Samskap" in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/konto/logg-inn/"})
    page = client.get("/konto/logg-inn/")
    assert '<html lang="en"' in page.content.decode()
    assert "Log in to Samskap" in page.content.decode()


@pytest.mark.django_db
def test_browser_language_does_not_override_norwegian():
    page = Client().get("/konto/logg-inn/", headers={"accept-language": "en-US,en;q=0.9"})
    assert "Logg inn i Samskap" in page.content.decode()
    assert page["Content-Language"] == "nb"
