"""The evaluation report as a PDF (WeasyPrint) and an Excel sheet (openpyxl), built from
the same text as the page (display.py), so the three never disagree."""

from io import BytesIO

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from samskap.core.pdf import html_to_pdf
from samskap.effects import display
from samskap.effects.models import IndicatorDirection, IndicatorKind
from samskap.effects.report import EvaluationReport


def report_context(report: EvaluationReport) -> dict:
    return {
        "report": report,
        "lines": display.lines(report),
        "perceived": display.perceived_lines(report),
        "participants": display.count_text(report.participant_count),
        "comparison_count": display.count_text(report.comparison_count),
        "family_members": display.count_text(report.family_member_count),
        "spent": display.kroner(report.spent),
        "cost_per_participant": display.kroner(report.cost_per_participant),
        "fewer_than_5": display.fewer_than_5(),
        "goal_money": display.goal_money_lines(report),
    }


def report_pdf(report: EvaluationReport) -> bytes:
    return html_to_pdf(render_to_string("effects/report_print.html", report_context(report)))


def report_xlsx(report: EvaluationReport) -> bytes:
    """The report as a workbook: bokmål headers and labels whatever the reader's language
    (the file goes to other systems and people)."""
    with translation.override("nb"):
        return _report_xlsx(report)


# Kroner in the sheet are numbers with a number format, so they add up in a spreadsheet
# and still read "1 200 kr" (Excel groups with the reader's own separator).
KRONER_FORMAT = '#,##0" kr"'


def _kroner_cell(sheet, row: int, column: int, amount) -> None:
    """Write `amount` (Decimal or float) as a number in kroner at (row, column); None
    (suppressed) stays the text "fewer than 5"."""
    cell = sheet.cell(row=row, column=column)
    if amount is None:
        cell.value = display.fewer_than_5()
        return
    cell.value = round(float(amount))
    cell.number_format = KRONER_FORMAT


def _count(text):
    """A shown count ("20", "1 234") as a whole number a spreadsheet can add up; any other
    text ("fewer than 5", "–") as it is."""
    if isinstance(text, str):
        digits = text.replace("\u00a0", "").replace(" ", "")
        if digits.isascii() and digits.isdigit():
            return int(digits)
    return text


def _amount_row(sheet, row: int, last: int, line_row, report: EvaluationReport) -> None:
    """The kroner of one indicator row as numbers: the target and the mean of an amount
    indicator, and the money per outcome reached (column `last`)."""
    indicator = line_row.indicator
    if indicator.kind == IndicatorKind.AMOUNT:
        target = sheet.cell(row=row, column=4)
        target.value = round(float(indicator.target))
        target.number_format = (
            f'"{_("at most")} "{KRONER_FORMAT}'
            if indicator.direction == IndicatorDirection.LOWER
            else KRONER_FORMAT
        )
        figures = line_row.participants
        if figures.estimate is not None and not figures.suppressed:
            _kroner_cell(sheet, row, 7, figures.estimate.value)
    if line_row.participants.reached is not None and report.spent:
        _kroner_cell(sheet, row, last, line_row.cost_per_reached)


def _report_xlsx(report: EvaluationReport) -> bytes:
    context = report_context(report)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Evaluation")[:31]
    sheet.append([_("%(name)s: evaluation") % {"name": report.subproject.name}])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Period"), f"{report.starts_on:%d.%m.%Y}–{report.ends_on:%d.%m.%Y}"])
    sheet.append([_("Participants"), _count(context["participants"])])
    if report.family_member_count:
        sheet.append([_("Family members taking part"), _count(context["family_members"])])
    if report.comparison_label:
        sheet.append([str(report.comparison_label), _count(context["comparison_count"])])
    sheet.append([_("Money paid out in the period")])
    _kroner_cell(sheet, sheet.max_row, 2, report.spent)
    sheet.append([_("Per participant")])
    _kroner_cell(sheet, sheet.max_row, 2, report.cost_per_participant)
    sheet.append([])
    header = [
        _("Effect goal"),
        _("Indicator"),
        _("Kind"),
        _("Target"),
        _("Baseline"),
        "n",
        _("Achieved"),
        _("95 % interval"),
        _("Reached the target"),
        _("Target met"),
        _("Change from own baseline"),
        _("95 % interval of the change"),
        _("The change is"),
    ]
    if report.comparison_label:
        header += [
            _("Comparison n"),
            _("Comparison"),
            _("Difference"),
            _("95 % interval of the difference"),
            _("The difference is"),
        ]
    header.append(_("Money per outcome reached"))
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for line_row, line in zip(report.rows, context["lines"], strict=True):
        row = [
            line.goal,
            line.name,
            line.kind,
            line.target,
            line.baseline,
            _count(line.ours.n),
            line.ours.value,
            line.ours.interval,
            line.ours.reached,
            line.ours.target_met,
            line.ours.change,
            line.ours.change_interval,
            line.ours.change_reading,
        ]
        if report.comparison_label:
            theirs = line.theirs
            row += [
                _count(theirs.n),
                theirs.value,
                line.difference,
                line.difference_interval,
                line.difference_reading,
            ]
        row.append(line.cost_per_reached)
        sheet.append(row)
        _amount_row(sheet, sheet.max_row, len(row), line_row, report)
    sheet.append([])
    sheet.append([_("Effect goal"), _("Decisions naming it"), _("Paid out for them")])
    for money, (goal, decisions, _paid) in zip(
        report.goal_money, context["goal_money"], strict=True
    ):
        if money.suppressed:
            sheet.append([goal, _count(decisions), display.fewer_than_5()])
        else:
            sheet.append([goal, money.decisions])
            _kroner_cell(sheet, sheet.max_row, 3, money.paid)
    sheet.append([])
    sheet.append([_("Perceived effect: how much did it help (1–5)")])
    if context["perceived"]:
        sheet.append([_("Answers in the period"), report.perceived.answered])
    for value, count in context["perceived"]:
        sheet.append([value, _count(count)])
    sheet.append([])
    sheet.append([_("Every figure about fewer than 5 people is shown as “fewer than 5”.")])
    for column in "ABCDEFGHIJKLMNOP":
        sheet.column_dimensions[column].width = 22
    output = BytesIO()
    book.save(output)
    return output.getvalue()
