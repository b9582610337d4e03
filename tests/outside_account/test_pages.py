"""The outside account's pages, library, saving, exports and bad input."""

import re
from decimal import Decimal
from io import BytesIO
from itertools import pairwise

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from samskap.audit.models import AuditRecord
from samskap.outside_account import cpi, live, selectors, services
from samskap.outside_account.models import SavedResult, TargetGroup, UnitCost
from samskap.subprojects.models import SubProject


@pytest.fixture
def veien(demo):
    return SubProject.objects.get(name=live.THESIS_SUBPROJECT)


def url(subproject, **query):
    from urllib.parse import urlencode

    base = reverse("outside_account:scenario", args=[subproject.pk])
    return base + ("?" + urlencode(query) if query else "")


def test_the_demo_scenario_shows_break_even_beside_the_thesis_2031(client_for, veien):
    response = client_for("okonom").get(url(veien))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="thesis"' in page
    assert "2031" in page
    assert "<svg" in page and "<desc" in page  # chart with a text alternative
    assert 'id="years-table"' in page  # and its data table
    context = response.context
    result = context["result"]
    assert result.scenario.participants == 20 and result.scenario.successes == 16
    assert context["thesis"]["year"] == 2031
    # the state pays through the pot; the page says plainly who never breaks even
    assert any(p["result"].funds_measure for p in context["payers"])


def test_changing_an_assumption_changes_the_result_and_stores_nothing(client_for, veien):
    client = client_for("okonom")
    before = SavedResult.objects.count(), AuditRecord.objects.count()
    low = client.get(url(veien, deadweight="0")).context["result"]
    high = client.get(url(veien, deadweight="90")).context["result"]
    assert high.npv < low.npv
    assert (SavedResult.objects.count(), AuditRecord.objects.count()) == before


def test_entered_counts_and_ledger_costs_feed_the_engine(client_for, veien):
    response = client_for("okonom").get(
        url(
            veien, outcome="entered", participants="40", successes="10", ledger_payer="municipality"
        )
    )
    result = response.context["result"]
    assert result.scenario.participants == 40 and result.scenario.successes == 10
    ledger = selectors.ledger_costs(subproject=veien)
    expected = sum(float(cpi.index(amount, year)) for year, amount in ledger.items())
    assert result.costs[:, 0].sum() == pytest.approx(expected)


@pytest.mark.parametrize(
    "query, field",
    [
        ({"participants": "-3", "outcome": "entered"}, "participants"),
        ({"participants": "5", "successes": "9", "outcome": "entered"}, "successes"),
        ({"horizon_years": "0"}, "horizon_years"),
        ({"horizon_years": "500"}, "horizon_years"),
        ({"deadweight": "150"}, "deadweight"),
        ({"discount_rate": "0.9"}, "discount_rate"),
        ({"draws": "abc"}, "draws"),
    ],
)
def test_bad_input_names_the_field_and_shows_no_result(client_for, veien, query, field):
    response = client_for("okonom").get(url(veien, **query))
    assert response.status_code == 200
    assert response.context["computed"] is None
    assert field in response.context["form"].errors
    assert 'data-testid="npv"' not in response.content.decode()


def test_saving_records_the_versions_used_and_an_audit_row(client_for, veien):
    client = client_for("okonom")
    data = {
        **{k: v for k, v in live.DEFAULT_SETTINGS.items() if v is not None},
        **live.THESIS_SETTINGS,
        "draws": 500,
    }
    data.pop("tax_financing")
    response = client.post(url(veien), data)
    assert response.status_code == 302
    saved = SavedResult.objects.filter(subproject=veien).first()
    used = set(saved.unit_costs.values_list("pk", flat=True))
    group = TargetGroup.objects.get(key="neet")
    in_force = selectors.unit_costs_in_force(
        target_group=group, municipality_id=veien.agreement.municipality_id
    )
    assert used == {row.pk for row in in_force}
    assert saved.result["npv"] == pytest.approx(float(saved.npv), abs=0.01)
    audit = AuditRecord.objects.filter(action="outside_account.result_save").latest("pk")
    assert audit.new_values["subproject"] == veien.pk
    assert audit.new_values["unit_costs"] == sorted(used)


