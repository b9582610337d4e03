"""The state's report as a PDF for the directorates (WeasyPrint), from the same template
partial as the page, so the two never disagree."""

from django.template.loader import render_to_string

# The print layout, handed to WeasyPrint directly (templates carry no inline style).
PRINT_CSS = """
@page { size: A4 landscape; margin: 1.5cm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; margin-bottom: 12pt; }
th, td { border: 1px solid #999; padding: 3pt; text-align: left; vertical-align: top; }
dl.facts dt { font-weight: bold; }
"""


def report_pdf(overview) -> bytes:
    from weasyprint import CSS, HTML  # heavy: loaded only when a PDF is asked for

    html = render_to_string("oversight/state_print.html", {"o": overview})
    return HTML(string=html).write_pdf(stylesheets=[CSS(string=PRINT_CSS)])
