"""The Content-Security-Policy holds in a real browser: our own scripts run, inline ones not."""

from tests.browser.fixtures import csp_violations, log_in

TRY_INLINE_SCRIPT = """() => {
    const script = document.createElement("script");
    script.textContent = "window.__inlineRan = true";
    document.head.appendChild(script);
    return window.__inlineRan === true;
}"""


def test_htmx_loads_and_an_injected_inline_script_is_refused(page, live_demo):
    log_in(page, live_demo["url"], "okonom")
    page.goto(live_demo["url"] + "/potten/")
    assert page.evaluate("typeof htmx") == "object"
    assert csp_violations(page) == []
    assert page.evaluate(TRY_INLINE_SCRIPT) is False
    assert any(violation.startswith("script-src") for violation in csp_violations(page))
