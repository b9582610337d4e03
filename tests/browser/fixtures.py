"""Browser fixtures for any test: Playwright driving Debian's Chromium against the live
server, and axe-core. Registered for the whole suite in tests/conftest.py."""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from samskap.web.demo import DEMO_PASSWORD, load_demo

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
# test body are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SAMSKAP_CHROMIUM", "/usr/bin/chromium")
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# The Content-Security-Policy refuses inline scripts, so axe-core is served to the page as
# a same-origin file that Playwright answers itself (the app never ships it).
AXE_PATH = "/__test__/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Every page records what its Content-Security-Policy blocked; a blocked script or style
# means a page that works differently in the browser than the tests assume.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", event => {
    window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI}`);
});
"""
# Without these, Chromium keeps calling out to Google's services, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; `make test` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser):
    """A page in a fresh browser context (its own cookies) that records CSP violations."""
    context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    context.route(
        f"**{AXE_PATH}",
        lambda route: route.fulfill(path=AXE_SCRIPT, content_type="text/javascript"),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def page(browser):
    page = open_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def live_demo(transactional_db, live_server):
    context = load_demo()
    context["url"] = live_server.url
    return context


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/konto/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{base_url}/")


def axe_violations(page) -> list[dict]:
    """Run axe-core with the WCAG 2.1 A and AA rules; return a compact list of violations."""
    parts = urlsplit(page.url)
    page.add_script_tag(url=f"{parts.scheme}://{parts.netloc}{AXE_PATH}")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]


def csp_violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")


def assert_accessible(page) -> None:
    """No WCAG 2.1 AA violation, and nothing on the page refused by its security policy."""
    blocked = csp_violations(page)
    assert blocked == [], f"The Content-Security-Policy blocked on {page.url}: {blocked}"
    violations = axe_violations(page)
    assert violations == [], f"axe found WCAG 2.1 AA violations on {page.url}: {violations}"
