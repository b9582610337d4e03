"""Consent and a person's language are given, never assumed: no purpose of a consent is
ticked in advance (GDPR art. 4(11), a clear affirmative act; CJEU C-673/17 Planet49),
and the preferred language, which decides the language of the citizen's link and
surveys, starts on "Velg …" rather than on bokmål (a tester found both pre-chosen)."""

import re

from django.urls import reverse

from samskap.people.models import Household

SELECTED_LANGUAGE = re.compile(r'<select[^>]*name="preferred_language".*?</select>', re.DOTALL)


def test_no_purpose_of_a_consent_is_ticked_in_advance(demo, client_for):
    household = Household.objects.filter(enrolments__subproject__name="Stødig start").first()
    page = client_for("kontakt").get(reverse("support:case_consent", args=[household.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    boxes = re.findall(r'<input[^>]*name="purposes"[^>]*>', html)
    assert len(boxes) == 4
    assert not [box for box in boxes if "checked" in box]


def test_the_preferred_language_is_chosen_not_assumed(client_for):
    for name in ("support:case_start", "people:create"):
        html = client_for("kontakt").get(reverse(name)).content.decode()
        select = SELECTED_LANGUAGE.search(html).group(0)
        selected = re.findall(r'<option value="([^"]*)" selected>', select)
        assert selected == [""], (name, selected)
        assert "Velg …" in select
