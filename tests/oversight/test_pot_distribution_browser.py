"""A team member opens how the pot is shared on a phone: the Lorenz curve with its text
alternative and table, no horizontal scrolling at 390 px, axe clean."""

import pytest

from tests.browser.fixtures import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


def test_the_distribution_page_on_a_phone(page, live_demo):
    base_url = live_demo["url"]
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base_url, "kontakt")
    clicks = 0
    page.get_by_role("link", name="Fordelingen av potten").first.click()
    clicks += 1
    page.wait_for_url(f"{base_url}/innsyn/fordeling/")
    assert page.get_by_role("heading", name="Fordelingen av potten", level=1).is_visible()
    chart = page.get_by_role("img", name="Lorenzkurve for støtten per husstand")
    assert chart.count() == 1
    assert page.get_by_role("table", name="Lorenzkurven i tall").is_visible()
    assert "Gini-koeffisient" in page.content()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide at 390 px"
    assert_accessible(page)
    print(f"\n[journey] pot distribution (kontakt): 2 screens, {clicks} click(s) from start")


def test_an_agreement_not_in_the_list_is_named_at_the_chooser_on_a_phone(page, live_demo):
    """`?avtale=abc` (a link cut short): the chooser with its message, linked from the
    summary, axe clean at 390 px; choosing from the list shows the page again."""
    base_url = live_demo["url"]
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base_url, "kontakt")
    page.goto(f"{base_url}/innsyn/fordeling/?avtale=abc")
    assert page.locator("#avtale_error").inner_text() == "Velg en av programavtalene i listen."
    page.get_by_role("link", name="Programavtale: Velg en av programavtalene i listen.").click()
    assert page.evaluate("document.activeElement.id") == "avtale"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide at 390 px"
    assert_accessible(page)
    page.get_by_role("button", name="Vis").click()
    assert page.get_by_role("img", name="Lorenzkurve for støtten per husstand").count() == 1
