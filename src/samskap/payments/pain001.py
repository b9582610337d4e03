"""ISO 20022 pain.001.001.03 (customer credit transfer initiation) for Norwegian banks.

Follows the Norwegian banks' common implementation guide (BSK implementeringsguide
pain.001.001.03, built on the CGI-MP guide): one PmtInf, BBAN accounts under Id/Othr
with scheme BBAN, names of at most 70 characters, text in the banks' character set
(`core.banktext.to_bank_charset`), and a KID as structured creditor reference
(RmtInf/Strd/CdtrRefInf with Tp/CdOrPrtry/Cd SCOR and the KID in Ref) instead of free
text, since a payment with a KID carries no message to the payee.
"""

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Protocol

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from lxml import etree
from stdnum import bic
from stdnum.no import kontonr, orgnr

from samskap.core.banktext import is_bank_text, to_bank_charset
from samskap.core.errors import DomainError
from samskap.core.text import is_digits
from samskap.payments.kid import clean_kid

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "pain.001.001.03.xsd"

# The XSD allows 140 characters in Nm; the Norwegian guide and CGI-MP allow 70.
NAME_LENGTH = 70
REMITTANCE_LENGTH = 140  # Ustrd, Max140Text
ID_LENGTH = 35  # MsgId, PmtInfId, EndToEndId, CdtrRefInf/Ref: Max35Text
# A ceiling far above any support payment that still catches a mistyped amount; the
# schema itself allows 18 digits.
MAX_AMOUNT = Decimal("9999999.99")


@dataclass(frozen=True)
class Debtor:
    """The programme's own bank account: who pays, printed in every file."""

    name: str
    organisation_number: str
    account: str  # BBAN, 11 digits
    bic: str


class Transfer(Protocol):
    """What a payment needs to go in a file (payments.models.Payment has it).

    `kid` is optional: an object without the attribute, or with an empty one, is
    written with its `remittance` as free text.
    """

    end_to_end_id: str
    amount: Decimal
    creditor_name: str
    creditor_account: str
    remittance: str


class UnwritablePayments(DomainError):
    """Payments that cannot go in a file; `problems` maps end-to-end id to reasons."""

    def __init__(self, problems: dict[str, list[str]]):
        self.problems = problems
        super().__init__(
            ngettext(
                "%(count)d payment cannot be written to the bank file: %(ids)s.",
                "%(count)d payments cannot be written to the bank file: %(ids)s.",
                len(problems),
            )
            % {"count": len(problems), "ids": ", ".join(problems)}
        )


def _is_bban(account) -> bool:
    return _is_bban_text(str(account or ""))


@functools.lru_cache(maxsize=4096)
def _is_bban_text(account: str) -> bool:
    # Cached: an export checks each payee's account twice, and a family's account recurs.
    return len(account) == 11 and is_digits(account) and kontonr.is_valid(account)


def _amount_problem(amount) -> str | None:
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return _("The amount is not a number.")
    if not value.is_finite() or value <= 0:
        return _("The amount must be more than 0 kroner.")
    if value != value.quantize(Decimal("0.01")):
        return _("The amount has more than two decimals.")
    if value > MAX_AMOUNT:
        return _("The amount is above %(max)s kroner, the most one payment may carry.") % {
            "max": f"{MAX_AMOUNT:.2f}"
        }
    return None


def _kid(payment) -> str:
    return str(getattr(payment, "kid", "") or "").strip()


def payment_problems(payment, *, debtor_account: str) -> list[str]:
    """Why `payment` cannot go in a bank file; empty when it can.

    `debtor_account` is the account the file pays from (the municipality's registered
    `DebtorAccount`): a payment to that very account would pay the programme itself.
    The export sets such payments aside with these reasons and writes the others.
    """
    problems = []
    end_to_end_id = str(payment.end_to_end_id or "")
    if not end_to_end_id or len(end_to_end_id) > ID_LENGTH or not is_bank_text(end_to_end_id):
        problems.append(_("The payment's end-to-end id cannot be sent to the bank."))
    if not _is_bban(payment.creditor_account):
        problems.append(_("The payee's account number is not a valid Norwegian account number."))
    # Both are eleven plain digits here (the debtor's account is checked by
    # debtor_problems), so the plain comparison is the whole test.
    elif str(payment.creditor_account) == str(debtor_account or ""):
        problems.append(
            _(
                "The payee's account is the programme's own paying account: the bank would "
                "pay the money back to the municipality."
            )
        )
    if not to_bank_charset(payment.creditor_name or "", NAME_LENGTH):
        problems.append(_("The payee's name has no letters or digits the bank can read."))
    if kid := _kid(payment):
        try:
            clean_kid(kid)
        except DomainError as error:
            problems.append(str(error.message))
    if amount_problem := _amount_problem(payment.amount):
        problems.append(amount_problem)
    return problems


