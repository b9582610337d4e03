"""The bank's answers read into lines: CSV as Excel saves it, pain.002 and camt.054."""

from datetime import date
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import assume, given
from hypothesis import strategies as st
from lxml import etree

from samskap.core.errors import DomainError
from samskap.payments.returns import (
    OUTCOMES,
    PAID,
    RETURNED,
    ReturnLine,
    choose_delimiter,
    parse_bank_file,
)
from samskap.payments.returns_xml import CAMT054_SCHEMA

SAMPLES = Path(__file__).parent / "samples"
SENT = "SAMSKAP-20250517101500-9F3A2C"  # the pain.001 the samples answer
A, B, C = "SAMSKAP-101-A1B2C3D4", "SAMSKAP-102-E5F6A7B8", "SAMSKAP-103-C9D0E1F2"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


# --- CSV ---------------------------------------------------------------------------


def test_the_issue_line_is_one_rejection_with_the_whole_reason():
    parsed = parse_bank_file(b"E2E;RJCT;Konto avsluttet, ukjent mottaker\n", "retur.csv")
    assert parsed.errors == []
    assert parsed.lines == [
        ReturnLine("E2E", "RJCT", "", "Konto avsluttet, ukjent mottaker", None, 1)
    ]
    assert parsed.lines[0].outcome == RETURNED


def test_the_same_line_from_a_sample_file():
    parsed = parse_bank_file(sample("returns-semicolon-no-header.csv"), "retur.csv")
    [line] = parsed.lines
    assert (line.end_to_end_id, line.status, line.reason) == (
        A,
        "RJCT",
        "Konto avsluttet, ukjent mottaker",
    )


def test_excel_windows_1252_with_norwegian_words_and_a_header():
    parsed = parse_bank_file(sample("returns-excel-windows-1252.csv"), "retur.csv")
    assert parsed.errors == []
    returned, paid = parsed.lines
    assert (returned.status, returned.reason_text) == ("RJCT", "Mottaker død, kontoen er sperret")
    assert (paid.status, paid.outcome) == ("ACSC", PAID)
    assert returned.line == 2 and paid.line == 3


def test_utf8_with_bom_tab_separated_with_code_and_date_columns():
    parsed = parse_bank_file(sample("returns-utf8-bom-tab.csv"), "retur.txt")
    assert parsed.errors == []
    returned, paid = parsed.lines
    assert returned == ReturnLine(
        A, "RJCT", "AC04", "Konto avsluttet, ukjent mottaker", date(2025, 5, 19), 2
    )
    assert paid.booked_on == date(2025, 5, 19) and paid.reason == ""


def test_utf16_as_excel_saves_unicode_text():
    text = "EndToEndId\tStatus\tÅrsak\r\nE2E-1\tRJCT\tKonto sperret – død\r\n"
    [line] = parse_bank_file(text.encode("utf-16"), "retur.txt").lines
    assert line.reason_text == "Konto sperret – død"


@pytest.mark.parametrize(
    ("first_line", "delimiter", "header"),
    [
        ("end_to_end_id,status,reason", ",", True),
        ("end_to_end_id;status;reason, if any", ";", True),
        ("EndToEndId\tStatus\tÅrsak, kort", "\t", True),
        ("E2E;RJCT;Konto avsluttet, ukjent mottaker", ";", False),
        ("E2E,RJCT,Konto avsluttet; ukjent mottaker", ",", False),
        ("E2E\tRJCT\tKonto; avsluttet, ukjent", "\t", False),
        ('"E2E";"RJCT";"a, b"', ";", False),
        ("E2E,ACCP", ",", False),
    ],
)
def test_the_delimiter_comes_from_the_first_row(first_line, delimiter, header):
    assert choose_delimiter(first_line) == (delimiter, header)


def test_an_unquoted_comma_in_the_reason_stays_in_the_reason():
    data = b"end_to_end_id,status,reason\nE2E-1,RJCT,Konto avsluttet, ukjent mottaker\n"
    [line] = parse_bank_file(data, "r.csv").lines
    assert line.reason_text == "Konto avsluttet, ukjent mottaker"
    [line] = parse_bank_file(b"E2E-1,RJCT,AC04,Konto avsluttet, ukjent\n", "r.csv").lines
    assert (line.reason_code, line.reason_text) == ("AC04", "Konto avsluttet, ukjent")


