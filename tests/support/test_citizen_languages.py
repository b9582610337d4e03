"""The citizen's letter page speaks the family's language; staff pages stay bokmål/English."""

import pytest
from django.test import Client
from django.urls import reverse

from samskap.support.links import letter_token
from tests.support.factories import household
from tests.support.test_letter import write_letter

LANGUAGE_NAMES = ["Norsk bokmål", "Norsk nynorsk", "English", "العربية", "Українська"]


def confirm_url(letter, **query) -> str:
    url = reverse("support:confirm", args=[letter_token(letter)])
    return url + "".join(f"?{key}={value}" for key, value in query.items())


def test_arabic_letter_page_is_arabic_and_right_to_left(demo, client):
    letter = write_letter(demo, household(demo), language="ar")
    page = client.get(confirm_url(letter))
    html = page.content.decode()
    assert page.status_code == 200
    assert page["Content-Language"] == "ar"
    assert '<html lang="ar" dir="rtl"' in html
    assert "رسالتك التحفيزية" in html  # "Your motivation letter"
    assert "نعم، هذه رسالتي" in html  # the confirm button
    assert "Motivasjonsbrevet ditt" not in html


@pytest.mark.parametrize(
    ("language", "heading", "button"),
    [
        ("nb", "Motivasjonsbrevet ditt", "Ja, dette er brevet mitt"),
        ("nn", "Stadfest brevet ditt", "Ja, dette er brevet mitt"),
        ("en", "Your motivation letter", "Yes, this is my letter"),
        ("uk", "Ваш мотиваційний лист", "Так, це мій лист"),
    ],
)
def test_each_citizen_language_left_to_right(demo, client, language, heading, button):
    letter = write_letter(demo, household(demo), language=language)
    html = client.get(confirm_url(letter)).content.decode()
    assert f'<html lang="{language}" dir="ltr"' in html
    assert heading in html and button in html


def test_language_switch_lists_every_language_in_itself_and_keeps_the_link(demo, client):
    letter = write_letter(demo, household(demo), language="ar")
    url = confirm_url(letter)
    html = client.get(url).content.decode()
    for name in LANGUAGE_NAMES:
        assert f">{name}</a>" in html
    assert f'href="{url}?lang=uk"' in html
    assert 'lang="uk" hreflang="uk"' in html
    assert 'hreflang="ar" aria-current="true"' in html


def test_citizen_picks_ukrainian_and_confirms_in_ukrainian(demo, client):
    letter = write_letter(demo, household(demo), language="ar")
    page = client.post(confirm_url(letter, lang="uk"))
    assert page.status_code == 200
    assert '<html lang="uk" dir="ltr"' in page.content.decode()
    assert "Дякуємо. Ви підтвердили лист." in page.content.decode()
    letter.refresh_from_db()
    assert letter.confirmed_at is not None


def test_unknown_language_choice_is_ignored(demo, client):
    letter = write_letter(demo, household(demo), language="nn")
    html = client.get(confirm_url(letter, lang="xx")).content.decode()
    assert '<html lang="nn"' in html


def test_letter_in_a_language_without_pages_falls_back_to_the_members_language(demo, client):
    # Somali has no catalogue yet; the household's young person prefers Arabic.
    letter = write_letter(demo, household(demo), language="so")
    html = client.get(confirm_url(letter)).content.decode()
    assert '<html lang="ar" dir="rtl"' in html


def test_forged_link_is_refused_in_bokmal_or_the_chosen_language(demo, client):
    response = client.get(reverse("support:confirm", args=["forged"]))
    assert response.status_code == 400
    assert "Lenken er ikke gyldig" in response.content.decode()
    response = client.get(reverse("support:confirm", args=["forged"]) + "?lang=uk")
    assert response.status_code == 400
    assert "Це посилання недійсне" in response.content.decode()


def test_staff_pages_stay_bokmal_even_with_a_citizen_language_cookie(demo, client_for):
    staff = client_for("kontakt")
    staff.post(reverse("set_language"), {"language": "ar", "next": "/"})
    page = staff.get(reverse("web:home"))
    html = page.content.decode()
    assert '<html lang="nb"' in html
    assert page["Content-Language"] == "nb"
    # The header offers English only, never a citizen language.
    assert 'value="en"' in html and 'value="ar"' not in html and 'value="uk"' not in html


def test_anonymous_staff_login_page_ignores_a_citizen_language_cookie():
    client = Client()
    client.cookies["django_language"] = "uk"
    assert '<html lang="nb"' in client.get(reverse("accounts:login")).content.decode()


@pytest.mark.parametrize(
    ("query", "language", "title"),
    [
        ({}, "ar", "انتهت صلاحية النموذج"),  # the letter's own language
        ({"lang": "nn"}, "nn", "Skjemaet har gått ut"),  # the family's pick on the link
        ({"lang": "uk"}, "uk", "Термін дії форми минув"),
    ],
)
def test_an_expired_form_on_the_letter_page_speaks_the_familys_language(
    demo, query, language, title
):
    """A failed CSRF check on a citizen page (an old tab, cookies cleared) used to answer
    in the staff shell and language; it is the citizen's page, in their language."""
    letter = write_letter(demo, household(demo), language="ar")
    # One signed address for both: it holds a timestamp, so two calls a second apart differ.
    url = confirm_url(letter, **query)
    response = Client(enforce_csrf_checks=True).post(url)
    html = response.content.decode()
    assert response.status_code == 403
    assert f'<html lang="{language}"' in html and title in html
    assert 'class="citizen-languages"' in html  # the citizen shell, with its switch
    assert f'href="{url}"' in html  # back to the form
    assert "Skjemaet er utløpt" not in html or language == "nb"
    letter.refresh_from_db()
    assert letter.confirmed_at is None


def test_an_expired_staff_form_stays_in_the_staff_shell(demo):
    response = Client(enforce_csrf_checks=True).post(
        reverse("accounts:login"), {"username": "okonom", "password": "x"}
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="nb"' in html and "Skjemaet er utløpt" in html
    assert 'class="citizen-languages"' not in html
