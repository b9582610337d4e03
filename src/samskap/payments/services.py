"""Payment instructions, batch export to pain.001 and the import of returned payments."""

import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from samskap.audit.services import audit_record_build, audit_record_create, audit_records_create
from samskap.core import blank_text
from samskap.core.errors import DomainError
from samskap.payments.debtor_services import debtor_account_check, debtor_account_set
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
from samskap.payments.returns_services import (
    ReturnsFileRefused,
    ReturnsReport,
    payment_returns_import,
)

__all__ = [
    "Instruction",
    "ReturnsFileRefused",
    "ReturnsReport",
    "debtor_account_check",
    "debtor_account_set",
    "payment_batch_download",
    "payment_batch_export",
    "payment_batch_withdraw",
    "payment_cancel",
    "payment_correct",
    "payment_hold",
    "payment_instruct",
    "payment_instruct_many",
    "payment_release",
    "payment_returns_import",
]

# A payment the bank sent back, or the economist cancelled, no longer pays its line: the
# line may get a new attempt.
SPENT_STATUSES = (PaymentStatus.RETURNED, PaymentStatus.CANCELLED)


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
    """One live instruction per support line: a second call returns the live instruction.

    Once the bank has returned the line's payment (or it was cancelled), a call makes a
    new attempt with its own idempotency key and end-to-end id; the returned one stays
    in history. `settles` is the ledger idempotency key of the commitment this payout
    settles (for a new attempt, the caller commits the money again first); the export
    books the payment against it.
    A `kid` (checked by MOD10 or MOD11) goes to the bank as a structured reference
    instead of the message.
    """
    earlier = list(
        Payment.objects.select_for_update(of=("self",))
        .filter(support_line=support_line)
        .order_by("pk")
    )
    live = [payment for payment in earlier if payment.status not in SPENT_STATUSES]
    if live:
        return live[0]
    # The first attempt keeps the key it always had; later ones are numbered.
    attempt = len(earlier) + 1
    key = f"support-line:{support_line.pk}" + (f":{attempt}" if attempt > 1 else "")
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
            "attempt": attempt,
            "amount": str(amount),
            "end_to_end_id": payment.end_to_end_id,
            "account_last4": creditor_account[-4:],
            "kid": bool(kid),
        },
        municipality=subproject.agreement.municipality,
    )
    return payment


@dataclass(frozen=True)
class Instruction:
    """One line's bank payment, as `payment_instruct` takes it."""

    support_line: object
    subproject: object
    creditor_name: str
    creditor_account: str
    amount: Decimal
    remittance: str
    settles: str
    kid: str = ""


@transaction.atomic
def payment_instruct_many(*, acting_user, instructions: list[Instruction]) -> list[Payment]:
    """`payment_instruct` for many lines at once (a meeting's decisions), in the order
    given: the same rules for each line (a live instruction is returned, not doubled; a
    line whose payment came back gets a numbered new attempt; no account or a bad KID
    refuses the whole call with the same message). The earlier payments of every line
    are locked in one query (primary-key order, as `payment_instruct` locks them), the new
    payments and their audit records written in one INSERT each, whatever the count."""
    if not instructions:
        return []
    lines = {instruction.support_line.pk for instruction in instructions}
    earlier: dict[int, list[Payment]] = {}
    for payment in (
        Payment.objects.select_for_update(of=("self",))
        .filter(support_line__in=lines)
        .order_by("pk")
    ):
        earlier.setdefault(payment.support_line_id, []).append(payment)
    result: list[Payment | None] = []
    new: list[tuple[Payment, int, Instruction]] = []
    for instruction in instructions:
        line = instruction.support_line
        before = earlier.get(line.pk, [])
        live = [payment for payment in before if payment.status not in SPENT_STATUSES]
        if live:  # also a line named twice in this call: its first instruction
            result.append(live[0])
            continue
        attempt = len(before) + 1
        if not instruction.creditor_account:
            raise DomainError(_("There is no account number to pay to."))
        kid = clean_kid(instruction.kid) if instruction.kid and instruction.kid.strip() else ""
        payment = Payment(
            municipality_id=instruction.subproject.agreement.municipality_id,
            subproject=instruction.subproject,
            support_line=line,
            idempotency_key=f"support-line:{line.pk}" + (f":{attempt}" if attempt > 1 else ""),
            end_to_end_id=_end_to_end_id(line),
            creditor_name=instruction.creditor_name[:70],
            creditor_account=instruction.creditor_account,
            amount=instruction.amount,
            remittance=instruction.remittance[:140],
            kid=kid,
            settles=instruction.settles,
        )
        result.append(payment)
        new.append((payment, attempt, instruction))
        earlier.setdefault(line.pk, []).append(payment)
    if new:
        blank_text.bulk_create(Payment.objects, [payment for payment, _a, _i in new])
        audit_records_create(
            [
                audit_record_build(
                    actor=acting_user,
                    action="payment.instruct",
                    target=payment,
                    new_values={
                        "support_line": payment.support_line_id,
                        "attempt": attempt,
                        "amount": str(payment.amount),
                        "end_to_end_id": payment.end_to_end_id,
                        "account_last4": payment.creditor_account[-4:],
                        "kid": bool(payment.kid),
                    },
                    municipality_id=payment.municipality_id,
                )
                for payment, attempt, _instruction in new
            ]
        )
    return result
