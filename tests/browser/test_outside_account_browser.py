"""The outside account in the browser: open the demo's "Veien til førerkortet", change an
assumption, see the break-even chart change; axe clean, at 390 px too."""

from tests.browser.fixtures import assert_accessible, log_in


def fits_the_screen(page) -> bool:
    """Nothing in the page's own content sticks out (tables scroll in their region)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(el => !el.closest('.table-scroll'))
            .every(el => el.getBoundingClientRect().right <= window.innerWidth + 1)"""
    )


def chart_lines(page) -> list[str]:
    chart = page.get_by_test_id("break-even-chart")
    return chart.locator("polyline").evaluate_all(
        "lines => lines.map(l => l.getAttribute('points'))"
    )


def test_build_a_scenario_change_an_assumption_and_see_the_chart_change(page, live_demo):
    base_url = live_demo["url"]
    log_in(page, base_url, "okonom")
    page.get_by_role("link", name="Utenforregnskap").first.click()
    page.get_by_role("link", name="Veien til førerkortet").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Utenforregnskap: Veien til førerkortet"
    )
    assert page.get_by_test_id("thesis").is_visible()
    assert "2031" in page.get_by_test_id("thesis").inner_text()
    before_lines = chart_lines(page)
    before_year = page.get_by_test_id("break-even").inner_text()
    assert before_lines and before_year
    assert page.locator("svg desc").first.text_content()  # the chart's text alternative
    assert_accessible(page)

    # A much larger deadweight: fewer jobs credited to the measure, a later break-even.
    page.get_by_label("Dødvekt (%)").fill("85")
    page.get_by_role("button", name="Beregn").click()
    page.wait_for_url("**deadweight=85**")
    after_lines = chart_lines(page)
    assert after_lines != before_lines
    after_year = page.get_by_test_id("break-even").inner_text()
    assert after_year != before_year
    assert_accessible(page)

    # Bad input: the field is named, no result is shown.
    page.get_by_label("Analyseperiode (år fra start)").fill("500")
    page.get_by_role("button", name="Beregn").click()
    page.wait_for_url("**horizon_years=500**")
    assert page.get_by_role("alert").first.is_visible()
    assert page.get_by_test_id("break-even-chart").count() == 0
    assert_accessible(page)


def test_the_outside_account_at_390_px(page, live_demo):
    base_url = live_demo["url"]
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base_url, "okonom")
    veien = live_demo["subprojects"]["Veien til førerkortet"]
    page.goto(f"{base_url}/utenforregnskap/delprosjekt/{veien.pk}/")
    assert page.get_by_test_id("break-even-chart").is_visible()
    assert fits_the_screen(page)
    assert_accessible(page)
    page.goto(f"{base_url}/utenforregnskap/parametere/")
    assert fits_the_screen(page)
    assert_accessible(page)