def test_saving_bad_input_stores_nothing(client_for, veien):
    before = SavedResult.objects.count(), AuditRecord.objects.count()
    response = client_for("okonom").post(url(veien), {"horizon_years": "500"})
    assert response.status_code == 400
    assert (SavedResult.objects.count(), AuditRecord.objects.count()) == before


def test_a_revised_unit_cost_never_changes_a_saved_result(demo, veien):
    economist = demo["users"]["okonom"]
    saved = SavedResult.objects.filter(subproject=veien).first()  # the demo's
    assert saved is not None
    kept = (saved.npv, saved.result, set(saved.unit_costs.values_list("pk", flat=True)))
    old = saved.unit_costs.get(category="lost_tax", payer="state")
    import datetime

    revised = services.unit_cost_revise(
        acting_user=economist,
        unit_cost_id=old.pk,
        amount="1000",
        price_year=2024,
        source="Own estimate, Trondheim",
        effective_from=datetime.date(2025, 1, 1),
    )
    assert revised.version == old.version + 1
    assert revised.municipality_id == economist.municipality_id
    saved.refresh_from_db()
    assert (saved.npv, saved.result, set(saved.unit_costs.values_list("pk", flat=True))) == kept
    in_force = selectors.unit_costs_in_force(
        target_group=old.target_group, municipality_id=economist.municipality_id
    )
    assert revised in in_force and old not in in_force
    # another municipality still sees the shipped default
    other = selectors.unit_costs_in_force(target_group=old.target_group, municipality_id=None)
    assert old in other and revised not in other
    old.refresh_from_db()
    assert old.amount != revised.amount  # the old row is never edited


def test_the_library_page_and_revision_form(client_for, demo):
    client = client_for("okonom")
    page = client.get(reverse("outside_account:library")).content.decode()
    assert "ssb.no/statbank/table/03014" in page
    assert "Unge utenfor arbeid og utdanning" in page
    cost = UnitCost.objects.filter(target_group__key="neet", municipality=None).first()
    response = client.post(
        reverse("outside_account:unit_cost", args=[cost.pk]),
        {"amount": "-", "price_year": "2024", "effective_from": "2025-01-01", "source": "x"},
    )
    assert response.status_code == 400
    assert (
        UnitCost.objects.filter(target_group=cost.target_group).count()
        == UnitCost.objects.filter(target_group=cost.target_group).count()
    )
    before = UnitCost.objects.count()
    response = client.post(
        reverse("outside_account:unit_cost", args=[cost.pk]),
        {
            "amount": "5000",
            "price_year": "2024",
            "effective_from": "2025-01-01",
            "source": "KOSTRA 2024",
        },
    )
    assert response.status_code == 302
    assert UnitCost.objects.count() == before + 1
    assert (
        client_for("kontakt").get(reverse("outside_account:unit_cost", args=[cost.pk])).status_code
        == 403
    )


