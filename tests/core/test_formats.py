"""Norwegian formats whichever language the interface speaks, and names of either writing
direction isolated from the text around them."""

import calendar
import re

from django.urls import reverse

from tests.support.factories import SUBPROJECT, request


def _in_english(client):
    client.post(reverse("set_language"), {"language": "en"})
    return client


def test_english_interface_prints_norwegian_dates(demo, client_for):
    """The English interface printed "11/29/2026 4:57 p.m."."""
    asked = request(demo, alias="Familien Dato")
    client = _in_english(client_for("kontakt"))
    html = client.get(reverse("people:detail", args=[asked.household_id])).content.decode()
    assert 'lang="en"' in html
    assert re.search(r"\b\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}\b", html)
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b|[ap]\.m\.", html)


def test_burn_down_axis_uses_a_decimal_comma_in_both_languages(demo, client_for):
    client = client_for("okonom")
    for language in ("nb", "en"):
        client.post(reverse("set_language"), {"language": language})
        html = client.get(reverse("funding:pot")).content.decode()
        assert re.search(r">\d+,\d mill\.<", html), language
        assert not re.search(r">\d+\.\d mill\.<", html), language


def test_arabic_alias_does_not_scramble_the_amount_beside_it(demo, client_for):
    """An Arabic alias in the agenda took the amount beside it into its right-to-left run."""
    asked = request(demo, alias="عائلة النور", amount="1000.50")
    meeting = client_for("leder").get(
        reverse("support:meeting", args=[demo["subprojects"][SUBPROJECT].pk])
    )
    html = meeting.content.decode()
    assert "<bdi>عائلة النور</bdi> – 1\xa0000,50\u00a0kr" in html
    detail = client_for("kontakt").get(reverse("support:request_detail", args=[asked.pk]))
    assert "<bdi>عائلة النور</bdi>" in detail.content.decode()


def test_long_dates_read_naturally_in_both_languages(demo, client_for):
    """The English pot page showed the agreement period as "1. January 2026": the Norwegian
    ordinal dot beside an English month name."""
    client = client_for("okonom")
    pages = {}
    for language in ("nb", "en"):
        client.post(reverse("set_language"), {"language": language})
        pages[language] = client.get(reverse("funding:pot")).content.decode()
    months_nb = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
    months_en = "|".join(calendar.month_name[1:])
    assert re.search(rf"\b\d{{1,2}}\. ({months_nb}) \d{{4}}\b", pages["nb"])
    assert re.search(rf"\b\d{{1,2}} ({months_en}) \d{{4}}\b", pages["en"])
    assert not re.search(rf"\b\d{{1,2}}\. ({months_en}) \d{{4}}\b", pages["en"])
