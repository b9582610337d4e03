"""The bank's answer to a payment file, read into lines: CSV, pain.002 or camt.054.

`parse_bank_file(data, filename)` tells the three apart and gives a `BankFile`: one
`ReturnLine` per payment the bank reports on, `LineError`s for lines it cannot read,
and `MessageStatus`es for answers about a whole file (a pain.002 that rejects the
group, a camt.054 that books a batch in one entry). It touches no database: the
import service matches end-to-end ids to payments and decides what to do.
"""

import codecs
import csv
import hashlib
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import translation
from django.utils.translation import gettext, gettext_lazy, gettext_noop
from django.utils.translation import gettext as _

from samskap.core.banktext import is_invisible
from samskap.core.errors import DomainError

MAX_FILE_BYTES = 10 * 1024 * 1024
END_TO_END_ID_LENGTH = 35

# ISO 20022 payment status codes (ExternalPaymentTransactionStatus1Code) by what they
# mean for Samskap: the money came back, the bank took the payment, or not yet known.
RETURNED = "returned"
PAID = "paid"
PENDING = "pending"
OUTCOMES = {
    "RJCT": RETURNED,
    "ACCP": PAID,
    "ACSP": PAID,
    "ACSC": PAID,
    "ACCC": PAID,
    "ACWC": PAID,
    "ACTC": PENDING,
    "PDNG": PENDING,
    "RCVD": PENDING,
}
# Words people and banks put in a CSV instead of the codes.
STATUS_WORDS = {
    "RETURNED": "RJCT",
    "RETURN": "RJCT",
    "RETURNERT": "RJCT",
    "RETUR": "RJCT",
    "AVVIST": "RJCT",
    "REJECTED": "RJCT",
    "ACCEPTED": "ACCP",
    "GODTATT": "ACCP",
    "GODKJENT": "ACCP",
    "OK": "ACCP",
    "PAID": "ACSC",
    "BETALT": "ACSC",
    "BOOKED": "ACSC",
    "BOKFØRT": "ACSC",
}

# ExternalStatusReason1Code / ExternalReturnReason1Code values banks send most often.
REASON_TEXTS = {
    "AC01": gettext_noop("Wrong account number"),
    "AC03": gettext_noop("The payee's account number is not valid"),
    "AC04": gettext_noop("The account is closed"),
    "AC06": gettext_noop("The account is blocked"),
    "AG01": gettext_noop("The account does not take this kind of payment"),
    "AM04": gettext_noop("Not enough money on the paying account"),
    "AM05": gettext_noop("Duplicate payment"),
    "BE04": gettext_noop("The payee's address is missing"),
    "DUPL": gettext_noop("Duplicate payment"),
    "FF01": gettext_noop("The file's format is not valid"),
    "MD07": gettext_noop("The payee has died"),
    "MS02": gettext_noop("Refused by the payee, no reason given"),
    "MS03": gettext_noop("Refused by the bank, no reason given"),
    "RC01": gettext_noop("The bank identifier (BIC) is wrong"),
}
REASONS = {code: gettext_lazy(text) for code, text in REASON_TEXTS.items()}
_REASON_CODE = re.compile(r"^(?:[A-Z]{2}[0-9]{2}|NARR|DUPL|CUST|UPAY|TECH|FRAD|CUTA)$")


def describe_reason(code: str) -> str:
    """A reason code in words, or "" for codes Samskap does not know."""
    return str(REASONS.get(code, ""))


def reason_in_words(stored: str) -> str:
    """A stored return reason in the reader's language.

    The import stores the bank's own text, else Samskap's words for the code in the
    language of whoever imported it, else the code or status. Samskap's words (in English
    or bokmål) and bare codes are shown in the reader's language; a bank's own text stays
    as the bank wrote it.
    """
    key = " ".join(str(stored or "").split())
    if not key:
        return ""
    if key.upper() in REASON_TEXTS:
        return describe_reason(key.upper())
    if key.upper() in OUTCOMES:
        return _("The bank gave no reason (status %(code)s)") % {"code": key.upper()}
    for code, text in REASON_TEXTS.items():
        if key == text:
            return describe_reason(code)
        with translation.override("nb"):
            if key == gettext(text):
                return describe_reason(code)
    return key


