"""How the evaluation report shows its figures (issue #11, new-user trial):

- the amount indicator "Ubetalte regninger (kr)" of "Stødig start" showed the t interval
  "-232,6–799,2" with no "kr": an interval stays within what the quantity can take
  (amounts and counts never below 0, a scale 1–5, a share 0–100 %) and kroner read as
  kroner on the page, in the PDF and in Excel (numbers with a number format);
- a count's target showed as "1,0": counts are whole where they are whole;
- a goal no decision names showed "0 · 0 kr" beside goals shown as "færre enn 5": money and
  counts per goal follow core.disclosure's one rule, zero included.
"""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import override
from openpyxl import load_workbook
from pypdf import PdfReader

from samskap.effects import display, statistics
from samskap.effects.exports import KRONER_FORMAT
from samskap.effects.models import Goal, IndicatorKind
from samskap.effects.report import CHANGE_BOUNDS, VALUE_BOUNDS, evaluation_report
from samskap.effects.selectors import GoalMoney, _protect, money_per_goal

STEADY = "Stødig start"
BILLS = "Ubetalte regninger (kr)"
REFUGEES = "Flyktningefamilien i sentrum"
PARENTS = "Antall foreldre i arbeid eller kvalifisering"
VEIEN = "Veien til førerkortet"


def _line(report, name):
    return next(line for line in display.lines(report) if line.name == name)


# --- intervals within the natural range ------------------------------------------------


def test_the_unpaid_bills_interval_no_longer_runs_below_0_kr(demo):
    """The quoted case: bills 0, 0, 0, 0, 500, 1200 kr: mean 283 kr, t interval -232,6 to
    799,2, cut to 0–799 kr."""
    report = evaluation_report(subproject=demo["subprojects"][STEADY])
    row = next(row for row in report.rows if row.indicator.name == BILLS)
    assert row.participants.estimate.low == 0.0
    assert row.participants.estimate.high == pytest.approx(799.2, abs=0.1)
    with override("nb"):
        line = _line(report, BILLS)
    assert line.ours.value == "283\u00a0kr"
    assert line.ours.interval == "0–799\u00a0kr"
    assert line.target == "høyst 0\u00a0kr"


# Values chosen so the plain t interval leaves the range on one side.
EDGES = {
    IndicatorKind.COUNT: [0, 0, 0, 0, 0, 4],
    IndicatorKind.AMOUNT: [0, 0, 0, 0, 0, 9000],
    IndicatorKind.SCALE: [1, 1, 1, 1, 1, 5],
}


@pytest.mark.parametrize("kind", list(EDGES))
def test_every_kind_keeps_its_interval_within_its_range(kind):
    lowest, highest = VALUE_BOUNDS[kind]
    values = [float(v) for v in EDGES[kind]]
    raw = statistics.mean(values)
    assert raw.low < lowest  # the plain t interval leaves the range
    cut = statistics.mean(values, VALUE_BOUNDS[kind])
    assert cut.low == lowest and cut.high == raw.high and cut.value == raw.value
    top = statistics.mean([6 - v for v in values], (1.0, 5.0))  # a scale near its top
    if kind == IndicatorKind.SCALE:
        assert top.high == 5.0 and top.low >= 1.0
    assert highest is None or cut.high <= highest


def test_a_scale_change_and_a_share_stay_within_their_range():
    before, after = [1.0] * 5 + [5.0], [5.0] * 5 + [1.0]  # five up by 4, one down by 4
    change = statistics.paired_change(before, after, CHANGE_BOUNDS[IndicatorKind.SCALE])
    assert -4.0 <= change.low <= change.high <= 4.0
    assert change.high == 4.0  # the plain t interval runs above +4
    share = statistics.proportion(20, 20)
    assert 0.0 <= share.low <= share.high <= 1.0


# --- counts are whole, amounts are kroner everywhere -----------------------------------


def test_a_count_shows_its_target_and_baseline_whole_and_its_mean_with_one_decimal(demo):
    report = evaluation_report(subproject=demo["subprojects"][REFUGEES])
    with override("nb"):
        line = _line(report, PARENTS)
    assert line.target == "1"
    assert line.baseline.startswith("0 (")
    assert "," in line.ours.value  # a mean keeps one decimal
    assert not line.ours.interval.startswith("-")
    with override("nb"):
        assert display.count_number(Decimal("2")) == "2"
        assert display.count_number(Decimal("2.5")) == "2,5"
        assert display.indicator_value(IndicatorKind.COUNT, Decimal("12000")) == "12\xa0000"


