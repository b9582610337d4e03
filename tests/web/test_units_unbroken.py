"""A number never leaves its "%" or "kr" on the next line of a report (the trial: the
effects report's PDF split "60" / "%"). Formatters write a no-break space, report
templates bind numbers to their units (`unbroken_amounts`), and translated sentences
carry an amount as one piece. Read in the PDFs' text and the pages' HTML of the effects
report, the state report and the outside account."""

import io
import re
from html import unescape

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from pypdf import PdfReader

from samskap.core.errors import DomainError
from samskap.core.money import amounts_unbroken, format_nok
from samskap.funding import selectors as funding_selectors
from samskap.outside_account import live
from samskap.subprojects.models import SubProject
from tests.support import factories

# A number, then an ordinary space or a line break, then its unit.
BROKEN = re.compile(r"\d[ \n\r\t]+(%|kr\b)")
TAG = re.compile(r"<[^>]+>")
SELECT = re.compile(r"<select\b.*?</select>", re.S)


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def _page_text(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    main = html.split("<main", 1)[-1].split("</main>", 1)[0]
    # A select's options never wrap; tags and the template's own line breaks are not text.
    main = SELECT.sub("", main)
    return unescape(TAG.sub("", re.sub(r">\s*\n\s*<", "><", main)))


def _broken(text: str) -> list[str]:
    return [text[max(0, m.start() - 30) : m.end() + 10] for m in BROKEN.finditer(text)]


@pytest.fixture
def steady(demo):
    return demo["subprojects"]["Stødig start"]


def test_the_effects_report_binds_shares_and_amounts_in_the_pdf(client_for, steady):
    text = _pdf_text(client_for("leder").get(reverse("effects:report_pdf", args=[steady.pk])))
    assert "\u00a0%" in text  # the shares are there
    assert _broken(text) == []


def test_the_effects_report_page_binds_them_too(client_for, steady):
    text = _page_text(client_for("leder").get(reverse("effects:report", args=[steady.pk])))
    assert "95\u00a0%" in text
    assert _broken(text) == []


def test_the_state_report_binds_them_in_the_pdf_and_on_the_page(client_for, demo):
    client = client_for("stat")
    assert _broken(_pdf_text(client.get(reverse("oversight:state_report_pdf")))) == []
    assert _broken(_page_text(client.get(reverse("oversight:state")))) == []


def test_the_outside_account_binds_them_in_the_pdf_and_on_the_page(client_for, demo):
    veien = SubProject.objects.get(name=live.THESIS_SUBPROJECT)
    client = client_for("okonom")
    page = _page_text(client.get(reverse("outside_account:scenario", args=[veien.pk])))
    assert "\u00a0%" in page and _broken(page) == []
    pdf = _pdf_text(client.get(reverse("outside_account:pdf", args=[veien.pk])))
    assert _broken(pdf) == []


def test_free_text_binds_percent_and_kroner_and_keeps_html_safe():
    assert (
        amounts_unbroken("95 % interval, 450 000 kr") == "95\u00a0% interval, 450\u00a0000\u00a0kr"
    )
    assert amounts_unbroken("a 100 %(x)s") == "a 100\u00a0%(x)s"  # only spaces change
    template = Template("{% load samskap %}{% filter unbroken_amounts %}{{ x }}{% endfilter %}")
    safe = template.render(Context({"x": mark_safe("<b>60 %</b>")}))
    assert safe == "<b>60\u00a0%</b>" and isinstance(safe, SafeString)
    escaped = Template("{% load samskap %}{{ x|unbroken_amounts }}").render(Context({"x": "<i>"}))
    assert escaped == "&lt;i&gt;"


def test_the_over_budget_refusal_writes_each_amount_as_one_piece(demo):
    """It said "(1234.50 kr)": Python's decimal point and an ordinary space before kr."""
    subproject = demo["subprojects"][factories.SUBPROJECT]
    left = funding_selectors.subproject_budget(subproject=subproject).remaining
    with translation.override("nb"), pytest.raises(DomainError) as error:
        factories.request(demo, amount=str(left + 1234))
    message = str(error.value.message)
    assert format_nok(left + 1234) in message and format_nok(left) in message, message
    assert _broken(message) == []
