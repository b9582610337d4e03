"""The effects pages: the report as page, PDF and Excel, participation through a link."""

import datetime
import io
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from samskap.effects import participation_services as participation
from samskap.effects.models import Proposal, ProposalRound, Vote

VEIEN = "Veien til førerkortet"


@pytest.fixture
def veien(demo):
    return demo["subprojects"][VEIEN]


def test_the_report_page_shows_the_thesis_figures_with_intervals(client_for, veien):
    response = client_for("leder").get(reverse("effects:report", args=[veien.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Bestått førerprøve klasse B" in text
    assert "<td>20 av 20</td>" in text and "<td>16 av 20</td>" in text
    assert "<td>84–100\u00a0%</td>" in text  # Wilson for 20 of 20, not a bare 100 %
    assert "<td>58–92\u00a0%</td>" in text  # Wilson for 16 of 20
    assert "Flere kjøretimer før oppkjøring" in text  # the team sees the proposals


def test_the_state_reads_the_evaluation_in_its_own_view_only(client_for, veien):
    """One sub-project's report shows its money however few households it covers: the
    state viewer gets 404 and reads effect achievement in the state's view."""
    client = client_for("stat")
    for name in ("effects:report", "effects:report_pdf", "effects:report_xlsx"):
        assert client.get(reverse(name, args=[veien.pk])).status_code == 404
    index = client.get(reverse("effects:index")).content.decode()
    assert f'href="{reverse("effects:report", args=[veien.pk])}"' not in index
    assert reverse("oversight:state") in index


def test_small_groups_say_fewer_than_5(client_for, demo):
    subproject = demo["subprojects"]["Som de andre"]
    response = client_for("leder").get(reverse("effects:report", args=[subproject.pk]))
    text = response.content.decode()
    assert 'data-testid="participants">færre enn 5<' in text
    assert "<td>3</td>" not in text


def test_the_pdf_carries_the_same_figures(client_for, veien):
    response = client_for("leder").get(reverse("effects:report_pdf", args=[veien.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Bestått førerprøve klasse B" in text
    assert "20 av 20" in text and "16 av 20" in text
    assert "84–100\u00a0%" in text and "58–92\u00a0%" in text


def test_the_excel_sheet_carries_the_same_figures(client_for, veien):
    response = client_for("okonom").get(reverse("effects:report_xlsx", args=[veien.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[1]: row for row in sheet.iter_rows(values_only=True) if row and len(row) > 8}
    work = rows["I arbeid eller utdanning seks måneder etter start"]
    assert work[5:9] == (
        20,
        "80\u00a0%",
        "58–92\u00a0%",
        "16 av 20",
    )  # n a number, the rest as shown


def _link(client, veien) -> str:
    response = client.get(reverse("effects:participation", args=[veien.pk]))
    assert response.status_code == 200
    round_ = ProposalRound.objects.get(subproject=veien)
    unvoted = (
        participation.voters_of(round_=round_)
        .exclude(member_id__in=Vote.objects.filter(round=round_).values("voter_id"))
        .first()
    )
    token = participation.participation_link_token(round_=round_, member_id=unvoted.member_id)
    assert "?lenke=" in response.content.decode()
    return f"{reverse('effects:participate')}?lenke={token}"


def test_a_target_group_member_proposes_and_votes_once(client_for, veien):
    link = _link(client_for("kontakt"), veien)
    citizen = Client()
    assert citizen.get(link).status_code == 200
    response = citizen.post(link, {"action": "propose", "text": "Gratis teoriprøve"})
    assert "Forslaget ditt er sendt" in response.content.decode()
    proposal = Proposal.objects.get(text="Gratis teoriprøve")
    response = citizen.post(link, {"action": "vote", "proposal": proposal.pk})
    assert "Stemmen din er telt" in response.content.decode()
    before = Vote.objects.count()
    response = citizen.post(link, {"action": "vote", "proposal": proposal.pk})
    assert response.status_code == 400
    assert "allerede stemt" in response.content.decode()
    assert Vote.objects.count() == before


def test_a_forged_link_is_refused_and_stores_nothing(demo):
    before = Proposal.objects.count()
    response = Client().post(
        reverse("effects:participate") + "?lenke=forged", {"action": "propose", "text": "X"}
    )
    assert response.status_code == 400
    assert "ikke gyldig" in response.content.decode()
    assert Proposal.objects.count() == before


def test_a_staff_session_cannot_vote(client_for, veien):
    link = _link(client_for("kontakt"), veien)
    assert client_for("kontakt").get(link).status_code == 403
    assert parse_qs(urlparse(link).query)["lenke"]


def test_only_the_team_sees_the_participation_page(client_for, veien):
    assert (
        client_for("okonom").get(reverse("effects:participation", args=[veien.pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [
        ("0001-01-01", "9999-12-31"),  # the period
        ("0001-01-01", "end"),
        ("start", "9999-12-31"),
        ("end", "start"),  # ends before it starts
    ],
)
@pytest.mark.parametrize("name", ["effects:report", "effects:report_pdf", "effects:report_xlsx"])
def test_a_period_outside_the_agreement_is_refused_with_a_message(
    client_for, veien, name, starts_on, ends_on
):
    agreement = veien.agreement
    # "start" and "end" are the agreement's own days (the demo's period moves with today).
    days = {"start": agreement.starts_on.isoformat(), "end": agreement.ends_on.isoformat()}
    starts_on, ends_on = days.get(starts_on, starts_on), days.get(ends_on, ends_on)
    # A download goes back to the page with the same period (a message, the fields).
    response = client_for("leder").get(
        reverse(name, args=[veien.pk]), {"starts_on": starts_on, "ends_on": ends_on}, follow=True
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    if starts_on > ends_on:
        assert "Perioden kan ikke slutte før den begynner." in text
    else:
        assert (
            f"Velg en periode innenfor avtalen, {agreement.starts_on:%d.%m.%Y} til "
            f"{agreement.ends_on:%d.%m.%Y}." in text
        )


def test_a_period_within_the_agreement_is_shown(client_for, veien):
    agreement = veien.agreement
    response = client_for("leder").get(
        reverse("effects:report", args=[veien.pk]),
        {"starts_on": agreement.starts_on.isoformat(), "ends_on": agreement.ends_on.isoformat()},
    )
    assert response.status_code == 200
    assert "<td>20 av 20</td>" in response.content.decode()


def test_one_day_of_the_period_is_enough_and_a_bad_one_is_the_only_message(client_for, veien):
    """helper-89: "?starts_on=abc" was also told "Til: Feltet er påkrevet", about a field
    the link never had. A day left out is the report's own."""
    agreement = veien.agreement
    client = client_for("leder")
    url = reverse("effects:report", args=[veien.pk])
    response = client.get(url, {"starts_on": "abc"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Oppgi en gyldig dato." in text and "påkrevet" not in text
    for day in (
        {"starts_on": agreement.starts_on.isoformat()},
        {"ends_on": str(timezone.localdate())},
    ):
        assert client.get(url, day).status_code == 200, day
    if agreement.ends_on > timezone.localdate():
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        response = client.get(url, {"starts_on": tomorrow.isoformat()})
        assert response.status_code == 400
        assert "Uten slutt slutter perioden i dag" in response.content.decode()
