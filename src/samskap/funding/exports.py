"""Exports of the pot: an Excel workbook (one sheet per view) and an accounting CSV.

The CSV carries KOSTRA *art* and *funksjon* codes per posting type. The defaults below
are illustrative; a municipality sets its own in settings.SAMSKAP_KOSTRA_CODES, e.g.
{"payment": {"art": "470", "funksjon": "242"}}.
"""

import csv
import io
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from samskap.funding import reports
from samskap.funding.models import (
    AccountKind,
    Direction,
    Leg,
    ProgrammeAgreement,
    TransactionKind,
)

PAYMENT_RETURN = "payment_return"
# Postings that only move money inside the pot carry no ERP art unless configured.
DEFAULT_KOSTRA_CODES = {
    TransactionKind.RECEIPT: {"art": "810", "funksjon": "242"},
    TransactionKind.PAYMENT: {"art": "470", "funksjon": "242"},
    # A cancelled decision only frees a reservation; a payment the bank sent back
    # corrects an expense, so the two get their own posting types.
    TransactionKind.RELEASE: {"art": "", "funksjon": "242"},
    PAYMENT_RETURN: {"art": "470", "funksjon": "242"},
    TransactionKind.RETURN: {"art": "400", "funksjon": "242"},
    TransactionKind.ALLOCATION: {"art": "", "funksjon": "242"},
    TransactionKind.REALLOCATION: {"art": "", "funksjon": "242"},
    TransactionKind.COMMITMENT: {"art": "", "funksjon": "242"},
    TransactionKind.CARRY_OVER: {"art": "", "funksjon": "242"},
}
# The CSV's codes are bokmål words, the same whatever the reader's language: an ERP import
# maps them. The CSV keeps one plain header row (an ERP reads line 1 as the column names,
# so it carries no comment lines); the workbook's sheet "Koder" and docs/ledger.md are the
# legend. Settings (SAMSKAP_KOSTRA_CODES) stay keyed by the internal kind.
POSTING_TYPE_CODES = {
    TransactionKind.RECEIPT: "mottak",
    TransactionKind.ALLOCATION: "fordeling",
    TransactionKind.REALLOCATION: "omfordeling",
    TransactionKind.COMMITMENT: "forpliktelse",
    TransactionKind.PAYMENT: "utbetaling",
    TransactionKind.RELEASE: "frigjoring",
    PAYMENT_RETURN: "retur_fra_bank",
    TransactionKind.CARRY_OVER: "overforing",
    TransactionKind.RETURN: "tilbakebetaling",
    TransactionKind.LATE_RETURN: "retur_etter_avslutning",
}
POSTING_TYPE_MEANINGS = {
    TransactionKind.RECEIPT: gettext_lazy("Money received from a grant scheme into the pot"),
    TransactionKind.ALLOCATION: gettext_lazy("The pot allocated to a sub-project's budget"),
    TransactionKind.REALLOCATION: gettext_lazy("Budget moved between sub-projects"),
    TransactionKind.COMMITMENT: gettext_lazy("Money committed by a support decision"),
    TransactionKind.PAYMENT: gettext_lazy("Payout written to a bank file"),
    TransactionKind.RELEASE: gettext_lazy("A cancelled decision frees its committed money"),
    PAYMENT_RETURN: gettext_lazy("A payout the bank sent back (corrects the expense)"),
    TransactionKind.CARRY_OVER: gettext_lazy("Unspent budget carried over to the next year"),
    TransactionKind.RETURN: gettext_lazy("Unspent money returned to the state"),
    TransactionKind.LATE_RETURN: gettext_lazy("A payout returned after the period was closed"),
}
ACCOUNT_CODES = {
    AccountKind.INCOME: "inntekt",
    AccountKind.POT: "pott",
    AccountKind.BUDGET: "budsjett",
    AccountKind.COMMITTED: "forpliktet",
    AccountKind.PAID: "utbetalt",
    AccountKind.RETURNED: "tilbakebetalt",
}
MONEY_FORMAT = "#,##0.00"
CSV_HEADER = [
    "bilagsdato",
    "bilag",
    "posteringstype",
    "konto",
    "art",
    "funksjon",
    "prosjekt",
    "ordning",
    "aar",
    "debet",
    "kredit",
    "tekst",
]


