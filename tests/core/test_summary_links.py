"""Each entry of a form page's error summary links to its field (WCAG 3.3.1; the design
system's ErrorSummary), not only on the meeting page: core/form_errors.html links every
field error of its `form` (core.forms.summary_items), pages of several forms and rows give
their own `summary` (core.forms.summary_of), and the citizen vote page's hand-written
radio group has the field's id. One test per kind of form page; tests/page_links.py checks
every page a test client gets as well."""

import pytest
from django.test import Client
from django.urls import reverse

from samskap.effects.models import ProposalRound, Vote
from samskap.funding.models import LedgerTransaction
from samskap.support.models import MotivationLetter, SupportRequest
from tests.effects.test_participation_page import link, unvoted
from tests.page_links import summary_anchors, unresolved_summary_links
from tests.support.factories import (
    SUBPROJECT,
    fund,
    meeting_token,
    post_meeting,
    request,
    set_limits,
)
from tests.support.test_case_flow import _lines
from tests.support.test_error_summary import _unconfirmed_request_step


def _links(response) -> list[str]:
    html = response.content.decode()
    assert unresolved_summary_links(html) == []
    return summary_anchors(html)


def test_the_meeting_pages_summary_links_each_row_field(demo, client_for):
    from decimal import Decimal

    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("50000"))
    set_limits(demo)
    support = request(demo, amount="1000.50", alias="Familien Lenke")
    client = client_for("leder")
    response = post_meeting(
        demo,
        client,
        {support: {"outcome": "declined", "amount": "5", "rationale": ""}},
        token=meeting_token(client, support),
        services=None,
    )
    assert _links(response) == [
        "id_services_present",
        f"id_r{support.pk}-amount",
        f"id_r{support.pk}-rationale",
    ]


@pytest.mark.parametrize("step", ["case", "request"])
def test_the_request_pages_summary_links_each_rows_field(demo, client_for, step):
    client = client_for("kontakt")
    home, url = _unconfirmed_request_step(demo, client)
    if step == "request":
        letter = MotivationLetter.objects.get(household=home)
        url = reverse("support:request_create", args=[letter.pk])
    rows = (
        {"form": "cash", "description": "", "amount": "100"},
        {"form": "cash", "description": "Utstyr", "amount": "abc"},
    )
    response = client.post(url, _lines(*rows))
    assert response.status_code == 200
    assert _links(response) == ["id_line-0-description", "id_line-1-amount"]
    assert not SupportRequest.objects.filter(household=home).exists()


@pytest.fixture
def round_(demo):
    return ProposalRound.objects.get(subproject=demo["subprojects"]["Veien til førerkortet"])


@pytest.mark.parametrize(
    ("language", "lead", "message"),
    [
        ("nb", "Ingenting ble sendt.", "Velg forslaget du stemmer på."),
        ("ar", "لم يُرسَل أي شيء.", "اختر الاقتراح الذي تصوّت له."),
    ],
)
def test_the_citizen_vote_pages_summary_links_the_radio_group(round_, language, lead, message):
    votes = Vote.objects.count()
    response = Client().post(link(round_, unvoted(round_), lang=language), {"action": "vote"})
    assert response.status_code == 400
    html = response.content.decode()
    assert _links(response) == ["id_proposal"]
    # The group itself has the id and takes focus, its question and error in view.
    assert '<fieldset class="ds-fieldset" id="id_proposal" tabindex="-1"' in html
    assert 'aria-describedby="id_proposal_error"' in html
    assert lead in html and f'<a class="ds-link" href="#id_proposal">{message}</a>' in html
    assert Vote.objects.count() == votes


def test_the_citizen_proposal_is_linked_too(round_):
    response = Client().post(
        link(round_, unvoted(round_), lang="nb"), {"action": "propose", "text": " "}
    )
    assert response.status_code == 400
    assert _links(response) == ["id_text"]


def test_a_funding_forms_summary_links_its_field(demo, client_for):
    postings = LedgerTransaction.objects.count()
    response = client_for("okonom").post(
        reverse("funding:allocate", args=[demo["agreement"].pk]), {"amount": "x"}
    )
    assert response.status_code == 400
    assert _links(response) == ["id_subproject", "id_year", "id_amount", "id_reason"]
    assert LedgerTransaction.objects.count() == postings


def test_a_page_with_a_plain_form_links_its_fields(demo, client_for):
    response = client_for("kontakt").post(reverse("people:create"), {"alias": ""})
    assert "id_alias" in _links(response)


def test_a_summary_link_to_a_missing_id_is_caught():
    html = (
        '<div class="ds-alert" data-color="danger" role="alert">'
        '<ul><li><a class="ds-link" href="#id_gone">x</a></li></ul></div><input id="id_here">'
    )
    assert unresolved_summary_links(html) == ["id_gone"]
