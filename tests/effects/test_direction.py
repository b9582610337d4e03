"""Indicators where lower is better (unpaid bills with target 0, police reports): "reached",
"target met", the change from the own baseline and the difference to the comparison group
read in the indicator's direction, on the page, in the PDF, in the Excel sheet and in the
outside account's counts; higher is better stays as it was. Bad input is refused in
Norwegian with nothing stored."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from openpyxl import load_workbook
from pypdf import PdfReader

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError
from samskap.effects import services
from samskap.effects.demo_data import BELONGING, BILLS, MASTERY, STEADY_BILLS
from samskap.effects.models import Indicator, Participant
from samskap.effects.report import (
    BETTER,
    MET,
    MISSED,
    UNCLEAR,
    WORSE,
    change_reading,
    evaluation_report,
    target_reading,
)
from samskap.effects.selectors import indicator_counts
from samskap.effects.statistics import Estimate

STEADY = "Stødig start"
VEIEN = "Veien til førerkortet"
FRITID = "Fritid for alle barn og unge"


def _update(indicator, **changes):
    fields = {
        "name": indicator.name,
        "kind": indicator.kind,
        "target": indicator.target,
        "baseline_value": indicator.baseline_value,
        "baseline_date": indicator.baseline_date,
        "measured_when": indicator.measured_when,
        "measured_how": indicator.measured_how,
        "recorded_by": indicator.recorded_by,
        **changes,
    }
    return services.indicator_update(acting_user=None, indicator=indicator, **fields)


def _indicator(subproject, name) -> Indicator:
    return Indicator.objects.get(goal__subproject=subproject, name=name)


def _row(subproject, name):
    return next(
        r for r in evaluation_report(subproject=subproject).rows if r.indicator.name == name
    )


@pytest.fixture
def bills(demo):
    """The demo's unpaid-bills indicator (lower is better) and its six values."""
    subproject = demo["subprojects"][STEADY]
    indicator = _indicator(subproject, BILLS)
    assert indicator.direction == "lower"
    values = sorted(indicator.outcomes.filter(is_current=True).values_list("value", flat=True))
    assert [f"{v:.0f}" for v in values] == sorted(STEADY_BILLS, key=int)
    return subproject, indicator


# -- reached and the outside account's counts ---------------------------------------------


def test_lower_is_better_counts_those_at_or_below_the_target(bills):
    subproject, _indicator = bills
    figures = _row(subproject, BILLS).participants
    assert (figures.n, figures.reached) == (6, 4)  # the four without unpaid bills


def test_the_same_values_read_higher_is_better_count_all_six(bills):
    subproject, indicator = bills
    _update(indicator, direction="higher")
    figures = _row(subproject, BILLS).participants
    assert (figures.n, figures.reached) == (6, 6)


def test_the_outside_accounts_counts_follow_the_direction(demo, bills):
    subproject, _indicator = bills
    counts = indicator_counts(user=demo["users"]["okonom"], subproject_id=subproject.pk)
    bill = next(count for count in counts if count.name == BILLS)
    assert (bill.n, bill.k, bill.direction) == (6, 4, "lower")


# -- change from the own baseline and the difference to the comparison group ---------------


def test_a_rise_on_a_scale_is_better_when_higher_is_better_and_worse_when_lower(demo):
    veien = demo["subprojects"][VEIEN]
    mastery = _indicator(veien, MASTERY)
    row = _row(veien, MASTERY).participants
    assert row.change.low > 0  # mastery rose for the cohort: +1.65
    assert row.change_reading == BETTER
    # The same rise on a scale where lower is better (say, worry) is a change for the worse.
    _update(mastery, direction="lower")
    assert _row(veien, MASTERY).participants.change_reading == WORSE


def test_the_difference_to_the_comparison_group_reads_in_the_direction(demo):
    fritid = demo["subprojects"][FRITID]
    belonging = _indicator(fritid, BELONGING)
    waiting = Participant.objects.filter(subproject=fritid, group="waiting_list")
    assert waiting.count() == 5
    for person in waiting:
        services.outcome_record(
            acting_user=None,
            participant=person,
            indicator=belonging,
            value="2",
            measured_on=timezone.localdate(),
            source="self_report",
        )
    row = _row(fritid, BELONGING)
    assert row.difference.low > 0  # the six feel they belong more than the waiting list
    assert row.difference_reading == BETTER
    _update(belonging, direction="lower")
    row = _row(fritid, BELONGING)
    assert row.difference.low > 0  # the figure itself does not change sign...
    assert row.difference_reading == WORSE  # ...but higher is now the wrong way