def test_the_old_format_still_reads():
    data = b"end_to_end_id,status,reason\nX-1,RJCT,Konto avsluttet\nX-2,ACCP,\nX-3,RETURNED,\n"
    parsed = parse_bank_file(data, "r.csv")
    assert [(line.end_to_end_id, line.status) for line in parsed.lines] == [
        ("X-1", "RJCT"),
        ("X-2", "ACCP"),
        ("X-3", "RJCT"),
    ]


def test_each_bad_line_is_reported_with_its_number_in_norwegian():
    data = (
        "end_to_end_id;status;årsak;bokført\n"
        "X-1;RJCT;ok;\n"
        ";RJCT;no id\n"
        "X-3;UKJENT MOTTAKER;\n"
        f"{'X' * 36};RJCT;\n"
        "X-5;ACCP;;32.13.2025\n"
        "\n"
        "X-7;\n"
    ).encode()
    with translation.override("nb"):
        parsed = parse_bank_file(data, "r.csv")
    assert [line.end_to_end_id for line in parsed.lines] == ["X-1"]
    assert [error.line for error in parsed.errors] == [3, 4, 5, 6, 8]
    assert "UKJENT MOTTAKER" in parsed.errors[1].message
    assert "Ukjent status" in parsed.errors[1].message
    assert parsed.errors[1].end_to_end_id == "X-3"


def test_control_characters_in_a_reason_are_dropped():
    [line] = parse_bank_file("X-1;RJCT;Konto\x00 av\u200bsluttet\n".encode(), "r.csv").lines
    assert line.reason_text == "Konto avsluttet"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "tom"),
        (b" \r\n\r\n", "tom"),
        (b"E2E-1 RJCT\n", "tabulator"),
        (b"\x81\x8d\x8f\x90\x9d not text", "UTF-8"),
        (b"x" * (10 * 1024 * 1024 + 1), "10 MB"),
    ],
)
def test_a_file_that_cannot_be_read_at_all_is_refused_with_a_reason(data, says):
    with translation.override("nb"), pytest.raises(DomainError) as refused:
        parse_bank_file(data, "r.csv")
    assert says in refused.value.message


def test_the_same_bytes_give_the_same_digest():
    data = sample("returns-semicolon-no-header.csv")
    assert parse_bank_file(data, "a.csv").digest == parse_bank_file(data, "b.csv").digest
    assert parse_bank_file(data + b"X;RJCT\n", "a.csv").digest != parse_bank_file(data).digest


ids = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", min_size=1, max_size=35)
reasons = st.text(
    st.characters(codec="cp1252", exclude_characters='"\r\n\t;', exclude_categories=("Cc", "Cf")),
    max_size=60,
).map(lambda text: " ".join(text.split()))


