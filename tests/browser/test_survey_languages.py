"""A citizen answers the perceived-effect survey on a phone (390×844), in Arabic (right to
left) and in Ukrainian; axe finds nothing and the page never scrolls sideways."""

import pytest
from django.urls import reverse

from samskap.effects.surveys.links import survey_token
from samskap.effects.surveys.models import Survey
from tests.browser.fixtures import assert_accessible
from tests.browser.test_citizen_languages import PHONE, assert_no_horizontal_scroll


def _demo_survey(language: str) -> Survey:
    survey = Survey.objects.filter(answered_at__isnull=True).order_by("pk").first()
    assert survey is not None, "the demo schedules surveys for its paid support"
    Survey.objects.filter(pk=survey.pk).update(language=language)
    survey.refresh_from_db()
    return survey


def test_a_citizen_answers_in_arabic_on_a_phone(page, live_demo):
    page.set_viewport_size(PHONE)
    survey = _demo_survey("ar")
    page.goto(live_demo["url"] + reverse("surveys:answer", args=[survey_token(survey)]))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", name="هل أحدثت المساعدة فرقًا؟").is_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    # Sending without choosing: a clear message in Arabic, nothing stored.
    page.get_by_role("button", name="أرسل إجاباتي").click()
    page.wait_for_load_state()
    # At the question, and in the summary as a link to it.
    assert page.locator("#id_helped_error").get_by_text("اختر نعم أو جزئيًا أو لا.").is_visible()
    assert page.get_by_role("link", name="اختر نعم أو جزئيًا أو لا.").is_visible()
    assert_accessible(page)
    survey.refresh_from_db()
    assert survey.answered_at is None
    page.get_by_label("نعم").check()
    page.get_by_label("4 – كثيرًا", exact=True).check()
    page.get_by_label("ما الذي تغيّر؟ (يمكنك ترك هذا فارغًا)").fill("حصلت على رخصة القيادة")
    page.get_by_role("button", name="أرسل إجاباتي").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="شكرًا لإجابتك").is_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    survey.refresh_from_db()
    assert (survey.helped, survey.how_much, survey.answered_via) == ("yes", 4, "link")
    assert survey.what_changed == "حصلت على رخصة القيادة"
    # The same link again: already answered, said in Arabic, nothing new stored.
    response = page.goto(live_demo["url"] + reverse("surveys:answer", args=[survey_token(survey)]))
    assert response.status == 400
    assert page.get_by_text("لقد أجبت من قبل").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("how", ["link", "switch"])
def test_a_citizen_answers_in_ukrainian_on_a_phone(page, live_demo, how):
    page.set_viewport_size(PHONE)
    survey = _demo_survey("uk" if how == "link" else "nb")
    page.goto(live_demo["url"] + reverse("surveys:answer", args=[survey_token(survey)]))
    if how == "switch":
        page.get_by_role("link", name="Українська").click()
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_role("heading", name="Чи була допомога корисною?").is_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.get_by_label("Частково").check()
    page.get_by_label("3 – дещо").check()
    page.get_by_role("button", name="Надіслати мої відповіді").click()
    page.wait_for_load_state()
    assert page.get_by_text("Ваші відповіді збережено.").is_visible()
    assert_accessible(page)
    survey.refresh_from_db()
    assert (survey.helped, survey.how_much) == ("partly", 3)
