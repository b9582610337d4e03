"""ISO 20022 answers from the bank: pain.002.001.03 status reports, camt.054.001.02
debit/credit notifications. Used by `returns.parse_bank_file`.

camt.054.001.02 is validated against its schema (payments/schemas, from
../shared/data/iso20022). No pain.002 schema is shipped, so pain.002.001.03 is read by
namespace and element names as the ISO 20022 message definition names them
(CstmrPmtStsRpt: GrpHdr, OrgnlGrpInfAndSts, OrgnlPmtInfAndSts, TxInfAndSts) and its
structure is checked by hand.
"""

import hashlib
from datetime import date
from pathlib import Path

from django.utils.translation import gettext as _
from lxml import etree

from samskap.core.errors import DomainError
from samskap.payments.returns import (
    OUTCOMES,
    BankFile,
    LineError,
    MessageStatus,
    ReturnLine,
    clean_text,
)

ISO = "urn:iso:std:iso:20022:tech:xsd:"
PAIN002 = ISO + "pain.002.001.03"
CAMT054 = ISO + "camt.054.001.02"
CAMT054_SCHEMA = Path(__file__).resolve().parent / "schemas" / "camt.054.001.02.xsd"
# Bank transaction sub-families (ISO external code list) of a credit that gives back a
# payment Samskap sent: reversal due to a payment return, or to a cancellation request.
RETURN_SUBFAMILIES = frozenset({"RRTN", "RPCR"})
NOT_PROVIDED = "NOTPROVIDED"  # what banks write when an end-to-end id is missing


def _parser() -> etree.XMLParser:
    # A bank file is data: no DTDs, entities or network look-ups.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )


def parse_xml(data: bytes) -> BankFile:
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        raise DomainError(
            _("The file is not readable XML (line %(line)s).") % {"line": error.lineno}
        ) from error
    namespace = etree.QName(root).namespace or ""
    kind = namespace.removeprefix(ISO).rsplit(".", 2)[0] if namespace.startswith(ISO) else ""
    digest = hashlib.sha256(data).hexdigest()
    if namespace == PAIN002:
        return _pain002(root, digest)
    if namespace == CAMT054:
        _validate(root, CAMT054_SCHEMA)
        return _camt054(root, digest)
    if kind in {"pain.002", "camt.054"}:
        raise DomainError(
            _("Samskap reads %(expected)s, not %(found)s. Ask the bank for that version.")
            % {
                "expected": "pain.002.001.03" if kind == "pain.002" else "camt.054.001.02",
                "found": namespace.removeprefix(ISO),
            }
        )
    if kind == "pain.001":
        raise DomainError(_("This is a payment file (pain.001), not the bank's answer to one."))
    raise DomainError(
        _("The file is XML, but not a pain.002 status report or a camt.054 notification.")
    )


def _validate(root, schema_path: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(schema_path)))
    if not schema.validate(root):
        error = schema.error_log.last_error
        raise DomainError(
            _("The file does not follow the ISO 20022 schema (line %(line)s): %(detail)s")
            % {"line": error.line, "detail": error.message}
        )


class _Finder:
    """find/findtext/findall with the file's namespace as the prefix `d`."""

    def __init__(self, namespace: str):
        self.ns = {"d": namespace}

    def _path(self, path: str) -> str:
        return "/".join(
            f"d:{step}" if step not in {".", ".."} else step for step in path.split("/")
        )

    def find(self, element, path):
        return element.find(self._path(path), self.ns) if element is not None else None

    def findall(self, element, path):
        return element.findall(self._path(path), self.ns) if element is not None else []

    def text(self, element, path) -> str:
        found = self.find(element, path)
        return clean_text(found.text) if found is not None else ""


# --- pain.002.001.03 ---------------------------------------------------------------


def _reason(find: _Finder, element) -> tuple[str, str]:
    """First reason code and all additional texts of an element's StsRsnInf blocks."""
    code, texts = "", []
    for info in find.findall(element, "StsRsnInf"):
        code = code or find.text(info, "Rsn/Cd") or find.text(info, "Rsn/Prtry")
        texts += [clean_text(text.text) for text in find.findall(info, "AddtlInf")]
    return code.upper(), " ".join(text for text in texts if text)


