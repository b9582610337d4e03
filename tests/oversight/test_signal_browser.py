"""A lead reviews a signal on a phone: from the menu to the signal, the data behind it,
the review saved; no sideways scrolling at 390 px, axe clean. Then the ethics guide."""

import pytest

from samskap.oversight.models import SignalReview
from tests.browser.fixtures import assert_accessible, log_in
from tests.oversight.signal_factories import household, support, year

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


def narrow(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide at 390 px"


def test_a_lead_reviews_a_signal_on_a_phone(page, live_demo):
    base_url = live_demo["url"]
    home = household(live_demo, alias="Utenfor", birth_year=year() - 30)
    support(live_demo, home, amount="4200", decider="nav.berg")  # the lead had no hand in it
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base_url, "leder")
    page.get_by_role("link", name="Signaler", exact=True).first.click()
    page.wait_for_url(f"{base_url}/innsyn/signaler/")
    assert page.get_by_role("heading", name="Signaler i bruken av potten", level=1).is_visible()
    narrow(page)
    assert_accessible(page)

    page.get_by_role("link", name="Støtte utenfor delprosjektets målgruppe").first.click()
    page.wait_for_url(f"{base_url}/innsyn/signaler/signal/*")
    assert "ikke en anklage" in page.content()
    assert page.get_by_text("Utenfor", exact=False).first.is_visible()
    narrow(page)
    assert_accessible(page)

    page.get_by_label("Utfall").select_option("follow_up")
    page.get_by_label("Notat").fill("Familien har flyttet; avklares med kontaktpersonen.")
    page.get_by_role("button", name="Lagre gjennomgangen").click()
    assert page.get_by_text("Gjennomgangen er registrert.").is_visible()
    assert page.get_by_text("Følges opp").first.is_visible()
    narrow(page)
    assert_accessible(page)
    review = SignalReview.objects.get()
    assert review.outcome == "follow_up" and review.reviewed_by.username == "leder"


def test_the_ethics_guide_on_a_phone(page, live_demo):
    base_url = live_demo["url"]
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base_url, "kontakt")
    page.get_by_role("link", name="Etikk i arbeidet", exact=True).first.click()
    page.wait_for_url(f"{base_url}/innsyn/etikk/")
    assert "forvaltningsloven § 6" in page.content()
    narrow(page)
    assert_accessible(page)