@pytest.mark.parametrize(
    ("low", "high", "higher", "lower"),
    [
        (0.5, 2.0, BETTER, WORSE),
        (-2.0, -0.5, WORSE, BETTER),  # a drop in police reports is an improvement
        (-0.5, 1.0, UNCLEAR, UNCLEAR),  # the interval spans 0: no reading
        (0.0, 1.0, UNCLEAR, UNCLEAR),  # touching 0 is not enough
        (0.0, 0.0, UNCLEAR, UNCLEAR),  # no change at all
    ],
)
def test_a_change_is_better_or_worse_only_when_the_whole_interval_says_so(low, high, higher, lower):
    estimate = Estimate((low + high) / 2, low, high)
    assert change_reading(estimate, "higher") == higher
    assert change_reading(estimate, "lower") == lower
    assert change_reading(None, "lower") is None


@pytest.mark.parametrize(
    ("kind", "target", "direction", "low", "high", "expected"),
    [
        ("achieved", "80", "higher", 0.8389, 1.0, MET),  # 20 of 20 licences, Wilson
        ("achieved", "60", "higher", 0.5840, 0.9193, UNCLEAR),  # 16 of 20 in work
        ("achieved", "95", "higher", 0.5840, 0.9193, MISSED),
        ("count", "0", "lower", 0.0, 0.0, MET),  # no police report for anyone: on target
        ("count", "1", "lower", 0.2, 0.8, MET),
        ("count", "1", "lower", 0.6, 1.4, UNCLEAR),
        ("count", "1", "lower", 1.2, 2.5, MISSED),
        ("count", "1", "higher", 1.2, 2.5, MET),
        ("amount", "0", "lower", -242.0, 808.0, UNCLEAR),
    ],
)
def test_target_met_reads_the_whole_interval_in_the_direction(
    kind, target, direction, low, high, expected
):
    indicator = Indicator(kind=kind, target=target, direction=direction)
    assert target_reading(indicator, Estimate((low + high) / 2, low, high)) == expected


def test_licences_meet_their_target_and_the_report_says_yes(demo, client_for):
    veien = demo["subprojects"][VEIEN]
    assert _row(veien, "Bestått førerprøve klasse B").participants.target == MET
    assert _row(veien, "I arbeid eller utdanning seks måneder etter start").participants.target == (
        UNCLEAR
    )


# -- what staff see ---------------------------------------------------------------------------


def _pdf_text(response) -> str:
    """The PDF's words, one space between them (its table cells wrap lines)."""
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def _shown(cell) -> str:
    """A cell as a spreadsheet shows it: kroner are numbers with a format such as
    '"høyst "#,##0" kr"' (read here as "høyst 0 kr")."""
    if isinstance(cell.value, int | float) and cell.number_format.endswith('" kr"'):
        prefix = cell.number_format.split("#", 1)[0].strip('"')
        return f"{prefix}{cell.value:,.0f}".replace(",", "\xa0") + " kr"
    return str(cell.value)


def _cells(response) -> list[str]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [_shown(cell) for row in sheet.iter_rows() for cell in row if cell.value is not None]


def test_page_pdf_and_excel_show_the_direction_and_its_count(client_for, bills):
    subproject, _indicator = bills
    client = client_for("leder")
    page = client.get(reverse("effects:report", args=[subproject.pk])).content.decode()
    assert "høyst 0\u00a0kr" in page and "4 av 6" in page and "Lavere er bedre" in page
    text = _pdf_text(client.get(reverse("effects:report_pdf", args=[subproject.pk])))
    assert "høyst 0 kr" in text and "4 av 6" in text
    cells = _cells(client.get(reverse("effects:report_xlsx", args=[subproject.pk])))
    assert "høyst 0 kr" in cells and "4 av 6" in cells


def test_the_readings_are_shown_in_norwegian_on_page_pdf_and_excel(demo, client_for):
    veien = demo["subprojects"][VEIEN]
    _update(_indicator(veien, MASTERY), direction="lower")
    client = client_for("leder")
    page = client.get(reverse("effects:report", args=[veien.pk])).content.decode()
    assert "Målet nådd" in page
    # Mastery rose (+1,6 or +1,7 with its interval), and lower is now better.
    assert re.search(r"\+1,\d \(\d,\d–\d,\d\): verre", page)
    text = _pdf_text(client.get(reverse("effects:report_pdf", args=[veien.pk])))
    assert "verre" in text
    cells = _cells(client.get(reverse("effects:report_xlsx", args=[veien.pk])))
    assert "Målet nådd" in cells and "verre" in cells and "ja" in cells


