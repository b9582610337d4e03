"""A citizen language is added with only a catalogue: the test writes a small one at test
time (its text marked as a test, never guessed Somali or Pashto) and the survey page speaks
it, names it in itself in the switch, and turns right to left when the catalogue says so."""

import polib
import pytest
from django.conf import global_settings, settings
from django.test import override_settings
from django.urls import reverse

from samskap.effects.surveys import services
from samskap.effects.surveys.links import survey_token
from samskap.effects.surveys.models import Survey
from samskap.settings.languages import CONFIGURED, citizen_languages
from tests.effects.surveys.conftest import weeks_after

HEADING = "Did the help make a difference?"


def write_catalogue(root, code: str, *, name: str, entries: dict, direction: str = "") -> None:
    po = polib.POFile()
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": code,
        "X-Language-Name": name,
    }
    if direction:
        po.metadata["X-Text-Direction"] = direction
    for msgid, msgstr in entries.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    folder = root / code / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po.save(str(folder / "django.po"))
    po.save_as_mofile(str(folder / "django.mo"))


@pytest.fixture
def locale(tmp_path):
    write_catalogue(
        tmp_path, "so", name="Soomaali (test)", entries={HEADING: "[so test] " + HEADING}
    )
    write_catalogue(
        tmp_path,
        "ps",
        name="پښتو (test)",
        direction="rtl",
        entries={HEADING: "[ps test] " + HEADING},
    )
    (tmp_path / "not a language" / "LC_MESSAGES").mkdir(parents=True)
    return tmp_path


def test_a_catalogue_adds_its_language_after_the_configured_ones(locale):
    languages, right_to_left = citizen_languages(locale_dir=locale)
    assert languages[: len(CONFIGURED)] == CONFIGURED
    assert languages[len(CONFIGURED) :] == [("ps", "پښتو (test)"), ("so", "Soomaali (test)")]
    assert right_to_left == ["ps"]


def test_a_configured_language_is_never_listed_twice(tmp_path):
    write_catalogue(tmp_path, "ar", name="Arabisk", entries={})
    languages, _rtl = citizen_languages(locale_dir=tmp_path)
    assert languages == CONFIGURED


def test_the_shipped_settings_are_the_configured_languages_plus_the_shell_catalogues():
    expected, right_to_left = citizen_languages()
    assert expected == settings.LANGUAGES
    assert set(right_to_left) <= set(settings.LANGUAGES_BIDI)


@pytest.fixture
def survey(paid):
    services.surveys_schedule(now=weeks_after(paid, 0))
    return Survey.objects.get(decision__request=paid.support_line.request, weeks_after=4)


@pytest.mark.parametrize(("code", "direction"), [("so", "ltr"), ("ps", "rtl")])
def test_the_survey_speaks_a_language_added_by_a_catalogue(survey, client, locale, code, direction):
    languages, right_to_left = citizen_languages(locale_dir=locale)
    Survey.objects.filter(pk=survey.pk).update(language=code)
    link = reverse("surveys:answer", args=[survey_token(survey)])
    with override_settings(
        LANGUAGES=languages,
        LANGUAGES_BIDI=[*global_settings.LANGUAGES_BIDI, *right_to_left],
        LOCALE_PATHS=[str(locale)],
    ):
        html = client.get(link).content.decode()
    assert f'<html lang="{code}" dir="{direction}"' in html
    assert f"[{code} test] {HEADING}" in html
    # The switch names every language in itself, the new ones included.
    assert "Soomaali (test)" in html and "پښتو (test)" in html
    # Without the catalogue the family's language falls back to bokmål.
    assert '<html lang="nb"' in client.get(link).content.decode()
