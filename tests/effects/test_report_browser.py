"""The evaluation report on a phone (390x844), issue #11's new-user trial: the first
caption ("Indikatorer: oppnådd med n og 95 % intervall") was cut at 390 px. Every report
table and its title fit or scroll inside their own region, the page never scrolls
sideways, every title is read on screen without scrolling a table, and axe is clean.
Also the goals pages, whose indicator tables have a caption. Runs on PostgreSQL."""

import pytest
from django.urls import reverse

from tests.browser.fixtures import assert_accessible, log_in

PHONE = {"width": 390, "height": 844}
# Veien: the thesis's figures; Stødig start: an amount in kroner; Fritid for alle: a
# comparison group (the widest table); Flyktningefamilien: perceived effect shown.
SUBPROJECTS = (
    "Veien til førerkortet",
    "Stødig start",
    "Fritid for alle barn og unge",
    "Flyktningefamilien i sentrum",
)

# Per table title or caption inside the page's main part: where its text ends, and per
# table whether it fits its region or the region scrolls (overflow-x auto).
LAYOUT = """() => {
    const textRight = (element) => {
        const range = document.createRange();
        range.selectNodeContents(element);
        const box = range.getBoundingClientRect();
        return [box.left, box.right];
    };
    const main = document.querySelector('main');
    return {
        titles: [...main.querySelectorAll('.table-title, caption')].map((element) => {
            const [left, right] = textRight(element);
            return {text: element.textContent.trim().slice(0, 50), left, right};
        }),
        tables: [...main.querySelectorAll('table')].map((table) => {
            const region = table.closest('.table-scroll');
            return {
                id: table.getAttribute('aria-labelledby') || '',
                inRegion: region !== null,
                fits: region ? table.getBoundingClientRect().width <= region.clientWidth + 1
                             : table.getBoundingClientRect().right <= window.innerWidth + 1,
                scrolls: region ? getComputedStyle(region).overflowX === 'auto' : false,
            };
        }),
        page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
    };
}"""


def _check(page, name: str) -> dict:
    page.wait_for_load_state()
    layout = page.evaluate(LAYOUT)
    width, client = layout["page"]
    assert width <= client, f"{name} ({page.url}) scrolls sideways: {width} > {client}"
    for title in layout["titles"]:
        assert title["left"] >= 0 and title["right"] <= PHONE["width"], f"{name}: cut: {title}"
    for table in layout["tables"]:
        assert table["inRegion"] and (table["fits"] or table["scrolls"]), f"{name}: {table}"
    assert_accessible(page)
    return layout


@pytest.mark.parametrize("username", ["leder", "okonom"])
def test_every_report_table_and_title_fits_a_phone(page, live_demo, username):
    page.set_viewport_size(PHONE)
    base = live_demo["url"]
    log_in(page, base, username)
    for name in SUBPROJECTS:
        subproject = live_demo["subprojects"][name]
        page.goto(base + reverse("effects:report", args=[subproject.pk]))
        layout = _check(page, f"report of {name}")
        titles = [title["text"] for title in layout["titles"]]
        assert any(text.startswith("Indikatorer: oppnådd med n") for text in titles), titles
        assert len(layout["tables"]) >= 2  # indicators and money per goal
        if name == "Stødig start":
            assert page.get_by_role("cell", name="0–799 kr", exact=True).count() == 1
        page.goto(base + reverse("effects:goals", args=[subproject.pk]))
        _check(page, f"goals of {name}")
