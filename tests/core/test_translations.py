"""Norwegian first: every interface string has a bokmål translation, and every string a
citizen reads has one in each citizen language (settings.LANGUAGES)."""

from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client

CATALOGUES = sorted(Path("src/samskap").glob("**/locale/*/LC_MESSAGES/django.po"))


def _catalogue_id(path: Path) -> str:
    return "/".join(path.parts[2 : path.parts.index("locale")]) + ":" + path.parts[-3]


def test_every_app_with_strings_has_a_catalogue():
    with_bokmal = {path.parts[2] for path in CATALOGUES if path.parts[-3] == "nb"}
    assert {"core", "accounts", "subprojects", "funding"} <= with_bokmal


CITIZEN_APPS = [
    config for config in apps.get_app_configs() if getattr(config, "citizen_facing", False)
]


def test_the_citizen_pages_have_their_own_apps():
    assert {"core_citizen", "support_citizen"} <= {config.label for config in CITIZEN_APPS}


@pytest.mark.parametrize("config", CITIZEN_APPS, ids=lambda config: config.label)
def test_citizen_app_has_a_catalogue_for_every_citizen_language(config):
    """A language added to settings.LANGUAGES needs its catalogue in every citizen app
    (English is the source text); `make messages` fills it once the folder exists."""
    locale = Path(config.path) / "locale"
    have = {path.name for path in locale.iterdir() if (path / "LC_MESSAGES" / "django.po").exists()}
    wanted = {code for code, _name in settings.LANGUAGES} - {"en"}
    assert wanted - have == set(), (
        f"{config.label} has no catalogue for {sorted(wanted - have)}: "
        f"mkdir -p {locale}/<code>/LC_MESSAGES, make messages, translate (docs/languages.md)"
    )


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=_catalogue_id)
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
