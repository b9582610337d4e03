"""The citizen's letter page on a phone (390×844) in Arabic and Ukrainian: axe clean."""

from django.urls import reverse

from samskap.support.links import letter_token
from samskap.support.models import MotivationLetter
from tests.browser.fixtures import assert_accessible

PHONE = {"width": 390, "height": 844}


def _unconfirmed_letter(language: str) -> MotivationLetter:
    letter = MotivationLetter.objects.filter(confirmed_at__isnull=True).first()
    MotivationLetter.objects.filter(pk=letter.pk).update(language=language)
    letter.refresh_from_db()
    return letter


def assert_no_horizontal_scroll(page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths}"


def test_arabic_letter_page_on_a_phone_is_right_to_left_and_accessible(page, live_demo):
    page.set_viewport_size(PHONE)
    letter = _unconfirmed_letter("ar")
    url = live_demo["url"] + reverse("support:confirm", args=[letter_token(letter)])
    page.goto(url)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.get_by_role("heading", name="رسالتك التحفيزية").is_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    # The switch is visible at the top and takes the citizen to Ukrainian on the same link.
    switch = page.get_by_role("navigation", name="اختر اللغة")
    assert switch.get_by_role("link", name="Українська").is_visible()
    switch.get_by_role("link", name="Українська").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_role("heading", name="Ваш мотиваційний лист").is_visible()
    page.get_by_role("button", name="Так, це мій лист").click()
    page.wait_for_load_state()
    assert page.get_by_text("Дякуємо. Ви підтвердили лист.").is_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    letter.refresh_from_db()
    assert letter.confirmed_at is not None


def test_refused_link_in_arabic_on_a_phone(page, live_demo):
    page.set_viewport_size(PHONE)
    response = page.goto(live_demo["url"] + reverse("support:confirm", args=["xx"]) + "?lang=ar")
    assert response.status == 400
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_text("هذا الرابط غير صالح").is_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