def test_the_goals_page_shows_the_direction(client_for, bills):
    subproject, _indicator = bills
    page = client_for("leder").get(reverse("effects:goals", args=[subproject.pk])).content
    assert "høyst 0&nbsp;kr" in page.decode()
    assert "lavere er bedre" in page.decode()


# -- the form and the services ------------------------------------------------------------


def _form(**overrides) -> dict:
    return {
        "name": "Nye politianmeldelser",
        "kind": "count",
        "target": "0",
        "direction": "lower",
        "baseline_value": "",
        "baseline_date": "",
        "measured_when": "Hvert halvår",
        "measured_how": "Registeroppslag",
        "recorded_by": "team",
        **overrides,
    }


def test_a_count_where_lower_is_better_is_created_from_the_page(client_for, bills):
    _subproject, indicator = bills
    response = client_for("leder").post(
        reverse("effects:indicator_create", args=[indicator.goal_id]), _form()
    )
    assert response.status_code == 302
    created = indicator.goal.indicators.get(name="Nye politianmeldelser")
    assert created.direction == "lower"
    record = AuditRecord.objects.filter(action="indicator.create").latest("pk")
    assert record.new_values["direction"] == "lower"


def test_the_direction_is_chosen_not_assumed(client_for, bills):
    _subproject, indicator = bills
    client = client_for("leder")
    url = reverse("effects:indicator_create", args=[indicator.goal_id])
    page = client.get(url).content.decode()
    select = page.split('name="direction"')[1].split("</select>")[0]
    assert '<option value="" selected>Velg …</option>' in select.replace("\n", "")
    response = client.post(url, _form(direction=""))
    assert response.status_code == 400
    assert not indicator.goal.indicators.filter(name="Nye politianmeldelser").exists()


def test_the_edit_page_keeps_the_indicators_direction(client_for, bills):
    _subproject, indicator = bills
    page = client_for("leder").get(reverse("effects:indicator", args=[indicator.pk]))
    select = page.content.decode().split('name="direction"')[1].split("</select>")[0]
    assert '<option value="lower" selected>' in select


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": "achieved", "target": "10"}, "ja er målet"),
        ({"direction": "sideways"}, "Velg et gyldig valg"),
    ],
)
def test_bad_directions_are_refused_on_the_page(client_for, bills, overrides, message):
    _subproject, indicator = bills
    response = client_for("leder").post(
        reverse("effects:indicator_create", args=[indicator.goal_id]), _form(**overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not indicator.goal.indicators.filter(name="Nye politianmeldelser").exists()


def test_a_yes_no_indicator_cannot_be_lower_is_better(bills):
    _subproject, indicator = bills
    with override("nb"), pytest.raises(DomainError, match="ja er målet") as refused:
        services.indicator_create(
            acting_user=None,
            goal=indicator.goal,
            name="Ny anmeldelse",
            kind="achieved",
            target="10",
            direction="lower",
            measured_when="Hvert halvår",
            measured_how="Register",
            recorded_by="team",
        )
    assert refused.value.field == "direction"
    assert not Indicator.objects.filter(name="Ny anmeldelse").exists()


@pytest.mark.parametrize("direction", ["sideways", "", "LOWER", 1])
def test_an_unknown_direction_is_refused(bills, direction):
    _subproject, indicator = bills
    with override("nb"), pytest.raises(DomainError, match="Velg retning"):
        _update(indicator, direction=direction)
    indicator.refresh_from_db()
    assert indicator.direction == "lower"


def test_an_update_without_a_direction_keeps_it(bills):
    _subproject, indicator = bills
    _update(indicator, measured_when="Hver måned")
    indicator.refresh_from_db()
    assert (indicator.direction, indicator.measured_when) == ("lower", "Hver måned")


def test_a_new_indicator_without_a_direction_is_higher_is_better(bills):
    _subproject, indicator = bills
    created = services.indicator_create(
        acting_user=None,
        goal=indicator.goal,
        name="Antall kurs",
        kind="count",
        target="2",
        measured_when="Hvert halvår",
        measured_how="Samtale",
        recorded_by="team",
    )
    assert created.direction == "higher"
