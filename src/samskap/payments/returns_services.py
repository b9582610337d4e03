"""Importing the bank's answer to Samskap's payment files: returns CSV, pain.002, camt.054.

Import `payment_returns_import` from `samskap.payments.services`. A file is applied all
or nothing: every line is checked first, and one line that cannot be applied (unreadable,
an unknown end-to-end id, a payment never sent) refuses the whole file with a report per
line. An applied file is stored as a `ReturnsFile` by its digest, so the same file a
second time changes nothing and says when it was imported.
"""

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samskap.audit.services import (
    audit_record_build,
    audit_record_create,
    audit_records_create,
)
from samskap.core.errors import DomainError
from samskap.core.money import format_nok
from samskap.funding import services as funding_services
from samskap.funding.ledger_texts import ledger_reason
from samskap.payments import returns
from samskap.payments.access import require_payment_manager
from samskap.payments.hooks import on_payments_returned
from samskap.payments.models import Payment, PaymentBatch, PaymentStatus, ReturnsFile

# What a report line says happened. Stored in ReturnsFile.report as codes, worded on the
# page in the reader's language.
RETURNED = "returned"
PAID = "paid"
UNCHANGED = "unchanged"
IGNORED = "ignored"
REFUSED = "refused"

SENT_STATUSES = frozenset({PaymentStatus.EXPORTED, PaymentStatus.PAID, PaymentStatus.RETURNED})


@dataclass
class ReportLine:
    """One line of the bank's file and what Samskap did with it.

    `note` says why (see NOTES); `status` is the bank's ISO code, `reason` the bank's
    reason (or, for an unreadable line, what is wrong with it).
    """

    line: int | None
    end_to_end_id: str
    result: str
    note: str
    status: str = ""
    reason: str = ""
    amount: str = ""

    @property
    def result_label(self) -> str:
        return str(RESULTS[self.result])

    @property
    def message(self) -> str:
        if self.note == "unreadable":
            return self.reason
        return str(NOTES[self.note]) % {
            "reason": self.reason or self.status,
            "status": self.status,
            "amount": format_nok(Decimal(self.amount)) if self.amount else "",
        }


RESULTS = {
    RETURNED: gettext_lazy("Returned"),
    PAID: gettext_lazy("Paid"),
    UNCHANGED: gettext_lazy("Unchanged"),
    IGNORED: gettext_lazy("Not ours"),
    REFUSED: gettext_lazy("Cannot be applied"),
}
NOTES = {
    "returned": gettext_lazy("Returned by the bank: %(reason)s. %(amount)s is back in the budget."),
    "paid": gettext_lazy("Paid: the bank confirms the payment."),
    "already_returned": gettext_lazy("Already returned earlier; nothing changed."),
    "already_paid": gettext_lazy("Already confirmed as paid; nothing changed."),
    "returned_before": gettext_lazy("Returned earlier, so this booking changes nothing."),
    "not_final": gettext_lazy("The bank has not finished this payment yet (%(status)s)."),
    "not_ours": gettext_lazy("Not a payment from Samskap in this municipality; left alone."),
    "unknown": gettext_lazy("No payment with this end-to-end id in this municipality."),
    "unknown_file": gettext_lazy(
        "The bank answers a payment file Samskap did not make: %(reason)s."
    ),
    "not_sent": gettext_lazy("This payment has not been sent to the bank (%(reason)s)."),
}


@dataclass
class ReturnsReport:
    kind: str
    lines: list[ReportLine] = field(default_factory=list)
    repeated: bool = False
    returns_file: ReturnsFile | None = None

    def count(self, result: str) -> int:
        return sum(1 for line in self.lines if line.result == result)

    @property
    def returned(self) -> int:
        return self.count(RETURNED)

    @property
    def paid(self) -> int:
        return self.count(PAID)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED) + self.count(IGNORED)

    @property
    def refused(self) -> int:
        return self.count(REFUSED)

    @classmethod
    def from_file(cls, returns_file: ReturnsFile, *, repeated: bool = False) -> "ReturnsReport":
        return cls(
            kind=returns_file.kind,
            lines=[ReportLine(**row) for row in returns_file.report],
            repeated=repeated,
            returns_file=returns_file,
        )


class ReturnsFileRefused(DomainError):
    """The file has lines that cannot be applied; nothing was changed. `report` says which."""

    def __init__(self, report: ReturnsReport):
        super().__init__(
            _("The file was not imported: %(count)s of its lines cannot be applied.")
            % {"count": report.refused}
        )
        self.report = report


