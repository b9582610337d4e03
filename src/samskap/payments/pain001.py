"""ISO 20022 pain.001.001.03 (customer credit transfer initiation) for Norwegian banks."""

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from lxml import etree

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "pain.001.001.03.xsd"


def _add(parent, tag: str, text: str | None = None):
    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _bban(parent, tag: str, account: str):
    """A Norwegian domestic account (BBAN) under Id/Othr, as Norwegian banks expect."""
    account_element = _add(parent, tag)
    other = _add(_add(account_element, "Id"), "Othr")
    _add(other, "Id", account)
    _add(_add(other, "SchmeNm"), "Cd", "BBAN")
    return account_element


def _text(value: str, length: int) -> str:
    """Trim to the field's length; the schema refuses empty and overlong text."""
    value = " ".join(str(value).split())[:length]
    return value or "-"


def build_pain001(
    *, message_id: str, payments: list, created_at=None, execution_date=None
) -> bytes:
    """One payment information block with one transfer per payment; returns UTF-8 XML."""
    debtor = settings.SAMSKAP_DEBTOR
    created_at = created_at or timezone.now()
    execution_date = execution_date or timezone.localdate()
    total = sum((payment.amount for payment in payments), start=Decimal("0.00"))

    root = etree.Element(f"{{{NAMESPACE}}}Document", nsmap={None: NAMESPACE})
    initiation = _add(root, "CstmrCdtTrfInitn")
    header = _add(initiation, "GrpHdr")
    _add(header, "MsgId", message_id)
    local_time = timezone.localtime(created_at).replace(microsecond=0)
    _add(header, "CreDtTm", local_time.isoformat())
    _add(header, "NbOfTxs", str(len(payments)))
    _add(header, "CtrlSum", f"{total:.2f}")
    initiating = _add(header, "InitgPty")
    _add(initiating, "Nm", _text(debtor["name"], 70))
    _organisation_id(initiating, debtor["organisation_number"])

    info = _add(initiation, "PmtInf")
    _add(info, "PmtInfId", _text(f"{message_id}-1", 35))
    _add(info, "PmtMtd", "TRF")
    _add(info, "NbOfTxs", str(len(payments)))
    _add(info, "CtrlSum", f"{total:.2f}")
    _add(_add(_add(info, "PmtTpInf"), "SvcLvl"), "Cd", "NURG")
    _add(info, "ReqdExctnDt", execution_date.isoformat())
    debtor_party = _add(info, "Dbtr")
    _add(debtor_party, "Nm", _text(debtor["name"], 70))
    _add(_add(debtor_party, "PstlAdr"), "Ctry", "NO")
    _organisation_id(debtor_party, debtor["organisation_number"])
    debtor_account = _bban(info, "DbtrAcct", debtor["account"])
    _add(debtor_account, "Ccy", "NOK")
    _add(_add(_add(info, "DbtrAgt"), "FinInstnId"), "BIC", debtor["bic"])
    _add(info, "ChrgBr", "SLEV")

    for payment in payments:
        transfer = _add(info, "CdtTrfTxInf")
        _add(_add(transfer, "PmtId"), "EndToEndId", payment.end_to_end_id)
        amount = _add(_add(transfer, "Amt"), "InstdAmt", f"{payment.amount:.2f}")
        amount.set("Ccy", "NOK")
        creditor = _add(transfer, "Cdtr")
        _add(creditor, "Nm", _text(payment.creditor_name, 70))
        _add(_add(creditor, "PstlAdr"), "Ctry", "NO")
        _bban(transfer, "CdtrAcct", payment.creditor_account)
        _add(_add(transfer, "RmtInf"), "Ustrd", _text(payment.remittance, 140))

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _organisation_id(party, organisation_number: str) -> None:
    other = _add(_add(_add(_add(party, "Id"), "OrgId"), "Othr"), "Id", organisation_number)
    _add(_add(other.getparent(), "SchmeNm"), "Cd", "CUST")


def validate_pain001(xml: bytes) -> None:
    """Raise lxml.etree.DocumentInvalid when the file does not match the bank's schema."""
    schema = etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))
    schema.assertValid(etree.fromstring(xml))
