"""GET forms of the staff pages (the new-user trial): a link with a query of its own
(a tracking tag) shows the page's defaults; a download with figures that give no file
goes back to its page with a message; a refused filter is named in the linked error
summary above the form, not only at its field."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

VEIEN = "Veien til førerkortet"
REQUIRED = "Feltet er påkrevet."


@pytest.fixture
def veien(demo):
    return demo["subprojects"][VEIEN]


def _summary(html: str) -> str:
    """The error summary above the form (core/form_errors.html), or ""."""
    found = re.search(
        r'<div class="ds-alert" data-color="danger" role="alert">(.*?)</div>', html, re.S
    )
    return found.group(1) if found else ""


@pytest.mark.parametrize("query", [{"utm_source": "mail"}, {"x": "1"}, {"page": "1"}])
def test_a_query_without_the_forms_fields_shows_the_defaults(client_for, veien, query):
    pages = [
        ("leder", reverse("effects:report", args=[veien.pk])),
        ("kontakt", reverse("oversight:continuation_list")),
        ("okonom", reverse("support:repayments")),
        ("kontakt", reverse("people:list")),
    ]
    for who, address in pages:
        response = client_for(who).get(address, query)
        html = response.content.decode()
        assert response.status_code == 200, address
        assert REQUIRED not in html, address
        assert 'aria-invalid="true"' not in html, address


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("effects:report_pdf", {"starts_on": "2027-01-01", "ends_on": "2020-01-01"}),
        ("effects:report_xlsx", {"starts_on": "abc"}),
    ],
)
def test_an_evaluation_download_with_a_bad_period_goes_back_with_a_message(
    client_for, veien, name, query
):
    client = client_for("leder")
    response = client.get(reverse(name, args=[veien.pk]), query)
    assert response.status_code == 302
    page_address = reverse("effects:report", args=[veien.pk])
    assert response.url.startswith(page_address + "?")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Det finnes ingen rapport å laste ned for den perioden. Rett feltene og last ned igjen."
    ]
    page = client.get(response.url)
    assert page.status_code == 400
    assert 'aria-invalid="true"' in page.content.decode()


def test_the_states_download_with_a_bad_period_goes_back_with_a_message(client_for):
    client = client_for("stat")
    response = client.get(reverse("oversight:state_report_pdf"), {"periode": "abc"})
    assert response.status_code == 302
    assert response.url == reverse("oversight:state") + "?periode=abc"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Det finnes ingen rapport å laste ned for de filtrene. Rett feltene og last ned igjen."
    ]


def test_a_refused_repayment_reference_is_named_in_the_summary(client_for):
    page = client_for("okonom").get(reverse("support:repayments"), {"reference": "9" * 40})
    summary = _summary(page.content.decode())
    assert "Ingenting ble søkt." in summary
    assert 'href="#id_reference"' in summary
    assert "Søk med høyst 35 tegn; dette søket har 40." in summary
    assert page.content.decode().count("Ingenting ble søkt.") == 1
    assert "Sørg for at denne verdien" not in page.content.decode()


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ({"starts_on": "abc"}, ["id_starts_on"]),
        ({"starts_on": "end", "ends_on": "start"}, ["id_ends_on"]),  # reversed
        ({"starts_on": "0001-01-01", "ends_on": "9999-12-31"}, ["id_starts_on", "id_ends_on"]),
    ],
)
def test_a_refused_period_is_named_and_linked_in_the_summary(client_for, veien, query, fields):
    agreement = veien.agreement
    days = {"start": agreement.starts_on.isoformat(), "end": agreement.ends_on.isoformat()}
    query = {key: days.get(value, value) for key, value in query.items()}
    page = client_for("leder").get(reverse("effects:report", args=[veien.pk]), query)
    assert page.status_code == 400
    html = page.content.decode()
    summary = _summary(html)
    for field in fields:
        assert f'href="#{field}"' in summary
        assert re.search(
            rf'id="{field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="{field}"', html
        )


def test_the_states_refused_filters_are_named_and_linked_in_the_summary(client_for):
    page = client_for("stat").get(reverse("oversight:state"), {"kommune": "abc", "periode": "abc"})
    assert page.status_code == 400
    summary = _summary(page.content.decode())
    assert 'href="#id_periode"' in summary and 'href="#id_kommune"' in summary