def _sent_files(municipality, bank: returns.BankFile) -> dict[str, list[str]]:
    """{MsgId or PmtInfId of a file Samskap sent: its end-to-end ids} for the message
    statuses of `bank` (Samskap writes one PmtInf per file, `<MsgId>-1`)."""
    wanted = set()
    for status in bank.message_statuses:
        wanted |= {status.original_message_id, status.original_payment_info_id.removesuffix("-1")}
    wanted.discard("")
    if not wanted:
        return {}
    found: dict[str, list[str]] = defaultdict(list)
    rows = Payment.objects.filter(
        batch__municipality=municipality, batch__message_id__in=wanted
    ).values_list("batch__message_id", "end_to_end_id")
    for message_id, end_to_end_id in rows.order_by("pk"):
        found[message_id].append(end_to_end_id)
    known = set(
        PaymentBatch.objects.filter(municipality=municipality, message_id__in=wanted).values_list(
            "message_id", flat=True
        )
    )
    mapping = {}
    for message_id in known:
        mapping[message_id] = found.get(message_id, [])
        mapping[f"{message_id}-1"] = found.get(message_id, [])
    return mapping


def _unknown_files(bank: returns.BankFile, sent: dict) -> list[ReportLine]:
    """A status for a whole file Samskap did not make here (camt.054: not Samskap's)."""
    lines = []
    for status in bank.message_statuses:
        if returns.OUTCOMES.get(status.status) not in {returns.RETURNED, returns.PAID}:
            continue
        if status.original_message_id in sent or status.original_payment_info_id in sent:
            continue
        reference = status.original_message_id or status.original_payment_info_id
        if bank.kind == "camt.054":
            lines.append(ReportLine(status.line, "", IGNORED, "not_ours", status.status))
        else:
            lines.append(
                ReportLine(status.line, "", REFUSED, "unknown_file", status.status, reference)
            )
    return lines


def _plan(bank, lines, payments) -> tuple[list[ReportLine], list[tuple]]:
    """Check every line against the payments as the earlier lines leave them.

    Returns the report and the changes to make: (payment, new status, line).
    """
    state = {payment.pk: payment.status for payment in payments.values()}
    report, changes = [], []
    for line in lines:
        payment = payments.get(line.end_to_end_id)
        row = ReportLine(line.line, line.end_to_end_id, UNCHANGED, "", line.status, line.reason)
        report.append(row)
        if payment is None:
            ours = bank.kind != "camt.054"  # a statement lists the account's other payments
            row.result, row.note = (REFUSED, "unknown") if ours else (IGNORED, "not_ours")
            continue
        row.amount = str(payment.amount)
        current = state[payment.pk]
        if current not in SENT_STATUSES:
            row.result, row.note = REFUSED, "not_sent"
            row.reason = str(PaymentStatus(current).label)
            continue
        if line.outcome == returns.PENDING:
            row.note = "not_final"
        elif line.outcome == returns.RETURNED:
            if current == PaymentStatus.RETURNED:
                row.note = "already_returned"
            else:
                row.result = row.note = RETURNED
                state[payment.pk] = PaymentStatus.RETURNED
                changes.append((payment, PaymentStatus.RETURNED, line))
        elif current == PaymentStatus.PAID:
            row.note = "already_paid"
        elif current == PaymentStatus.RETURNED:
            row.note = "returned_before"
        else:
            row.result = row.note = PAID
            state[payment.pk] = PaymentStatus.PAID
            changes.append((payment, PaymentStatus.PAID, line))
    return report, changes


