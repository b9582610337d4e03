"""Payment instructions, batch export to pain.001 and the import of returned payments."""

import csv
import io
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.audit.services import audit_record_create
from samskap.core.errors import DomainError
from samskap.funding import services as funding_services
from samskap.payments.access import require_payment_manager
from samskap.payments.debtor_services import debtor_account_set
from samskap.payments.export_services import (
    payment_batch_download,
    payment_batch_export,
    payment_batch_withdraw,
)
from samskap.payments.hold_services import (
    payment_cancel,
    payment_correct,
    payment_hold,
    payment_release,
)
from samskap.payments.kid import clean_kid
from samskap.payments.models import Payment, PaymentStatus

__all__ = [
    "debtor_account_set",
    "payment_batch_download",
    "payment_batch_export",
    "payment_batch_withdraw",
    "payment_cancel",
    "payment_correct",
    "payment_hold",
    "payment_instruct",
    "payment_release",
    "payment_returns_import",
]

# Bank status codes (pain.002 style) and plain words that mean "the money came back".
RETURNED_STATUSES = frozenset({"RJCT", "RETURNED", "RETURN", "RETURNERT", "AVVIST"})
ACCEPTED_STATUSES = frozenset({"ACCP", "ACSC", "ACSP", "ACCC", "OK", "PAID", "BETALT"})


def _end_to_end_id(support_line) -> str:
    # Readable, unique and within the 35 characters the schema allows.
    return f"SAMSKAP-{support_line.pk}-{secrets.token_hex(4).upper()}"


@transaction.atomic
def payment_instruct(
    *,
    acting_user,
    support_line,
    subproject,
    creditor_name: str,
    creditor_account: str,
    amount: Decimal,
    remittance: str,
    settles: str,
    kid: str = "",
) -> Payment:
    """One instruction per support line: a second call returns the first instruction.

    `settles` is the ledger idempotency key of the commitment this payout settles; the
    export books the payment against it. A `kid` (checked by MOD10 or MOD11) goes to the
    bank as a structured reference instead of the message.
    """
    key = f"support-line:{support_line.pk}"
    existing = Payment.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    if not creditor_account:
        raise DomainError(_("There is no account number to pay to."))
    kid = clean_kid(kid) if kid and kid.strip() else ""
    payment = Payment.objects.create(
        municipality_id=subproject.agreement.municipality_id,
        subproject=subproject,
        support_line=support_line,
        idempotency_key=key,
        end_to_end_id=_end_to_end_id(support_line),
        creditor_name=creditor_name[:70],
        creditor_account=creditor_account,
        amount=amount,
        remittance=remittance[:140],
        kid=kid,
        settles=settles,
    )
    audit_record_create(
        actor=acting_user,
        action="payment.instruct",
        target=payment,
        new_values={
            "support_line": support_line.pk,
            "amount": str(amount),
            "end_to_end_id": payment.end_to_end_id,
            "account_last4": creditor_account[-4:],
            "kid": bool(kid),
        },
        municipality=subproject.agreement.municipality,
    )
    return payment


@dataclass
class ReturnsResult:
    returned: list[Payment] = field(default_factory=list)
    already_returned: list[str] = field(default_factory=list)
    accepted: int = 0
    unknown: list[str] = field(default_factory=list)


def _rows(csv_text: str) -> list[tuple[str, str, str]]:
    sample = csv_text[:1024]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for row in csv.reader(io.StringIO(csv_text), dialect):
        cells = [cell.strip() for cell in row]
        if not cells or not cells[0]:
            continue
        if cells[0].lower() in {"end_to_end_id", "endtoendid", "end-to-end id"}:
            continue  # header
        if len(cells) < 2:
            raise DomainError(
                _("Each line needs an end-to-end id and a status, separated by a comma.")
            )
        rows.append((cells[0], cells[1].upper(), cells[2] if len(cells) > 2 else ""))
    return rows


@transaction.atomic
def payment_returns_import(*, acting_user, municipality, csv_text: str) -> ReturnsResult:
    """Mark returned payments and give their money back to the budget, once each."""
    require_payment_manager(user=acting_user, municipality=municipality)
    rows = _rows(csv_text)
    if not rows:
        raise DomainError(_("The file has no payment lines."))
    for _id, status, _reason in rows:
        if status not in RETURNED_STATUSES | ACCEPTED_STATUSES:
            raise DomainError(
                _("Unknown status %(status)s. Use RJCT for returned or ACCP for accepted.")
                % {"status": status}
            )
    payments = {
        payment.end_to_end_id: payment
        for payment in Payment.objects.select_for_update()
        .filter(municipality=municipality, end_to_end_id__in=[row[0] for row in rows])
        .select_related("subproject")
    }
    result = ReturnsResult()
    now = timezone.now()
    for end_to_end_id, status, reason in rows:
        payment = payments.get(end_to_end_id)
        if payment is None or payment.status == PaymentStatus.PENDING:
            result.unknown.append(end_to_end_id)
            continue
        if status in ACCEPTED_STATUSES:
            result.accepted += 1
            continue
        if payment.status == PaymentStatus.RETURNED:
            result.already_returned.append(end_to_end_id)
            continue
        funding_services.money_release(
            acting_user=acting_user,
            subproject=payment.subproject,
            amount=payment.amount,
            idempotency_key=f"payment:{payment.pk}:return",
            reason=f"Returned payment {payment.end_to_end_id}",
            from_paid=True,
            settles=payment.pay_key,
        )
        payment.status = PaymentStatus.RETURNED
        payment.returned_at = now
        payment.return_reason = (reason or status)[:100]
        payment.save(update_fields=["status", "returned_at", "return_reason"])
        audit_record_create(
            actor=acting_user,
            action="payment.return",
            target=payment,
            old_values={"status": PaymentStatus.EXPORTED},
            new_values={"status": PaymentStatus.RETURNED, "status_code": status},
            municipality=municipality,
        )
        result.returned.append(payment)
    return result
