"""The state viewer opens its view on a phone: both demo municipalities, small groups
suppressed, the period filter (calendar years only), no horizontal scrolling at 390 px,
axe clean."""

import pytest
from django.utils import timezone

from tests.browser.fixtures import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


def test_the_state_report_page_on_a_phone(page, live_demo):
    base_url = live_demo["url"]
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base_url, "stat")
    page.get_by_role("link", name="Statens oversikt").first.click()
    page.wait_for_url(f"{base_url}/innsyn/staten/")
    assert page.get_by_role("heading", name="Statens oversikt", level=1).is_visible()
    support = page.get_by_role("table", name="Støtte vedtatt i perioden (endelig")
    assert "Trondheim" in support.inner_text() and "Frøya" in support.inner_text()
    assert "Færre enn 5 husstander" in support.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide at 390 px"
    assert_accessible(page)

    # A period with nothing in it (next year, in the agreements) says so, accessibly.
    next_year = str(timezone.localdate().year + 1)
    page.get_by_label("Periode", exact=True).select_option(next_year)
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**/innsyn/staten/?*")
    assert page.get_by_test_id("no-data").is_visible()
    assert_accessible(page)

    # A period that is not one of the fixed ones: a message, not an error page.
    page.goto(f"{base_url}/innsyn/staten/?periode=2026-06-01")
    assert page.locator(".ds-validation-message").first.is_visible()
    assert_accessible(page)

    # An old link to a quarter (quarters nested in a year gave hidden cells back by
    # subtraction): refused with the reason, no figures.
    page.goto(f"{base_url}/innsyn/staten/?periode=2026-K3")
    assert "kalenderår" in page.locator(".ds-validation-message").first.inner_text()
    assert page.get_by_test_id("no-data").count() == 0
    assert page.locator("#support-table").count() == 0
