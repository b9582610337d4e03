"""The period screens on a phone (390 px): reachable from the pot, figures first, axe clean."""

from samskap.funding import selectors, services
from samskap.funding.models import TransactionKind
from tests.browser.fixtures import assert_accessible, log_in


def fits_the_screen(page) -> bool:
    """Nothing in the page's own content sticks out (tables scroll in their region).

    The site navigation above it is measured by nobody here: it overflows at 390 px on
    every page today, which is the header's business, not these screens'."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(el => !el.closest('.table-scroll'))
            .every(el => el.getBoundingClientRect().right <= window.innerWidth + 1)"""
    )


def test_period_screens_at_390_px(page, live_demo):
    base_url = live_demo["url"]
    agreement = live_demo["agreement"]
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base_url, "okonom")
    page.goto(f"{base_url}/potten/")
    for name in ("Overfør ubrukt budsjett", "Avslutt programperioden", "Rett en postering"):
        page.get_by_role("link", name=name).first.click()
        assert page.get_by_role("heading", level=1).inner_text() == name
        assert fits_the_screen(page)
        assert_accessible(page)
        page.go_back()

    # Closing a running period: refused on the page, with the day it may be closed.
    page.goto(f"{base_url}/potten/{agreement.pk}/avslutning/")
    page.get_by_label("Begrunnelse").fill("Perioden er slutt")
    page.get_by_role("button", name="Vis tallene før og etter").click()
    assert page.get_by_text("den kan avsluttes fra den dagen").first.is_visible()
    assert_accessible(page)

    # Correcting a posting: the figures before and after, then confirm.
    mistake = services.allocation_create(
        acting_user=live_demo["users"]["okonom"],
        subproject=live_demo["subprojects"]["Stødig start"],
        year=selectors.budget_year(agreement=agreement),
        amount="1000",
        reason="Til feil delprosjekt",
    )
    page.goto(f"{base_url}/potten/{agreement.pk}/korrigering/")
    page.get_by_label("Postering som skal rettes").select_option(str(mistake.pk))
    page.get_by_label("Begrunnelse").fill("Feil delprosjekt")
    page.get_by_role("button", name="Vis tallene før og etter").click()
    assert page.get_by_role("table", name="Saldo før og etter (kr)").is_visible()
    assert fits_the_screen(page)
    assert_accessible(page)
    reversals = agreement.transactions.filter(kind=TransactionKind.REVERSAL).count()
    page.get_by_role("button", name="Bekreft og poster").click()
    page.wait_for_url(f"{base_url}/potten/")
    assert page.get_by_text("Posteringen er rettet med en reversering").first.is_visible()
    assert agreement.transactions.filter(kind=TransactionKind.REVERSAL).count() == reversals + 1
    assert agreement.transactions.get(kind=TransactionKind.REVERSAL, reverses=mistake)