def kostra_codes(kind: str) -> dict[str, str]:
    configured = getattr(settings, "SAMSKAP_KOSTRA_CODES", {})
    return (
        {"art": "", "funksjon": ""} | DEFAULT_KOSTRA_CODES.get(kind, {}) | configured.get(kind, {})
    )


def _legs(agreement: ProgrammeAgreement):
    return (
        Leg.objects.filter(transaction__agreement=agreement)
        .select_related(
            "transaction__reverses", "account__scheme", "account__subproject", "transaction"
        )
        .order_by("transaction__booked_on", "transaction_id", "pk")
    )


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_text(value: str) -> str:
    """Free text that a spreadsheet will show, never run (CSV/formula injection)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _posting_type(leg: Leg, paid_back: set[int]) -> str:
    """A reversal is booked under the codes of what it reverses; a release of paid money
    (a payment the bank sent back) under its own."""
    txn = leg.transaction
    kind = txn.reverses.kind if txn.reverses_id else txn.kind
    if kind == TransactionKind.RELEASE and (txn.reverses_id or txn.pk) in paid_back:
        return PAYMENT_RETURN
    return kind


def accounting_csv(*, agreement: ProgrammeAgreement) -> bytes:
    """One line per leg; debit and credit in kroner with a decimal comma, `;`-separated.
    All bokmål whatever the reader's language: the file goes to the municipality's ERP."""
    with translation.override("nb"):
        return _accounting_csv(agreement)


def _accounting_csv(agreement: ProgrammeAgreement) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    legs = list(_legs(agreement))
    paid_back = {
        leg.transaction_id
        for leg in legs
        if leg.transaction.kind == TransactionKind.RELEASE
        and leg.account.kind == AccountKind.PAID
        and leg.direction == Direction.CREDIT
    }
    for leg in legs:
        txn, account = leg.transaction, leg.account
        posting_type = _posting_type(leg, paid_back)
        codes = kostra_codes(posting_type)
        amount = f"{leg.amount:.2f}".replace(".", ",")
        writer.writerow(
            [
                txn.booked_on.isoformat(),
                txn.pk,
                POSTING_TYPE_CODES.get(posting_type, posting_type),
                ACCOUNT_CODES.get(account.kind, account.kind),
                codes["art"],
                codes["funksjon"],
                inert_text(account.subproject.name) if account.subproject_id else "",
                account.scheme.budget_line,
                account.year or "",
                amount if leg.direction == Direction.DEBIT else "",
                amount if leg.direction == Direction.CREDIT else "",
                inert_text(txn.reason_text),
            ]
        )
    # A byte-order mark so Excel and most ERPs read æøå right.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet(workbook, title: str, header: list[str], rows: list[list]):
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # Row numbers are counted here: openpyxl's max_row scans every cell, so asking it
    # after each append made the workbook quadratic in its rows.
    for number, row in enumerate(rows, start=2):
        sheet.append(row)
        for cell in sheet[number]:
            if isinstance(cell.value, Decimal):
                cell.number_format = MONEY_FORMAT
            elif isinstance(cell.value, str) and cell.data_type == "f":
                cell.data_type = "s"  # text typed by users is shown, never run as a formula
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    sheet.freeze_panes = "A2"
    return sheet


def workbook_bytes(*, agreement: ProgrammeAgreement) -> bytes:
    """Sheets: the pot, what each scheme put in, the per-scheme report, the burn-down, every
    posting. Every money column holds one kind of figure, so a column sum means something.
    Sheet names, headers and Samskap's texts are bokmål whatever the reader's language:
    the file is read by other systems and people, like the CSV."""
    with translation.override("nb"):
        return _workbook_bytes(agreement)


def _workbook_bytes(agreement: ProgrammeAgreement) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    overview = reports.pot_overview(agreement=agreement)
    money = [_("Allocated"), _("Committed"), _("Paid"), _("Remaining")]

    def figures(cell):
        return [cell.allocated, cell.committed, cell.paid, cell.remaining]

    rows = [
        [row.subproject.name, cell.year, *figures(cell)]
        for row in overview.rows
        for cell in row.years
    ]
    rows.append([_("Total sub-projects"), None, *figures(overview.total)])
    _sheet(workbook, _("Pot"), [_("Sub-project"), _("Year"), *money], rows)

    sections = reports.scheme_report(agreement=agreement)
    sources = [
        [
            section.scheme.name,
            section.scheme.budget_line,
            section.received,
            section.unallocated,
            section.returned,
        ]
        for section in sections
    ]
    sources.append([_("Total"), None, overview.received, overview.unallocated, overview.returned])
    source_header = [
        _("Grant scheme"),
        _("Budget chapter/post"),
        _("Received"),
        _("Not allocated (in the pot)"),
        _("Returned to the state"),
    ]
    _sheet(workbook, _("Sources"), source_header, sources)

    rows = []
    for section in sections:
        line = [section.scheme.name, section.scheme.budget_line]
        for subproject, cell in section.rows:
            rows.append([*line, subproject.name, cell.year, *figures(cell)])
        rows.append([*line, _("Total"), None, *figures(section.total)])
    header = [_("Grant scheme"), _("Budget chapter/post"), _("Sub-project"), _("Year"), *money]
    _sheet(workbook, _("Per scheme"), header, rows)

    burn = reports.burn_down(agreement=agreement)
    rows = [
        [point.month, point.left, _("forecast") if point.forecast else _("actual")]
        for point in burn.points
    ]
    sheet = _sheet(workbook, _("Burn-down"), [_("Month"), _("Left in the pot"), _("Kind")], rows)
    for cell in sheet["A"][1:]:
        cell.number_format = "mm.yyyy"

    rows = [
        [
            leg.transaction.booked_on,
            leg.transaction_id,
            leg.transaction.get_kind_display(),
            leg.account.get_kind_display(),
            leg.account.subproject.name if leg.account.subproject_id else "",
            leg.account.scheme.budget_line,
            leg.account.year,
            leg.amount if leg.direction == Direction.DEBIT else None,
            leg.amount if leg.direction == Direction.CREDIT else None,
            leg.transaction.reason_text,
        ]
        for leg in _legs(agreement)
    ]
    sheet = _sheet(
        workbook,
        _("Postings"),
        [
            _("Date"),
            _("Voucher"),
            _("Kind"),
            _("Account"),
            _("Sub-project"),
            _("Grant scheme"),
            _("Year"),
            _("Debit"),
            _("Credit"),
            _("Reason"),
        ],
        rows,
    )
    for cell in sheet["A"][1:]:
        cell.number_format = "dd.mm.yyyy"
    _legend_sheet(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _legend_sheet(workbook) -> None:
    """The legend of the accounting CSV's codes, with the KOSTRA codes in use."""
    rows = []
    for kind, code in POSTING_TYPE_CODES.items():
        codes = kostra_codes(kind)
        rows.append(
            [
                "posteringstype",
                code,
                str(POSTING_TYPE_MEANINGS[kind]),
                codes["art"],
                codes["funksjon"],
            ]
        )
    for kind, code in ACCOUNT_CODES.items():
        rows.append(["konto", code, str(AccountKind(kind).label), "", ""])
    header = [_("CSV column"), _("Code"), _("Meaning"), "art", "funksjon"]
    _sheet(workbook, _("Codes"), header, rows)
