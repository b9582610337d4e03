"""The state's report as a PDF for the directorates (WeasyPrint), from the same template
partial as the page, so the two never disagree."""

from django.template.loader import render_to_string

from samskap.core.pdf import html_to_pdf


def report_pdf(overview) -> bytes:
    return html_to_pdf(render_to_string("oversight/state_print.html", {"o": overview}))