def clean_text(value: str | None) -> str:
    """Text as the bank sent it, without control or invisible characters."""
    return " ".join("".join(c for c in str(value or "") if not is_invisible(c)).split())


@dataclass(frozen=True)
class ReturnLine:
    end_to_end_id: str
    status: str  # an ISO 20022 status code, see OUTCOMES
    reason_code: str = ""
    reason_text: str = ""
    booked_on: date | None = None
    line: int | None = None  # where in the file, for the report

    @property
    def outcome(self) -> str:
        return OUTCOMES[self.status]

    @property
    def reason(self) -> str:
        """What to show: the bank's text, else the code in words, else the code."""
        return self.reason_text or describe_reason(self.reason_code) or self.reason_code


@dataclass(frozen=True)
class LineError:
    line: int | None
    message: str
    end_to_end_id: str = ""


@dataclass(frozen=True)
class MessageStatus:
    """A status for every payment of an earlier file that is not listed on its own."""

    original_message_id: str
    original_payment_info_id: str
    status: str
    reason_code: str = ""
    reason_text: str = ""
    booked_on: date | None = None
    line: int | None = None


@dataclass
class BankFile:
    kind: str  # "csv", "pain.002" or "camt.054"
    digest: str  # SHA-256 of the bytes: the same file twice is the same digest
    message_id: str = ""  # GrpHdr/MsgId of an ISO 20022 file
    lines: list[ReturnLine] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    message_statuses: list[MessageStatus] = field(default_factory=list)

    def expanded(self, end_to_end_ids_by_message: Mapping[str, Iterable[str]]):
        """The lines, plus one line per payment that a message status covers.

        `end_to_end_ids_by_message` maps the id of a file Samskap sent (its MsgId, or
        its PmtInfId) to the end-to-end ids in it. A payment listed on its own keeps
        its own line; statuses that are not final (PART, PDNG, ACTC) add nothing.
        Samskap writes one PmtInf per file, so a PmtInf status covers the whole file.
        """
        listed = {line.end_to_end_id for line in self.lines}
        lines = list(self.lines)
        for status in self.message_statuses:
            if OUTCOMES.get(status.status) not in {RETURNED, PAID}:
                continue
            ids = end_to_end_ids_by_message.get(status.original_message_id)
            if ids is None:
                ids = end_to_end_ids_by_message.get(status.original_payment_info_id, ())
            for end_to_end_id in ids:
                if end_to_end_id not in listed:
                    listed.add(end_to_end_id)
                    lines.append(
                        ReturnLine(
                            end_to_end_id,
                            status.status,
                            status.reason_code,
                            status.reason_text,
                            status.booked_on,
                            status.line,
                        )
                    )
        return lines


def normalise_status(value: str) -> str | None:
    word = clean_text(value).upper()
    word = STATUS_WORDS.get(word, word)
    return word if word in OUTCOMES else None


def parse_bank_file(data: bytes, filename: str = "") -> BankFile:
    """Read a returns CSV, a pain.002 status report or a camt.054 notification.

    Raises DomainError when the file as a whole cannot be read; a line that cannot be
    read is a LineError in the result, so the import can refuse the file with a report.
    """
    from samskap.payments import returns_xml

    if len(data) > MAX_FILE_BYTES:
        raise DomainError(_("The file is larger than 10 MB; this is not a returns file."))
    start = data.removeprefix(codecs.BOM_UTF8).lstrip()
    if not start:
        raise DomainError(_("The file is empty."))
    if start.startswith(b"<"):
        return returns_xml.parse_xml(data)
    if filename.lower().endswith(".xml"):
        raise DomainError(_("The file is named .xml but does not hold XML."))
    return parse_csv(data)


# --- CSV ---------------------------------------------------------------------------

DELIMITERS = (";", "\t", ",")  # preference when the header row does not decide
_COLUMNS = {
    "end_to_end_id": {
        "endtoendid",
        "e2e",
        "e2eid",
        "orgnlendtoendid",
        "endetilendeid",
        "endtoendreference",
    },
    "status": {"status", "txsts", "sts", "statuskode"},
    "reason_code": {"reasoncode", "årsakskode", "arsakskode", "rsncd", "returkode"},
    "reason_text": {"reason", "årsak", "arsak", "reasontext", "addtlinf", "melding", "tekst"},
    "booked_on": {"bookedon", "booked", "bokført", "bokfort", "bokføringsdato", "bookingdate"},
}