def _pain002(root, digest: str) -> BankFile:
    find = _Finder(PAIN002)
    report = find.find(root, "CstmrPmtStsRpt")
    group = find.find(report, "OrgnlGrpInfAndSts")
    message_id = find.text(report, "GrpHdr/MsgId")
    original_id = find.text(group, "OrgnlMsgId")
    if report is None or not message_id or not original_id:
        raise DomainError(
            _("The pain.002 file lacks its header or the id of the payment file it answers.")
        )
    result = BankFile(kind="pain.002", digest=digest, message_id=message_id)
    group_status = find.text(group, "GrpSts").upper()
    group_reason = _reason(find, group)
    listed = False
    for info in find.findall(report, "OrgnlPmtInfAndSts"):
        info_status = find.text(info, "PmtInfSts").upper()
        info_reason = _reason(find, info) if info_status else ("", "")
        for transaction in find.findall(info, "TxInfAndSts"):
            listed = True
            status = find.text(transaction, "TxSts").upper() or info_status or group_status
            reason = _reason(find, transaction)
            if reason == ("", ""):
                reason = info_reason if info_status else group_reason
            _add_line(
                result,
                find.text(transaction, "OrgnlEndToEndId"),
                status,
                reason,
                None,
                transaction.sourceline,
            )
        if info_status:
            result.message_statuses.append(
                MessageStatus(
                    original_id,
                    find.text(info, "OrgnlPmtInfId"),
                    info_status,
                    *info_reason,
                    line=info.sourceline,
                )
            )
    if group_status and (group_status == "RJCT" or not listed):
        # A rejected group rejects every transaction of the original message; an
        # accepted group without transactions accepts them all.
        result.message_statuses.append(
            MessageStatus(original_id, "", group_status, *group_reason, line=group.sourceline)
        )
    return result


def _add_line(result: BankFile, end_to_end_id, status, reason, booked_on, line) -> None:
    if not end_to_end_id or end_to_end_id == NOT_PROVIDED:
        result.errors.append(
            LineError(line, _("The bank reports on a payment without its end-to-end id."))
        )
    elif status not in OUTCOMES:
        result.errors.append(
            LineError(
                line,
                _("Unknown status %(status)s. Use RJCT for returned or ACCP for accepted.")
                % {"status": status or "-"},
                end_to_end_id,
            )
        )
    else:
        result.lines.append(ReturnLine(end_to_end_id, status, *reason, booked_on, line))


# --- camt.054.001.02 ---------------------------------------------------------------


def _booking_date(find: _Finder, entry) -> date | None:
    if day := find.text(entry, "BookgDt/Dt"):
        return date.fromisoformat(day)
    if moment := find.text(entry, "BookgDt/DtTm"):
        return date.fromisoformat(moment[:10])
    return None


def _is_return_code(find: _Finder, element) -> bool:
    return find.text(element, "BkTxCd/Domn/Fmly/SubFmlyCd").upper() in RETURN_SUBFAMILIES


def _camt054(root, digest: str) -> BankFile:
    """Booked debits of Samskap's payments are paid; credits that give one back are
    returned (RtrInf, a reversal, or a return bank transaction code). Pending and
    information-only entries, unrelated credits and debits without an end-to-end id
    (fees, other payments from the account) are not Samskap's and are left out."""
    find = _Finder(CAMT054)
    notification = find.find(root, "BkToCstmrDbtCdtNtfctn")
    result = BankFile(
        kind="camt.054", digest=digest, message_id=find.text(notification, "GrpHdr/MsgId")
    )
    for entry in find.findall(notification, "Ntfctn/Ntry"):
        if find.text(entry, "Sts").upper() != "BOOK":
            continue
        credit = find.text(entry, "CdtDbtInd") == "CRDT"
        reversal = find.text(entry, "RvslInd").lower() in {"true", "1"}
        if not credit and reversal:
            continue  # a credit to the account taken back: not a payment Samskap sent
        booked_on = _booking_date(find, entry)
        entry_is_return = credit and (reversal or _is_return_code(find, entry))
        for details in find.findall(entry, "NtryDtls"):
            transactions = find.findall(details, "TxDtls")
            for transaction in transactions:
                _camt_transaction(find, result, transaction, credit, entry_is_return, booked_on)
            batch = find.find(details, "Btch")
            if not transactions and batch is not None and (not credit or entry_is_return):
                result.message_statuses.append(
                    MessageStatus(
                        find.text(batch, "MsgId"),
                        find.text(batch, "PmtInfId"),
                        "RJCT" if credit else "ACSC",
                        booked_on=booked_on,
                        line=batch.sourceline,
                    )
                )
    return result


def _camt_transaction(find, result, transaction, credit, entry_is_return, booked_on) -> None:
    end_to_end_id = find.text(transaction, "Refs/EndToEndId")
    return_info = find.find(transaction, "RtrInf")
    # Only a credit gives money back; RtrInf on a debit is some other account's story.
    returned = credit and (
        return_info is not None or entry_is_return or _is_return_code(find, transaction)
    )
    if returned:
        code = find.text(return_info, "Rsn/Cd") or find.text(return_info, "Rsn/Prtry")
        texts = [clean_text(t.text) for t in find.findall(return_info, "AddtlInf")]
        reason = (code.upper(), " ".join(t for t in texts if t))
        _add_line(result, end_to_end_id, "RJCT", reason, booked_on, transaction.sourceline)
    elif not credit and end_to_end_id and end_to_end_id != NOT_PROVIDED:
        _add_line(result, end_to_end_id, "ACSC", ("", ""), booked_on, transaction.sourceline)