def test_the_page_and_the_pdf_show_the_bills_in_kroner(client_for, demo):
    subproject = demo["subprojects"][STEADY]
    page = client_for("leder").get(reverse("effects:report", args=[subproject.pk]))
    html = page.content.decode()
    assert "<td>0–799\u00a0kr</td>" in html and "<td>283\u00a0kr</td>" in html
    assert "-232" not in html
    pdf = client_for("leder").get(reverse("effects:report_pdf", args=[subproject.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "0–799\u00a0kr" in text and "283\u00a0kr" in text
    assert "-232" not in text


def test_the_excel_sheet_holds_kroner_as_numbers_with_a_kroner_format(client_for, demo):
    subproject = demo["subprojects"][STEADY]
    response = client_for("okonom").get(reverse("effects:report_xlsx", args=[subproject.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    # The title is translated (the trial found "…: evaluation": an f-string's gettext call
    # never reached the catalogue).
    assert sheet["A1"].value == f"{subproject.name}: evaluering"
    rows = {row[1].value: row for row in sheet.iter_rows() if len(row) > 8 and row[1].value}
    bills = rows[BILLS]
    assert bills[3].value == 0 and bills[3].number_format.endswith(KRONER_FORMAT)
    assert "høyst" in bills[3].number_format
    assert bills[6].value == 283 and bills[6].number_format == KRONER_FORMAT
    assert bills[7].value == "0–799\u00a0kr"
    spent = next(row for row in sheet.iter_rows() if row[0].value == "Utbetalt i perioden")
    assert isinstance(spent[1].value, int | float) and spent[1].number_format == KRONER_FORMAT
    assert not any(
        isinstance(cell.value, str) and "-232" in cell.value
        for row in sheet.iter_rows()
        for cell in row
    )


# --- money per goal: one suppression rule ---------------------------------------------


def test_a_goal_no_decision_names_is_not_shown_as_0_beside_hidden_goals(client_for, demo):
    """Veien's licence goal has fewer than 5 decisions ("færre enn 5"); the crime goal
    none, which showed "0 · 0 kr" beside it."""
    subproject = demo["subprojects"][VEIEN]
    money = {item.title: item for item in money_per_goal(subproject=subproject)}
    crime = money["Deltakerne holder seg unna kriminalitet"]
    assert crime.decisions == 0 and crime.suppressed
    with override("nb"):
        report = evaluation_report(subproject=subproject)
        lines = {goal: rest for goal, *rest in display.goal_money_lines(report)}
    assert lines["Deltakerne holder seg unna kriminalitet"] == ["færre enn 5", "færre enn 5"]
    assert all(rest == ["færre enn 5", "færre enn 5"] for rest in lines.values())
    report_page = client_for("leder").get(reverse("effects:report", args=[subproject.pk]))
    html = report_page.content.decode()
    table = html[html.index('id="goal-money-table"') :]
    table = table[: table.index("</table>")]
    assert "Deltakerne holder seg unna kriminalitet" in table
    assert "<td>0\u00a0kr</td>" not in table and "<td>0</td>" not in table
    assert table.count("<td>færre enn 5</td>") == 2 * len(lines)
    goals_page = client_for("leder").get(reverse("effects:goals", args=[subproject.pk]))
    html = goals_page.content.decode()
    assert "Vedtak som viser til målet: 0 " not in html and ": 0\u00a0kr" not in html
    assert html.count('data-testid="goal-money"') == len(lines)


def test_a_shown_goal_beside_a_few_hidden_decisions_is_hidden_too():
    """Goals of 3, 6 and 8 decisions: the 3 are hidden, and the total paid for named goals
    less the 6 and the 8 would give them back, so the smallest shown (6) is hidden too."""
    money = [
        GoalMoney(goal_id=1, title="a", decisions=3, paid=Decimal("9000")),
        GoalMoney(goal_id=2, title="b", decisions=6, paid=Decimal("20000")),
        GoalMoney(goal_id=3, title="c", decisions=8, paid=Decimal("30000")),
        GoalMoney(goal_id=4, title="d", decisions=0, paid=Decimal("0")),
    ]
    shown = [item.title for item in _protect(money) if not item.suppressed]
    assert shown == ["c"]
    # Five or more hidden together need no more hiding.
    money[0] = GoalMoney(goal_id=1, title="a", decisions=5, paid=Decimal("9000"))
    assert [item.title for item in _protect(money) if not item.suppressed] == ["a", "b", "c"]


def test_the_programme_goals_page_hides_a_goal_with_no_decisions(client_for, demo):
    agreement = demo["agreement"]
    assert Goal.objects.filter(agreement=agreement, subproject__isnull=True).exists()
    html = client_for("okonom").get(reverse("effects:programme_goals", args=[agreement.pk]))
    text = html.content.decode()
    assert "Utbetalt for dem: 0\u00a0kr" not in text


def test_the_excel_sheet_holds_counts_as_numbers(client_for, demo):
    """The trial: participants, n and the perceived-effect counts were text ('20'), and
    the sheet lacked the number of answers the page and the PDF show."""
    subproject = demo["subprojects"]["Veien til førerkortet"]
    response = client_for("okonom").get(reverse("effects:report_xlsx", args=[subproject.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    first = {row[0].value: row[1].value for row in sheet.iter_rows() if row[0].value}
    assert first["Deltakere"] == 20
    header = next(row for row in sheet.iter_rows() if row[5].value == "n")
    n_column = [row[5].value for row in sheet.iter_rows(min_row=header[0].row + 1) if row[1].value]
    assert 20 in n_column
    assert not any(isinstance(value, str) and value.isdigit() for value in n_column)
    assert all(
        not (isinstance(cell.value, str) and cell.value.strip().isdigit())
        for row in sheet.iter_rows()
        for cell in row[1:]
    )
