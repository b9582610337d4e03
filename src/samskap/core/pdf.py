"""PDFs from Samskap's own HTML (WeasyPrint), for reports that leave Samskap.

A PDF goes to the state, the directorates and the municipal council, so it is built only
from our own template and stylesheet: every URL in it (an image, a stylesheet, a font) is
refused instead of fetched, so a report never pulls in a file from the server's disk or
a resource from the network. Amounts in number cells (`.num`) never break across lines:
"285 440 kr" must not read as "285" and "440 kr" on two lines.
"""

# The landscape layout of the state's and the evaluation reports.
REPORT_CSS = """
@page { size: A4 landscape; margin: 1.5cm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; margin-bottom: 12pt; }
th, td { border: 1px solid #999; padding: 3pt; text-align: left; vertical-align: top; }
.num { text-align: right; white-space: nowrap; }
dl.facts dt { font-weight: bold; }
"""


def html_to_pdf(html: str, *, css: str = REPORT_CSS) -> bytes:
    """The PDF of `html` styled by `css` (A4 landscape reports by default); bytes."""
    from weasyprint import CSS, HTML  # heavy: loaded only when a PDF is asked for
    from weasyprint.urls import URLFetcher

    # No protocol allowed: WeasyPrint skips each resource with a warning, and the rest of
    # the report is written. (WeasyPrint 70 wants a URLFetcher here, not a function.)
    nothing = URLFetcher(allowed_protocols=())
    return HTML(string=html, url_fetcher=nothing).write_pdf(
        stylesheets=[CSS(string=css, url_fetcher=nothing)]
    )
