"""After the pilot on a phone: the unit lead opens the list from the menu, makes a plan
for a participant of their team, a start date in year 1 is refused on the page; the
economist sees only figures. No horizontal scrolling at 390 px, axe clean."""

import pytest

from tests.browser.fixtures import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

LIST = "/innsyn/etter-piloten/"


def assert_fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide at 390 px"


def test_a_plan_for_after_the_pilot_on_a_phone(page, live_demo):
    base_url = live_demo["url"]
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base_url, "leder")
    page.get_by_role("link", name="Etter piloten").first.click()
    page.wait_for_url(f"{base_url}{LIST}")
    assert page.get_by_role("heading", name="Etter piloten", level=1).is_visible()
    waiting = page.get_by_role("table", name="Uten plan, den som slutter først, øverst")
    rows_before = waiting.get_by_role("row").count()
    assert rows_before == 5  # the header and the demo's four participants without a plan
    assert "Flyktningefamilien i sentrum" in waiting.inner_text()
    assert page.get_by_role("table", name="Hvem som tar over, etter dato").is_visible()
    assert_fits(page)
    assert_accessible(page)

    waiting.get_by_role("link", name="Lag en plan").first.click()
    assert page.get_by_role("heading", name="Plan for tiden etter piloten", level=1).is_visible()
    assert_fits(page)
    assert_accessible(page)
    page.get_by_label("Ordinær tjeneste som tar over").select_option("health")
    page.get_by_label("Ansvarlig rolle").select_option("health_nurse")
    # The organisation is chosen, never assumed ("Velg …" first).
    page.locator("#id_organisation").select_option(index=1)
    page.get_by_label("Tar over fra").fill("0001-01-01")
    page.get_by_role("button", name="Lagre planen").click()
    assert "Tjenesten kan ikke ta over før deltakeren begynte." in page.content()
    assert_fits(page)
    assert_accessible(page)

    page.get_by_label("Tar over fra").fill("2099-01-01")
    page.get_by_role("button", name="Lagre planen").click()
    assert "Datoen er mer enn 5 år etter at piloten slutter." in page.content()
    page.get_by_label("Tar over fra").fill(
        page.evaluate("new Date(Date.now() + 200*86400000).toISOString().slice(0, 10)")
    )
    page.get_by_role("button", name="Lagre planen").click()
    page.wait_for_url(f"{base_url}{LIST}")
    assert "Planen for tiden etter piloten er lagret." in page.content()
    waiting = page.get_by_role("table", name="Uten plan, den som slutter først, øverst")
    assert waiting.get_by_role("row").count() == rows_before - 1
    assert (
        "Helsetjeneste\tHelsesykepleier"
        in page.get_by_role("table", name="Hvem som tar over, etter dato").inner_text()
    )
    assert_accessible(page)


def test_the_economist_sees_figures_on_a_phone(page, live_demo):
    base_url = live_demo["url"]
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base_url, "okonom")
    page.get_by_role("link", name="Etter piloten").first.click()
    page.wait_for_url(f"{base_url}{LIST}")
    counts = page.get_by_role("table", name="Deltakere som slutter, og hvor mange som mangler plan")
    assert "Flyktningefamilien i sentrum" in counts.inner_text()
    assert page.get_by_role("link", name="Lag en plan").count() == 0
    assert_fits(page)
    assert_accessible(page)