@transaction.atomic
def payment_returns_import(
    *, acting_user, municipality, data: bytes, filename: str = ""
) -> ReturnsReport:
    """Apply the bank's answer: paid payments become paid, returned ones returned with
    their money back in the sub-project's budget (once), all or nothing.

    Raises ReturnsFileRefused (a DomainError with the report) when any line cannot be
    applied, DomainError when the file cannot be read at all. The same file again
    returns the stored report with `repeated` set and changes nothing.
    """
    require_payment_manager(user=acting_user, municipality=municipality)
    bank = returns.parse_bank_file(data, filename)
    earlier = ReturnsFile.objects.filter(municipality=municipality, digest=bank.digest).first()
    if earlier is not None:
        return ReturnsReport.from_file(earlier, repeated=True)
    sent = _sent_files(municipality, bank)
    lines = bank.expanded(sent)
    # Lock the payments the file names, in one order for every importer and the export.
    payments = {
        payment.end_to_end_id: payment
        for payment in Payment.objects.select_for_update(of=("self",))
        .filter(municipality=municipality, end_to_end_id__in={line.end_to_end_id for line in lines})
        .select_related("subproject__agreement")
        .order_by("pk")
    }
    report, changes = _plan(bank, lines, payments)
    report += _unknown_files(bank, sent)
    report += [
        ReportLine(error.line, error.end_to_end_id, REFUSED, "unreadable", "", str(error.message))
        for error in bank.errors
    ]
    report.sort(key=lambda row: (row.line is None, row.line or 0))
    result = ReturnsReport(kind=bank.kind, lines=report)
    if result.refused:
        raise ReturnsFileRefused(result)
    if all(row.result == IGNORED for row in report):
        raise DomainError(
            _("The file does not report on any payment from Samskap. Nothing was changed.")
        )
    try:
        with transaction.atomic():
            returns_file = ReturnsFile.objects.create(
                municipality=municipality,
                digest=bank.digest,
                kind=bank.kind,
                message_id=bank.message_id[:35],
                filename=filename[:200],
                imported_by=acting_user,
                returned_count=result.returned,
                paid_count=result.paid,
                unchanged_count=result.unchanged,
                report=[asdict(row) for row in report],
            )
    except IntegrityError:
        # Someone imported the same file while this import waited for the payments.
        earlier = ReturnsFile.objects.get(municipality=municipality, digest=bank.digest)
        return ReturnsReport.from_file(earlier, repeated=True)
    result.returns_file = returns_file
    _apply(acting_user=acting_user, municipality=municipality, changes=changes)
    audit_record_create(
        actor=acting_user,
        action="returns_file.import",
        target=returns_file,
        new_values={
            # The digest stays on the stored file: hex can look like an account number.
            "kind": bank.kind,
            "returned": result.returned,
            "paid": result.paid,
            "unchanged": result.unchanged,
        },
        municipality=municipality,
    )
    return result


def _apply(*, acting_user, municipality, changes) -> None:
    """Make the planned changes in bulk: the returned payouts back to their budgets in one
    ledger call (`funding.money_release_many`), the payments updated and audited in one
    statement each, then the contexts told (`payments.hooks`) once for all returned."""
    now = timezone.now()
    # Every sub-project's accounts at once, in one order, before any posting: two
    # imports (or an import and an export) over the same sub-projects never deadlock.
    subprojects = {payment.subproject_id: payment.subproject for payment, _s, _l in changes}
    if subprojects:
        funding_services.lock_subprojects(*(subprojects[pk] for pk in sorted(subprojects)))
    returned = [
        (payment, line) for payment, status, line in changes if status != PaymentStatus.PAID
    ]
    outcome = funding_services.money_release_many(
        acting_user=acting_user,
        releases=[
            funding_services.Payout(
                subproject=payment.subproject,
                amount=payment.amount,
                idempotency_key=f"payment:{payment.pk}:return",
                reason=ledger_reason("payment_returned", payment=payment.end_to_end_id),
                settles=payment.pay_key,
            )
            for payment, _line in returned
        ],
    )
    for result in outcome.values():
        if isinstance(result, DomainError):
            raise result
    records, changed = [], []
    for payment, status, line in changes:
        old = payment.status
        if status == PaymentStatus.PAID:
            payment.status = PaymentStatus.PAID
            payment.confirmed_at = now
            payment.paid_on = line.booked_on or timezone.localdate()
            action = "payment.paid"
        else:
            payment.status = PaymentStatus.RETURNED
            payment.returned_at = now
            payment.return_reason = (line.reason or line.status)[:100]
            action = "payment.return"
        changed.append(payment)
        records.append(
            audit_record_build(
                actor=acting_user,
                action=action,
                target=payment,
                old_values={"status": old},
                new_values={"status": payment.status, "status_code": line.status},
                municipality=municipality,
            )
        )
    # One payment can appear twice in a file (paid, then returned): its last state wins.
    Payment.objects.bulk_update(
        list({payment.pk: payment for payment in changed}.values()),
        ["status", "confirmed_at", "paid_on", "returned_at", "return_reason"],
        batch_size=1000,
    )
    audit_records_create(records)
    on_payments_returned(payments=[payment for payment, _line in returned], acting_user=acting_user)