def debtor_problems(debtor: Debtor) -> list[str]:
    """Why the programme's own account cannot be printed in a file; empty when it can."""
    problems = []
    if not to_bank_charset(debtor.name or "", NAME_LENGTH):
        problems.append(_("The paying account has no name the bank can read."))
    if not orgnr.is_valid(str(debtor.organisation_number or "")):
        problems.append(_("The paying organisation number is not valid."))
    if not _is_bban(debtor.account):
        problems.append(_("The paying account number is not a valid Norwegian account number."))
    if not bic.is_valid(str(debtor.bic or "")):
        problems.append(_("The paying bank's BIC is not valid."))
    return problems


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


def _organisation_id(party, organisation_number: str) -> None:
    other = _add(_add(_add(party, "Id"), "OrgId"), "Othr")
    _add(other, "Id", organisation_number)
    _add(_add(other, "SchmeNm"), "Cd", "CUST")


def _party(parent, tag: str, debtor: Debtor):
    party = _add(parent, tag)
    _add(party, "Nm", to_bank_charset(debtor.name, NAME_LENGTH))
    return party


def _remittance(transfer, payment) -> None:
    if kid := _kid(payment):
        reference = _add(_add(_add(transfer, "RmtInf"), "Strd"), "CdtrRefInf")
        _add(_add(_add(reference, "Tp"), "CdOrPrtry"), "Cd", "SCOR")
        _add(reference, "Ref", clean_kid(kid))
        return
    message = to_bank_charset(payment.remittance or "", REMITTANCE_LENGTH)
    if message:  # RmtInf is optional; an empty Ustrd is not
        _add(_add(transfer, "RmtInf"), "Ustrd", message)


def build_pain001(
    *,
    message_id: str,
    payments: list,
    requested_execution_date: date,
    debtor: Debtor,
    created_at=None,
) -> bytes:
    """One payment information block with one transfer per payment; returns UTF-8 XML.

    Every payment must be writable (`payment_problems` empty), else UnwritablePayments.
    The caller gives the requested execution date (the export: the next bank day, see
    `bankdays.next_bank_day`) and the debtor (the municipality's registered account).
    """
    problems = {
        p.end_to_end_id: found
        for p in payments
        if (found := payment_problems(p, debtor_account=debtor.account))
    }
    if problems:
        raise UnwritablePayments(problems)
    created_at = created_at or timezone.now()
    total = sum((Decimal(str(payment.amount)) for payment in payments), start=Decimal("0.00"))

    root = etree.Element(f"{{{NAMESPACE}}}Document", nsmap={None: NAMESPACE})
    initiation = _add(root, "CstmrCdtTrfInitn")
    header = _add(initiation, "GrpHdr")
    _add(header, "MsgId", message_id)
    local_time = timezone.localtime(created_at).replace(microsecond=0)
    _add(header, "CreDtTm", local_time.isoformat())
    _add(header, "NbOfTxs", str(len(payments)))
    _add(header, "CtrlSum", f"{total:.2f}")
    _organisation_id(_party(header, "InitgPty", debtor), debtor.organisation_number)

    info = _add(initiation, "PmtInf")
    _add(info, "PmtInfId", f"{message_id}-1"[:ID_LENGTH])
    _add(info, "PmtMtd", "TRF")
    _add(info, "NbOfTxs", str(len(payments)))
    _add(info, "CtrlSum", f"{total:.2f}")
    _add(_add(_add(info, "PmtTpInf"), "SvcLvl"), "Cd", "NURG")
    _add(info, "ReqdExctnDt", requested_execution_date.isoformat())
    debtor_party = _party(info, "Dbtr", debtor)
    _add(_add(debtor_party, "PstlAdr"), "Ctry", "NO")
    _organisation_id(debtor_party, debtor.organisation_number)
    _add(_bban(info, "DbtrAcct", debtor.account), "Ccy", "NOK")
    _add(_add(_add(info, "DbtrAgt"), "FinInstnId"), "BIC", debtor.bic)
    _add(info, "ChrgBr", "SLEV")

    for payment in payments:
        transfer = _add(info, "CdtTrfTxInf")
        _add(_add(transfer, "PmtId"), "EndToEndId", payment.end_to_end_id)
        amount = _add(_add(transfer, "Amt"), "InstdAmt", f"{Decimal(str(payment.amount)):.2f}")
        amount.set("Ccy", "NOK")
        creditor = _add(transfer, "Cdtr")
        _add(creditor, "Nm", to_bank_charset(payment.creditor_name, NAME_LENGTH))
        _add(_add(creditor, "PstlAdr"), "Ctry", "NO")
        _bban(transfer, "CdtrAcct", payment.creditor_account)
        _remittance(transfer, payment)

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def validate_pain001(xml: bytes) -> None:
    """Raise lxml.etree.DocumentInvalid when the file does not match the bank's schema."""
    # Compiled per call: an lxml schema object keeps its error log, so it is not shared.
    schema = etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))
    schema.assertValid(etree.fromstring(xml))
