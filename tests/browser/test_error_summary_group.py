"""On a phone (390 px), the meeting's error summary link for the missing services lands on
the group: its question (legend) and its error are in view and the group has focus. It
landed on the first checkbox, with the question and the error scrolled out above it. A
single field's link keeps its label in view too."""

from decimal import Decimal

from django.urls import reverse

from tests.browser.fixtures import assert_accessible, log_in
from tests.support.factories import SUBPROJECT, fund, request, set_limits

PHONE = {"width": 390, "height": 844}
# Whole pixels: a box scrolled to the top edge can start a fraction of one above it.
IN_VIEW = """element => {
    const box = element.getBoundingClientRect();
    return box.top >= -1 && box.bottom <= window.innerHeight + 1 && box.height > 0;
}"""


def test_the_summary_link_for_the_services_shows_the_question_and_focuses_the_group(
    page, live_demo
):
    demo = live_demo
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("50000"))
    set_limits(demo)
    support = request(demo, amount="1000", alias="Familien Oppsummering")
    page.set_viewport_size(PHONE)
    log_in(page, demo["url"], "leder")
    page.goto(demo["url"] + reverse("support:meeting", args=[support.subproject_id]))
    row = page.locator("fieldset.agenda-item", has_text="Familien Oppsummering")
    row.get_by_label("Vedtak").select_option("adjusted")
    row.get_by_label("Begrunnelse (én linje)").fill("Godt begrunnet")
    page.get_by_role("button", name="Bekreft møtets vedtak").click()
    page.wait_for_load_state()

    page.get_by_role("alert").get_by_role(
        "link", name="Registrer hvilke tjenester som var til stede."
    ).click()
    group = page.locator("fieldset#id_services_present")
    assert group.evaluate("element => element === document.activeElement")
    assert group.locator("legend").evaluate(IN_VIEW)
    assert group.locator("#id_services_present_error").evaluate(IN_VIEW)
    assert group.locator("#id_services_present_error").inner_text() == (
        "Registrer hvilke tjenester som var til stede."
    )
    assert_accessible(page)

    # The same for a single field: the row's amount, its label and hint above it in view.
    page.get_by_role("alert").get_by_role("link", name="Familien Oppsummering:").click()
    amount = page.locator(f"#id_r{support.pk}-amount")
    assert amount.evaluate("element => element === document.activeElement")
    assert row.locator(f'label[for="id_r{support.pk}-amount"]').evaluate(IN_VIEW)
    assert amount.evaluate(IN_VIEW)
