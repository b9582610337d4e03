"""The economist allocates money in a real browser and sees the pot change; axe stays clean."""

from samskap.core.money import format_nok
from samskap.funding.reports import pot_overview
from tests.browser.fixtures import assert_accessible, log_in


def test_allocating_money_changes_the_pot(page, live_demo):
    base_url = live_demo["url"]
    agreement = live_demo["agreement"]
    before = pot_overview(agreement=agreement).unallocated
    log_in(page, base_url, "okonom")
    page.goto(f"{base_url}/potten/")
    assert page.get_by_test_id("unallocated").first.inner_text() == format_nok(before)
    assert_accessible(page)

    page.get_by_role("link", name="Fordel fra potten").first.click()
    page.get_by_role("combobox", name="Delprosjekt").select_option(label="Stødig start")
    page.get_by_label("Beløp (kr)").fill("999999999")
    page.get_by_label("Begrunnelse").fill("Flere unge trenger bolig")
    page.get_by_role("button", name="Poster").click()
    assert page.get_by_text("Ikke nok igjen i potten").first.is_visible()
    assert_accessible(page)

    page.get_by_label("Beløp (kr)").fill("25 000")
    page.get_by_role("button", name="Poster").click()
    page.wait_for_url(f"{base_url}/potten/")
    assert page.get_by_text("Fordelte 25").first.is_visible()
    after = before - 25000
    assert page.get_by_test_id("unallocated").first.inner_text() == format_nok(after)
    assert pot_overview(agreement=agreement).unallocated == after
    assert_accessible(page)


def test_scheme_report_and_budget_page_pass_axe(page, live_demo):
    base_url = live_demo["url"]
    log_in(page, base_url, "okonom")
    page.goto(f"{base_url}/potten/{live_demo['agreement'].pk}/ordninger/")
    assert_accessible(page)
    sub = live_demo["subprojects"]["Veien til førerkortet"]
    page.goto(f"{base_url}/potten/delprosjekt/{sub.pk}/")
    assert page.get_by_text("Handlingsrom").first.is_visible()
    assert_accessible(page)