def _column_name(cell: str) -> str | None:
    key = re.sub(r"[\s_\-.]", "", clean_text(cell).lower())
    return next((name for name, keys in _COLUMNS.items() if key in keys), None)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 as Excel saves it."""
    if data.startswith(codecs.BOM_UTF8):
        data, encodings = data[3:], ("utf-8",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8", "cp1252")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError(_("The file is not text in UTF-8 or Windows-1252."))


def _split(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def choose_delimiter(first_line: str) -> tuple[str, bool]:
    """The delimiter, from the first row, and whether that row is a header.

    A header row decides by its column names; a first row of data by the delimiter that
    puts a known status in the second column. Commas inside a reason never decide.
    """
    present = [d for d in DELIMITERS if d in first_line]
    for delimiter in present:
        names = {_column_name(cell) for cell in _split(first_line, delimiter)}
        if {"end_to_end_id", "status"} <= names:
            return delimiter, True
    for delimiter in present:
        cells = _split(first_line, delimiter)
        if len(cells) >= 2 and normalise_status(cells[1]):
            return delimiter, False
    if not present:
        raise DomainError(
            _("Each line needs an end-to-end id and a status, separated by ; , or a tab.")
        )
    return max(present, key=first_line.count), False


def _parse_date(value: str) -> date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


def _row_fields(cells: list[str], header: list[str | None] | None, delimiter: str):
    if header is None:  # end-to-end id; status; [reason code;] reason text
        values = {"end_to_end_id": cells[0], "status": cells[1] if len(cells) > 1 else ""}
        rest = cells[2:]
        if rest and _REASON_CODE.match(rest[0].strip()):
            values["reason_code"], rest = rest[0], rest[1:]
        values["reason_text"] = delimiter.join(rest)
        return values
    values = {}
    for name, cell in zip(header, cells, strict=False):
        if name:
            values[name] = cell
    extra = cells[len(header) :]
    if extra and header[-1] == "reason_text":  # an unquoted delimiter inside the reason
        values["reason_text"] = delimiter.join([values.get("reason_text", ""), *extra])
    return values


def _line_from(values: dict, number: int) -> ReturnLine | LineError:
    end_to_end_id = clean_text(values.get("end_to_end_id"))
    if not end_to_end_id:
        return LineError(number, _("The line has no end-to-end id."))
    if len(end_to_end_id) > END_TO_END_ID_LENGTH:
        return LineError(number, _("The end-to-end id is longer than 35 characters."))
    status = normalise_status(values.get("status", ""))
    if status is None:
        return LineError(
            number,
            _("Unknown status %(status)s. Use RJCT for returned or ACCP for accepted.")
            % {"status": clean_text(values.get("status")) or "-"},
            end_to_end_id,
        )
    booked_on = None
    if booked := clean_text(values.get("booked_on")):
        try:
            booked_on = _parse_date(booked)
        except ValueError:
            return LineError(
                number,
                _("The date %(date)s is not a date (use 2025-05-19 or 19.05.2025).")
                % {"date": booked},
                end_to_end_id,
            )
    return ReturnLine(
        end_to_end_id,
        status,
        clean_text(values.get("reason_code")).upper(),
        clean_text(values.get("reason_text")),
        booked_on,
        number,
    )


def parse_csv(data: bytes) -> BankFile:
    """`end_to_end_id;status[;reason]` lines, with or without a header row."""
    text = decode_text(data)
    result = BankFile(kind="csv", digest=hashlib.sha256(data).hexdigest())
    first = next((line for line in text.split("\n") if line.strip()), "").rstrip("\r")
    if not first:
        raise DomainError(_("The file has no payment lines."))
    delimiter, has_header = choose_delimiter(first)
    header = None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for cells in reader:
        number = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if has_header and header is None:
            header = [_column_name(cell) for cell in cells]
            continue
        parsed = _line_from(_row_fields(cells, header, delimiter), number)
        if isinstance(parsed, LineError):
            result.errors.append(parsed)
        else:
            result.lines.append(parsed)
    return result
