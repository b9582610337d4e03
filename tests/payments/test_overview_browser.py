"""The payments overview on a phone (390 px): one list at a time behind links that carry
their counts (issue 14), each reachable, marked current, axe clean and within the screen."""

import re

from tests.browser.fixtures import assert_accessible, log_in


def fits_the_screen(page) -> bool:
    """Nothing in the page's own content sticks out (tables scroll in their region)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(el => !el.closest('.table-scroll'))
            .every(el => el.getBoundingClientRect().right <= window.innerWidth + 1)"""
    )


def test_each_payments_list_at_390_px(page, live_demo):
    base = live_demo["url"]
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base, "okonom")
    page.goto(f"{base}/utbetalinger/")
    lists = page.get_by_role("navigation", name="Lister over utbetalinger")
    current = lists.locator('[aria-current="page"]')
    assert re.fullmatch(r"Venter på eksport \(\d+\)", current.inner_text())
    assert page.get_by_role("button", name="Les inn filen").is_visible()
    assert fits_the_screen(page)
    assert_accessible(page)
    for name, caption in (
        ("Satt til side", "Satt til side, med årsak"),
        (
            "Holdt tilbake",
            "Utbetalinger som holdes tilbake, kommer ikke med i filene før de slippes",
        ),
        ("Historikk", "Siste utbetalinger sendt, betalt, returnert eller kansellert"),
        ("Returnert", "Returnert av banken"),
        ("Eksporterte bunter", "Eksporterte bunter"),
    ):
        lists.get_by_role("link", name=re.compile(rf"^{name} \(\d+\)$")).click()
        page.wait_for_load_state()
        assert current.inner_text().startswith(f"{name} ("), page.url
        assert page.get_by_role("table", name=caption).is_visible(), page.url
        assert page.get_by_role("button", name="Les inn filen").count() == 0
        assert fits_the_screen(page), page.url
        assert_accessible(page)
