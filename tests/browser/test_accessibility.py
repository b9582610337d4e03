"""Each demo role logs in, visits every page it can reach, and axe finds no violations."""

import re
from collections import deque
from urllib.parse import urlsplit

import pytest

from tests.browser.fixtures import assert_accessible, log_in

ROLES = ["okonom", "leder", "kontakt", "team", "stat", "admin"]
# Links that act rather than show (they are covered by their own journeys).
SKIP = re.compile(r"^/(konto/logg-ut|i18n/)|\.(xml|xlsx|csv|pdf)$|/eksport")
MAX_PAGES = 60


def page_pattern(path: str) -> str:
    """One page per URL shape: /delprosjekter/3/ and /delprosjekter/4/ are the same page."""
    return re.sub(r"/\d+(?=/|$)", "/<id>", path)


def reachable_paths(page, base_url: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" == base_url and not SKIP.search(parts.path):
            paths.append(parts.path)
    return paths


@pytest.mark.parametrize("username", ROLES)
def test_every_reachable_page_passes_axe(page, live_demo, username):
    base_url = live_demo["url"]
    log_in(page, base_url, username)
    queue, seen, visited = deque(["/"]), {page_pattern("/")}, []
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        response = page.goto(base_url + path)
        assert response.status == 200, f"{username} got {response.status} on {path}"
        assert_accessible(page)
        visited.append(path)
        for link in reachable_paths(page, base_url):
            if page_pattern(link) not in seen:
                seen.add(page_pattern(link))
                queue.append(link)
    # The state viewer has its own view instead of one municipality's pot (404 for it).
    pot = "/innsyn/staten/" if username == "stat" else "/potten/"
    assert {"/", pot, "/delprosjekter/"} <= set(visited)
    assert any(re.fullmatch(r"/delprosjekter/\d+/", path) for path in visited)


def test_login_and_error_pages_pass_axe(page, live_demo):
    page.goto(live_demo["url"] + "/konto/logg-inn/")
    assert_accessible(page)
    page.get_by_label("Brukernavn").fill("okonom")
    page.get_by_label("Passord").fill("feil")
    page.get_by_role("button", name="Logg inn").click()
    assert page.get_by_text("Feil brukernavn eller passord").is_visible()
    assert_accessible(page)
    log_in(page, live_demo["url"], "okonom")
    response = page.goto(live_demo["url"] + "/finnes-ikke/")
    assert response.status == 404
    assert_accessible(page)


def test_language_switch_to_english(page, live_demo):
    log_in(page, live_demo["url"], "okonom")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Sub-projects").first.is_visible()
    assert_accessible(page)
