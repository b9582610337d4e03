"""Excel and PDF of a sub-project's outside account: the same numbers as the page."""

from io import BytesIO
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from samskap.core.pdf import html_to_pdf

PDF_CSS = Path(__file__).with_name("data") / "pdf.css"


def _sheet(workbook, title, header, rows):
    sheet = workbook.create_sheet(title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for index, _cell in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    sheet.freeze_panes = "A2"
    return sheet


def _r(value):
    return None if value is None else round(float(value), 2)


def workbook_bytes(context) -> bytes:
    """Sheets: summary, per payer, years, sensitivity, Monte Carlo, sources."""
    result = context["result"]
    computed = context["computed"]
    workbook = Workbook()
    workbook.remove(workbook.active)
    summary = [
        [_("Sub-project"), context["subproject"].name],
        [_("Net present value"), _r(result.npv)],
        [_("Per participant"), _r(result.npv_per_participant)],
        [_("Benefit/cost ratio"), _r(result.bcr)],
        [_("Break-even year, discounted"), context["break_even_discounted"]],
        [_("Break-even year, undiscounted"), context["break_even_undiscounted"]],
        [
            _("Success rate at which the net present value is zero"),
            _r(result.switching_success_rate),
        ],
        [_("Participants (N)"), computed.scenario.participants],
        [_("Successes (k)"), computed.scenario.successes],
        [_("Price year"), computed.price_year],
        [_("Price index"), context["cpi_label"]],
    ]
    if context.get("thesis"):
        summary.append([_("Thesis break-even year"), context["thesis"]["year"]])
    _sheet(workbook, _("Summary"), [_("What"), _("Value")], summary)
    _sheet(
        workbook,
        _("Per payer"),
        [
            _("Payer"),
            _("Costs (PV)"),
            _("Avoided costs (PV)"),
            _("Net present value"),
            _("Break-even, discounted"),
            _("Break-even, undiscounted"),
            _("In plain words"),
        ],
        [
            [
                p["label"],
                _r(p["result"].pv_costs),
                _r(p["result"].pv_benefits),
                _r(p["result"].npv),
                p["discounted"],
                p["undiscounted"],
                p["sentence"],
            ]
            for p in context["payers"]
        ],
    )
    _sheet(
        workbook,
        _("Years"),
        [
            _("Year"),
            _("Costs"),
            _("Avoided costs"),
            _("Net"),
            *[
                _("Cumulative PV, %(payer)s") % {"payer": label}
                for label in context["payer_labels"]
            ],
            _("Cumulative PV, total"),
            _("Cumulative, undiscounted"),
        ],
        [
            [
                row["year"],
                _r(row["costs"]),
                _r(row["benefits"]),
                _r(row["net"]),
                *[_r(v) for v in row["by_payer"]],
                _r(row["total"]),
                _r(row["total_plain"]),
            ]
            for row in context["rows"]
        ],
    )
    _sheet(
        workbook,
        _("Sensitivity"),
        [_("Parameter"), _("Low"), _("High"), _("NPV at low"), _("NPV at high")],
        [
            [
                item["label"],
                item["row"].low,
                item["row"].high,
                _r(item["row"].npv_low),
                _r(item["row"].npv_high),
            ]
            for item in context["sensitivity"]
        ],
    )
    mc = context["mc"]
    pct = context["mc_percentiles"]
    _sheet(
        workbook,
        _("Monte Carlo"),
        [_("What"), _("Value")],
        [
            [_("Draws"), mc.draws],
            [_("Seed"), mc.seed],
            ["P5", _r(pct[5])],
            [_("Median"), _r(pct[50])],
            ["P95", _r(pct[95])],
            [
                _("Probability that the measure pays off within the horizon"),
                _r(mc.probability_pays_off),
            ],
            *[
                [str(year) if year is not None else _("not within the horizon"), count]
                for year, count in context["mc_histogram"]
            ],
        ],
    )
    _sheet(
        workbook,
        _("Sources"),
        [_("Category"), _("Payer"), _("Amount"), _("Price year"), _("Version"), _("Source")],
        [
            [
                c.get_category_display(),
                c.get_payer_display(),
                _r(c.amount),
                c.price_year,
                c.version,
                c.source,
            ]
            for c in context["unit_costs"]
        ],
    )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pdf_bytes(request, context) -> bytes:
    """The page's result as a PDF (portrait A4; nothing is fetched: `core.pdf`)."""
    html = render_to_string("outside_account/pdf.html", context, request=request)
    return html_to_pdf(html, css=PDF_CSS.read_text(encoding="utf-8"))
