"""The economist opens the time to help on a phone: the bars with their text alternative
and tables, the baseline and the unit indicators' forms, no horizontal scrolling at
390 px, axe clean; a bad baseline is refused on the page."""

import pytest

from tests.browser.fixtures import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


def test_the_time_to_help_page_on_a_phone(page, live_demo):
    base_url = live_demo["url"]
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base_url, "okonom")
    page.get_by_role("link", name="Tid til hjelp").first.click()
    page.wait_for_url(f"{base_url}/innsyn/tid-til-hjelp/")
    assert page.get_by_role("heading", name="Tid til hjelp", level=1).is_visible()
    chart = page.get_by_role("img", name="Median antall dager fra kartlagt behov til vedtak")
    assert chart.count() == 1
    days = page.get_by_role("table", name="Dager per steg, median / 90-persentil")
    assert days.is_visible()
    assert "Flyktningefamilien i sentrum" in days.inner_text()
    assert page.get_by_role("table", name="Sykefravær og vikarutgifter per kvartal").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide at 390 px"
    assert_accessible(page)

    page.get_by_label("Dager fra behov til vedtak i den ordinære veien").fill("-1")
    page.get_by_role("button", name="Lagre grunnlaget").click()
    assert "Skriv et helt antall dager fra 1 til 365." in page.content()
    assert_accessible(page)
    page.get_by_label("Dager fra behov til vedtak i den ordinære veien").fill("30")
    page.get_by_role("button", name="Lagre grunnlaget").click()
    page.wait_for_url(f"{base_url}/innsyn/tid-til-hjelp/#baseline-heading")
    assert "30 dager" in page.content()
