"""Every page at a phone's size (390×844): each demo role follows the links from its start
page and the navigation (one page per URL shape, bounded), and no page scrolls sideways,
every item of the main menu is on screen, and axe finds nothing. The citizen's pages too.

Wide tables scroll inside their own region (.table-scroll), never the page.
"""

import re
from collections import deque

import pytest

from samskap.support.links import letter_token
from samskap.support.models import MotivationLetter
from tests.browser.fixtures import assert_accessible, log_in, open_page
from tests.browser.test_accessibility import page_pattern, reachable_paths

# These tests open their own phone-sized pages instead of the `page` fixture, so they
# carry the browser mark themselves (browser tests run on PostgreSQL only).
pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
ROLES = ["okonom", "leder", "kontakt", "team", "stat", "admin"]
MAX_PAGES = 45


def phone_page(browser):
    page = open_page(browser)
    page.set_viewport_size(PHONE)
    return page


def too_wide(page) -> list[str]:
    """What makes the page wider than the phone: the page's width and the elements that
    stick out (outside a table's own scroll region), and menu items off screen."""
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        culprits = page.evaluate(
            """() => {
                const out = [], walker = document.createTreeWalker(document.body, 4);
                for (let node; (node = walker.nextNode()); ) {
                    const range = document.createRange();
                    range.selectNodeContents(node);
                    const parent = node.parentElement;
                    if (!parent.closest('.table-scroll')
                        && range.getBoundingClientRect().right > window.innerWidth + 1)
                        out.push(parent.tagName + ': ' + node.textContent.trim().slice(0, 40));
                }
                return out.slice(0, 5);
            }"""
        )
        problems.append(f"{page.url} is {width} px wide: {culprits}")
    off_screen = page.evaluate(
        """() => [...document.querySelectorAll('.site-nav a')]
            .filter(a => a.getBoundingClientRect().right > window.innerWidth + 1)
            .map(a => a.textContent.trim())"""
    )
    if off_screen:
        problems.append(f"menu items off screen on {page.url}: {off_screen}")
    # A wide table scrolls in its region, but its caption must be readable without
    # scrolling: every line of it inside the region (a long one once ran off its edge).
    cut = page.evaluate(
        """() => [...document.querySelectorAll('.table-scroll caption')].filter(caption => {
                const box = caption.closest('.table-scroll').getBoundingClientRect();
                const range = document.createRange();
                range.selectNodeContents(caption);
                return [...range.getClientRects()].some(
                    line => line.right > box.right + 1 || line.left < box.left - 1);
            }).map(caption => caption.textContent.trim().slice(0, 40))"""
    )
    if cut:
        problems.append(f"table captions cut on {page.url}: {cut}")
    return problems


@pytest.mark.parametrize("username", ROLES)
def test_every_page_fits_a_phone(browser, live_demo, username):
    page = phone_page(browser)
    base_url = live_demo["url"]
    log_in(page, base_url, username)
    queue, seen, visited, problems = deque(["/"]), {page_pattern("/")}, [], []
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        response = page.goto(base_url + path)
        assert response.status == 200, f"{username} got {response.status} on {path}"
        problems += too_wide(page)
        assert_accessible(page)
        visited.append(path)
        for link in reachable_paths(page, base_url):
            if page_pattern(link) not in seen:
                seen.add(page_pattern(link))
                queue.append(link)
    print(f"{username}: {len(visited)} pages at 390 px")
    assert problems == []
    assert len(visited) >= 3
    page.context.close()


def test_citizen_and_login_pages_fit_a_phone(browser, live_demo):
    page = phone_page(browser)
    base_url = live_demo["url"]
    page.goto(base_url + "/konto/logg-inn/")
    assert too_wide(page) == []
    assert_accessible(page)
    letter = MotivationLetter.objects.order_by("pk").first()
    page.goto(f"{base_url}/stotte/bekreft/{letter_token(letter)}/")
    assert too_wide(page) == []
    assert_accessible(page)
    assert re.search(r"\S", page.inner_text("main"))
    page.context.close()
