"""Every link of an error summary goes to an element of the page (WCAG 3.3.1; the design
system's ErrorSummary): a summary entry whose link leads nowhere leaves the user looking
for the field. Checked on every page a test client gets (tests/conftest.py), so a form
page whose fields are written with other ids than the summary's is caught by any test
that sends it wrong."""

import re

ALERT = re.compile(r'<div class="ds-alert" data-color="danger" role="alert"[^>]*>(.*?)</div>', re.S)
LINK = re.compile(r'href="#([^"]+)"')
ID = re.compile(r'\sid="([^"]+)"')


def summary_anchors(html: str) -> list[str]:
    """The ids the page's error summaries link to, in order."""
    return [anchor for alert in ALERT.findall(html) for anchor in LINK.findall(alert)]


def unresolved_summary_links(html: str) -> list[str]:
    ids = set(ID.findall(html))
    return [anchor for anchor in summary_anchors(html) if anchor not in ids]


def check_summary_links(response) -> None:
    if getattr(response, "streaming", False):
        return
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    html = response.content.decode(errors="replace")
    missing = unresolved_summary_links(html)
    assert not missing, f"error summary links to ids not in the page: {missing}"