def _also_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@given(
    st.lists(st.tuples(ids, st.sampled_from(sorted(OUTCOMES)), reasons), min_size=1),
    st.sampled_from([";", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    st.booleans(),
)
def test_any_file_a_bank_or_excel_writes_reads_back(rows, delimiter, encoding, header):
    text = "end_to_end_id{d}status{d}reason\r\n".replace("{d}", delimiter) if header else ""
    text += "".join(
        f"{e2e}{delimiter}{status}{delimiter}{reason}\r\n" for e2e, status, reason in rows
    )
    data = text.encode(encoding)
    if encoding == "cp1252":
        # Windows-1252 bytes that also spell valid UTF-8 ("Â¡" is C2 A1, which is "¡") are
        # read as UTF-8 by design: no reader can tell the two apart.
        assume(not _also_utf8(data) or data.decode("utf-8") == data.decode("cp1252"))
    parsed = parse_bank_file(data, "retur.csv")
    assert parsed.errors == []
    read = [
        (line.end_to_end_id, line.status, line.reason_code + line.reason_text)
        for line in parsed.lines
    ]
    assert [(e2e, status) for e2e, status, _ in read] == [(e, s) for e, s, _ in rows]
    for (_, _, written), (_, _, reason) in zip(read, rows, strict=True):
        assert written.replace(" ", "") == reason.replace(" ", "")


# --- pain.002 ----------------------------------------------------------------------


def test_pain002_rejections_per_transaction():
    parsed = parse_bank_file(sample("pain002-transactions.xml"), "status.xml")
    assert (parsed.kind, parsed.message_id) == ("pain.002", "DNB-STS-20250519-000417")
    assert parsed.errors == []
    rejected, accepted, proprietary = parsed.lines
    assert (rejected.end_to_end_id, rejected.status, rejected.reason_code) == (A, "RJCT", "AC04")
    assert rejected.reason_text == "Konto avsluttet ukjent mottaker"
    assert (accepted.end_to_end_id, accepted.outcome) == (B, PAID)
    assert (proprietary.end_to_end_id, proprietary.reason_code) == (C, "N01")
    assert all(line.booked_on is None for line in parsed.lines)


def test_pain002_partial_status_adds_nothing_for_payments_not_listed():
    parsed = parse_bank_file(sample("pain002-transactions.xml"), "status.xml")
    expanded = parsed.expanded({SENT: [A, B, C, "SAMSKAP-104-0A1B2C3D"]})
    assert [line.end_to_end_id for line in expanded] == [A, B, C]


def test_a_rejected_group_rejects_every_payment_of_the_file():
    parsed = parse_bank_file(sample("pain002-group-rejected.xml"), "status.xml")
    assert parsed.lines == [] and parsed.errors == []
    [group] = parsed.message_statuses
    assert (group.original_message_id, group.status, group.reason_code) == (SENT, "RJCT", "FF01")
    expanded = parsed.expanded({SENT: [A, B], "SAMSKAP-OTHER": ["X"]})
    assert [(line.end_to_end_id, line.status) for line in expanded] == [(A, "RJCT"), (B, "RJCT")]
    assert expanded[0].reason == "Ugyldig debitorkonto for avtalen"
    assert parsed.expanded({}) == []


def pain002(body: str, group_status: str = "") -> bytes:
    status = f"<GrpSts>{group_status}</GrpSts>" if group_status else ""
    return f"""<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>
<GrpHdr><MsgId>STS-1</MsgId><CreDtTm>2025-05-19T08:00:00</CreDtTm></GrpHdr>
<OrgnlGrpInfAndSts><OrgnlMsgId>{SENT}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>
{status}</OrgnlGrpInfAndSts>{body}</CstmrPmtStsRpt></Document>""".encode()


def test_a_rejected_payment_information_block_rejects_its_payments():
    parsed = parse_bank_file(
        pain002(
            f"<OrgnlPmtInfAndSts><OrgnlPmtInfId>{SENT}-1</OrgnlPmtInfId><PmtInfSts>RJCT</PmtInfSts>"
            "<StsRsnInf><Rsn><Cd>AM04</Cd></Rsn></StsRsnInf></OrgnlPmtInfAndSts>"
        )
    )
    expanded = parsed.expanded({f"{SENT}-1": [A]})
    assert [(line.end_to_end_id, line.status, line.reason_code) for line in expanded] == [
        (A, "RJCT", "AM04")
    ]
    with translation.override("nb"):
        assert expanded[0].reason == "Ikke dekning på betalerkontoen"


def test_an_accepted_group_without_transactions_accepts_them_all():
    parsed = parse_bank_file(pain002("", "ACCP"))
    assert [line.outcome for line in parsed.expanded({SENT: [A, B]})] == [PAID, PAID]
    assert parsed.expanded({SENT: [A]})[0].status == "ACCP"


def test_a_transaction_without_its_own_status_takes_its_block_status():
    parsed = parse_bank_file(
        pain002(
            "<OrgnlPmtInfAndSts><OrgnlPmtInfId>P</OrgnlPmtInfId><PmtInfSts>RJCT</PmtInfSts>"
            "<StsRsnInf><Rsn><Cd>AC06</Cd></Rsn></StsRsnInf>"
            f"<TxInfAndSts><OrgnlEndToEndId>{A}</OrgnlEndToEndId></TxInfAndSts>"
            "</OrgnlPmtInfAndSts>"
        )
    )
    assert [(line.status, line.reason_code) for line in parsed.lines] == [("RJCT", "AC06")]


def test_pain002_lines_without_an_id_or_with_an_odd_status_are_reported():
    parsed = parse_bank_file(
        pain002(
            "<OrgnlPmtInfAndSts><OrgnlPmtInfId>P</OrgnlPmtInfId>"
            "<TxInfAndSts><TxSts>RJCT</TxSts></TxInfAndSts>"
            f"<TxInfAndSts><OrgnlEndToEndId>{A}</OrgnlEndToEndId><TxSts>XXXX</TxSts></TxInfAndSts>"
            f"<TxInfAndSts><OrgnlEndToEndId>{B}</OrgnlEndToEndId><TxSts>RJCT</TxSts></TxInfAndSts>"
            "</OrgnlPmtInfAndSts>"
        )
    )
    assert [line.end_to_end_id for line in parsed.lines] == [B]
    assert [error.end_to_end_id for error in parsed.errors] == ["", A]
    assert all(error.line for error in parsed.errors)


# --- camt.054 ----------------------------------------------------------------------


def test_the_camt054_samples_follow_the_shared_schema():
    schema = etree.XMLSchema(etree.parse(str(CAMT054_SCHEMA)))
    for name in ("camt054-debits-and-returns.xml", "camt054-batch-booked.xml"):
        schema.assertValid(etree.parse(str(SAMPLES / name)))
    shared = Path(__file__).resolve().parents[3] / "shared" / "data" / "iso20022"
    if (shared / "camt.054.001.02.xsd").exists():
        assert (shared / "camt.054.001.02.xsd").read_bytes() == CAMT054_SCHEMA.read_bytes()


def test_camt054_booked_debits_are_paid_and_returns_are_returned():
    parsed = parse_bank_file(sample("camt054-debits-and-returns.xml"), "camt054.xml")
    assert (parsed.kind, parsed.message_id, parsed.errors) == (
        "camt.054",
        "CAMT054-20250522-0001",
        [],
    )
    summary = [
        (line.end_to_end_id, line.status, line.reason_code, line.booked_on) for line in parsed.lines
    ]
    assert summary == [
        (A, "ACSC", "", date(2025, 5, 19)),
        (B, "ACSC", "", date(2025, 5, 19)),
        (A, "RJCT", "AC04", date(2025, 5, 21)),  # the return of the first payment
        ("SAMSKAP-104-0A1B2C3D", "RJCT", "", date(2025, 5, 22)),  # by its return code
    ]
    assert parsed.lines[2].reason == "Konto avsluttet, ukjent mottaker"
    assert parsed.message_statuses == []  # the booked batch had details per payment


def test_camt054_a_batch_booked_without_details_pays_the_whole_file():
    parsed = parse_bank_file(sample("camt054-batch-booked.xml"), "camt054.xml")
    assert parsed.lines == []
    lines = parsed.expanded({SENT: [A, B]})
    assert [(line.end_to_end_id, line.status, line.booked_on) for line in lines] == [
        (A, "ACSC", date(2025, 5, 19)),
        (B, "ACSC", date(2025, 5, 19)),
    ]


def test_camt054_a_return_without_an_end_to_end_id_is_reported():
    data = sample("camt054-debits-and-returns.xml").replace(
        b"<EndToEndId>SAMSKAP-104-0A1B2C3D</EndToEndId>", b"<EndToEndId>NOTPROVIDED</EndToEndId>"
    )
    parsed = parse_bank_file(data, "camt054.xml")
    assert len(parsed.errors) == 1 and parsed.errors[0].line


def test_camt054_that_breaks_the_schema_is_refused():
    data = sample("camt054-batch-booked.xml").replace(b"<Sts>BOOK</Sts>", b"<Sts>DONE</Sts>")
    with translation.override("nb"), pytest.raises(DomainError) as refused:
        parse_bank_file(data, "camt054.xml")
    assert "skjema" in refused.value.message


# --- telling the kinds apart -------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "says"),
    [
        (b"<Document><unclosed>", "x.xml", "XML"),
        (b"E2E;RJCT", "svar.xml", ".xml"),
        (
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"/>',
            "x.xml",
            "pain.001",
        ),
        (
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"/>',
            "x.xml",
            "camt.054.001.02",
        ),
        (
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"/>',
            "x.xml",
            "pain.002.001.03",
        ),
        (b"<html><body>Logg inn</body></html>", "x.xml", "pain.002"),
        (
            pain002("").replace(b"<OrgnlMsgId>", b"<X>").replace(b"</OrgnlMsgId>", b"</X>"),
            "",
            "pain.002",
        ),
    ],
)
def test_files_that_are_none_of_the_three_are_refused(data, filename, says):
    with translation.override("nb"), pytest.raises(DomainError) as refused:
        parse_bank_file(data, filename)
    assert says in refused.value.message


def test_xml_entities_are_not_expanded():
    data = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + pain002(
            f"<OrgnlPmtInfAndSts><OrgnlPmtInfId>P</OrgnlPmtInfId><TxInfAndSts>"
            f"<OrgnlEndToEndId>{A}</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf>"
            "<AddtlInf>&x;</AddtlInf></StsRsnInf></TxInfAndSts></OrgnlPmtInfAndSts>"
        ).split(b"?>", 1)[1]
    )
    [line] = parse_bank_file(data, "x.xml").lines
    assert "root" not in line.reason_text
