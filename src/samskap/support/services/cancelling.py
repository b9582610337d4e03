"""Cancel, don't reverse: a final decision is cancelled while its money is still unpaid.

The commitment is released and the payments still waiting (or held) are cancelled in
the same transaction. Money that already left (a file sent to the bank, a voucher
handed over) cannot be cancelled: it comes back as a recorded repayment or a return.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.accounts.access import manages_municipality
from samskap.audit.services import audit_record_create
from samskap.core.banktext import check_bank_text
from samskap.core.errors import DomainError
from samskap.core.money import format_nok
from samskap.funding import selectors as funding_selectors
from samskap.funding import services as funding_services
from samskap.funding.ledger_texts import ledger_reason
from samskap.payments import services as payment_services
from samskap.payments.models import Payment, PaymentStatus
from samskap.subprojects.access import require_team_seat
from samskap.subprojects.selectors import subproject_ids_for_team_member
from samskap.support.keys import cancel_key, commitment_key
from samskap.support.models import (
    Decision,
    Outcome,
    RequestStatus,
    SupportForm,
    TaskStatus,
)
from samskap.support.services._common import _municipality

REASON_LENGTH = 200
# The payments that have not left: cancelling the decision cancels them.
UNPAID = (PaymentStatus.PENDING, PaymentStatus.HELD)
# Money on its way or paid: only a repayment can undo these.
SENT = (PaymentStatus.EXPORTED, PaymentStatus.PAID)


def _clean_reason(reason: str) -> str:
    reason = check_bank_text(
        " ".join((reason or "").split()), max_length=REASON_LENGTH, field="reason"
    )
    if not reason:
        raise DomainError(_("Give the reason for cancelling."), field="reason")
    return reason


def _require_authority(*, acting_user, decision: Decision) -> bool:
    """The economy, or a team member whose own authority covers the decided amount.
    Returns whether the acting user acts as the economy."""
    subproject = decision.request.subproject
    on_team = subproject.pk in subproject_ids_for_team_member(user=acting_user)
    if not on_team and manages_municipality(acting_user, subproject.agreement.municipality_id):
        return True
    require_team_seat(user=acting_user, subproject=subproject)
    authority = funding_selectors.authority_limit_for(user=acting_user, subproject=subproject)
    if authority is None or not authority.covers(amount=decision.amount):
        raise DomainError(
            _(
                "You do not have authority for %(amount)s, so you cannot cancel this decision. "
                "A team member with authority for the amount, or the economist, can."
            )
            % {"amount": format_nok(decision.amount)}
        )
    return False


@transaction.atomic
def decision_cancel(*, acting_user, decision: Decision, reason: str) -> Decision:
    """Cancel a final decision whose money has not left: release what it committed,
    cancel its waiting payments, and keep the reason on the decision (not in the trail)."""
    reason = _clean_reason(reason)
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("request__household", "request__subproject__agreement__municipality")
        .get(pk=decision.pk)
    )
    request = decision.request
    economy = _require_authority(acting_user=acting_user, decision=decision)
    if decision.cancelled_at is not None:
        raise DomainError(_("This decision is already cancelled."))
    if (
        decision.decided_at is None
        or decision.outcome == Outcome.DECLINED
        or request.status != RequestStatus.APPROVED
    ):
        raise DomainError(
            _("Only an approved decision can be cancelled; one that waits is declined instead.")
        )
    # Payments first, in the export's order (payment rows, then the accounts), so an
    # export running now either takes a payment before us or never sees it.
    payments = list(
        Payment.objects.select_for_update(of=("self",))
        .filter(support_line__request=request)
        .order_by("pk")
    )
    sent = sum((p.amount for p in payments if p.status in SENT), start=Decimal("0.00"))
    sent += sum(
        (
            line.approved_amount or 0
            for line in request.lines.all()
            if line.form == SupportForm.VOUCHER
        ),
        start=Decimal("0.00"),
    )
    if sent > 0:
        raise DomainError(
            _(
                "%(amount)s of this decision has already been paid out, so it cannot be "
                "cancelled. Record a repayment when the money comes back."
            )
            % {"amount": format_nok(sent)}
        )
    cancelled = []
    for payment in payments:
        if payment.status in UNPAID:
            # payments lets only the economy act on a payment: a team member's cancel
            # goes through as the system, and the decision's audit row names who.
            payment_services.payment_cancel(
                acting_user=acting_user if economy else None,
                payment=payment,
                # Stored as a fixed text with the request number people know, and shown
                # in the reader's language (Payment.status_reason_text).
                reason=ledger_reason("support_cancelled", request=request.pk),
            )
            cancelled.append(payment.pk)
    released = sum((p.amount for p in payments), start=Decimal("0.00"))
    left = decision.amount - released
    if left > 0:
        funding_services.money_release(
            acting_user=acting_user,
            subproject=request.subproject,
            amount=left,
            idempotency_key=cancel_key(decision),
            reason=ledger_reason("support_cancelled", request=request.pk),
            settles=commitment_key(decision),
        )
    decision.cancelled_at = timezone.now()
    decision.cancelled_by = acting_user
    decision.cancel_reason = reason
    decision.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    request.status = RequestStatus.CANCELLED
    request.save(update_fields=["status"])
    request.other_help.filter(status=TaskStatus.OPEN).update(status=TaskStatus.DROPPED)
    audit_record_create(
        actor=acting_user,
        action="decision.cancel",
        target=decision,
        old_values={"status": RequestStatus.APPROVED},
        new_values={
            "status": RequestStatus.CANCELLED,
            "amount": str(decision.amount),
            "released": str(decision.amount),
            "payments_cancelled": cancelled,
            "reason_given": True,
        },
        municipality=_municipality(request.subproject),
    )
    return decision