def test_excel_and_pdf_exports(client_for, veien):
    client = client_for("okonom")
    response = client.get(reverse("outside_account:workbook", args=[veien.pk]))
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    assert len(workbook.sheetnames) == 6
    years = workbook.worksheets[2]
    assert years.max_row == 1 + 41
    pdf = client.get(reverse("outside_account:pdf", args=[veien.pk]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    bad = client.get(reverse("outside_account:workbook", args=[veien.pk]) + "?horizon_years=0")
    assert bad.status_code == 302
    assert bad["Location"] == (
        reverse("outside_account:scenario", args=[veien.pk]) + "?horizon_years=0"
    )


@pytest.mark.parametrize("export", ["outside_account:pdf", "outside_account:workbook"])
def test_an_export_without_a_result_goes_back_to_the_scenario(demo, client_for, export):
    """The trial typed /utenforregnskap/delprosjekt/7/utenforregnskap.pdf for a
    sub-project without N and k and got a 400 whose form sent them to the PDF again.
    Now the scenario page says why and shows the fields to correct."""
    other = next(s for s in demo["subprojects"].values() if s.name != live.THESIS_SUBPROJECT)
    client = client_for("okonom")
    response = client.get(reverse(export, args=[other.pk]), follow=True)
    assert response.redirect_chain == [(reverse("outside_account:scenario", args=[other.pk]), 302)]
    page = response.content.decode()
    assert "Det er ikke noe resultat å laste ned ennå." in page
    assert 'id="id_participants"' in page
    assert response["Content-Type"].startswith("text/html")


def test_the_pdf_never_splits_an_amount_of_its_sources_across_lines(client_for, veien):
    """The trial's case: "bruttolønn 450 000" at a line's end and "kr (antakelse)" on the
    next, in the unit costs' sources (free text, not figures the code formats)."""
    pdf = client_for("okonom").get(reverse("outside_account:pdf", args=[veien.pk]))
    lines = [
        line.strip()
        for page in PdfReader(BytesIO(pdf.content)).pages
        for line in page.extract_text().splitlines()
        if line.strip()
    ]
    assert any("450\u00a0000\u00a0kr" in line for line in lines)
    split = [
        (line, after)
        for line, after in pairwise(lines)
        if line[-1].isdigit() and re.match(r"(kr\b|\d{3}\b)", after)
    ]
    assert split == []


def test_cpi_indexes_to_the_current_price_year():
    assert cpi.current_price_year() == max(cpi.series())
    assert cpi.series()[2015] == 100
    assert cpi.index(100, 2015, 2024) == cpi.series()[2024].quantize(Decimal("0.01"))
    assert cpi.index(1000, cpi.current_price_year()) == 1000
    assert "03014" in cpi.DATA.read_text()


def test_a_scenario_that_never_breaks_even_says_so_in_sentences(client_for, veien):
    # The trial's extreme but valid inputs: "finner Samskap break-even ... i ikke innen
    # analyseperioden" and a bare "826 %" as the success rate that makes NPV zero.
    response = client_for("okonom").get(
        url(veien, other_cost_per_year="999 999 999", deadweight="99,5")
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert result.break_even_year_discounted is None
    page = response.content.decode()
    assert "i ikke innen analyseperioden" not in page
    assert "finner Samskap ingen break-even (diskontert, alle betalere) innen" in page
    assert result.switching_success_rate > 1
    assert "tiltaket lønner seg ikke selv om alle deltakerne lykkes" in page
    pdf = client_for("okonom").get(
        reverse("outside_account:pdf", args=[veien.pk])
        + "?other_cost_per_year=999+999+999&deadweight=99%2C5"
    )
    assert pdf.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    assert "i ikke innen" not in " ".join(text.split())
    assert "ingen break-even" in " ".join(text.split())


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_new_unit_cost_version_saves_with_the_values_the_page_offers(client_for, veien, language):
    """The trial: "Gjelder fra" was filled in as "1. desember 2026", and saving the page
    unchanged answered "Oppgi en gyldig dato.". Every value the page offers is one its
    form reads back; the date goes in as the date input reads it."""
    from django.utils import timezone

    client = client_for("okonom")
    client.cookies["django_language"] = language
    cost = UnitCost.objects.filter(target_group__key="neet", municipality=None).first()
    address = reverse("outside_account:unit_cost", args=[cost.pk])
    page = client.get(address, headers={"accept-language": language}).content.decode()
    field = page.split('id="id_effective_from"', 1)[1].split(">", 1)[0]
    assert 'type="date"' in page.split('name="effective_from"', 1)[0].rsplit("<input", 1)[1]
    assert f'value="{timezone.localdate().isoformat()}"' in field
    offered = {
        name: re.search(rf'name="{name}"[^>]* value="([^"]*)"', page).group(1)
        for name in ("amount", "price_year", "effective_from")
    }
    source = page.split('name="source"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0]
    before = UnitCost.objects.count()
    response = client.post(address, {**offered, "source": source})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert UnitCost.objects.count() == before + 1
