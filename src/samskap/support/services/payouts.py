"""After the bank sends a payout back: a task for the contact person, and paying the same
decision again to the corrected account without a new meeting.

The returns import lives in payments, below support; it calls `returned_payment_task_open`
through `payments.hooks`, registered in `SupportConfig.ready()`.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.audit.services import (
    audit_record_build,
    audit_record_create,
    audit_records_create,
)
from samskap.core import blank_text
from samskap.core.errors import DomainError
from samskap.funding import services as funding_services
from samskap.funding.ledger_texts import ledger_reason
from samskap.payments import services as payment_services
from samskap.payments.models import Payment
from samskap.subprojects.access import require_team_seat
from samskap.support.keys import pay_again_key
from samskap.support.models import (
    Decision,
    Outcome,
    RequestStatus,
    ReturnedPaymentTask,
    SupportForm,
    SupportLine,
)
from samskap.support.selectors import returned_lines
from samskap.support.services._common import _municipality
from samskap.support.services.approvals import payee_of


def returned_payment_task_open(*, payment: Payment, acting_user) -> ReturnedPaymentTask | None:
    """A task for the contact person who proposed the support: the bank returned its payout.

    One task per returned payment; see `returned_payment_tasks_open`."""
    return returned_payment_tasks_open(payments=[payment], acting_user=acting_user)[0]


def returned_payment_tasks_open(*, payments: list[Payment], acting_user) -> list:
    """A task per returned payment for the contact person who proposed its support.

    Called by the returns import inside its transaction (the import has checked its own
    user, the economist, who sits on no team), once for every payment it returned: the
    lines, the tasks already open and the new tasks and their audit records each take
    one query, whatever the number of payments. A payment with a task keeps it.
    """
    lines = SupportLine.objects.select_related("request__subproject__agreement").in_bulk(
        {payment.support_line_id for payment in payments}
    )
    tasks = {
        task.payment_id: task
        for task in ReturnedPaymentTask.objects.filter(payment__in=[p.pk for p in payments])
    }
    new = []
    for payment in payments:
        if payment.pk in tasks:
            continue
        request = lines[payment.support_line_id].request
        tasks[payment.pk] = ReturnedPaymentTask(
            payment=payment, request=request, assigned_to_id=request.proposed_by_id
        )
        new.append(tasks[payment.pk])
    if new:
        new = blank_text.bulk_create(ReturnedPaymentTask.objects, new)
        audit_records_create(
            [
                audit_record_build(
                    actor=acting_user,
                    action="returned_payment_task.open",
                    target=task,
                    new_values={"payment": task.payment_id, "request": task.request_id},
                    municipality_id=task.request.subproject.agreement.municipality_id,
                )
                for task in new
            ]
        )
    return [tasks[payment.pk] for payment in payments]


@transaction.atomic
def decision_pay_again(*, acting_user, decision: Decision) -> list[Payment]:
    """Pay the decision's returned lines again, to the account the household has now.

    Refused while that account is the one the bank returned the money from. Each line
    gets a new payment with its own end-to-end id, and its amount is committed again
    (the return gave the first commitment back to the budget); the returned payment
    stays returned in history and its task is done.
    """
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("request__household", "request__subproject__agreement__municipality")
        .get(pk=decision.pk)
    )
    request = decision.request
    require_team_seat(user=acting_user, subproject=request.subproject)
    if (
        decision.decided_at is None
        or decision.outcome == Outcome.DECLINED
        or request.status != RequestStatus.APPROVED
    ):
        raise DomainError(_("Only a final decision to give support can be paid again."))
    lines = returned_lines(decision)
    if not lines:
        raise DomainError(_("No payment of this decision has come back from the bank."))
    household = request.household
    new_payments, returned = [], []
    for line, payment in lines:
        creditor_name, account, remittance = payee_of(line, household)
        if line.form != SupportForm.CASH:
            raise DomainError(
                _(
                    "A purchase the bank returned cannot be paid again here: "
                    "the supplier's account is part of the request."
                )
            )
        if not account:
            raise DomainError(
                _("The household has no account number. Register it on the household page.")
            )
        if account == payment.creditor_account:
            raise DomainError(
                _(
                    "The household's account is the one the bank returned the money from. "
                    "Correct the account number on the household page first."
                )
            )
        key = pay_again_key(payment)
        funding_services.money_commit(
            acting_user=acting_user,
            subproject=request.subproject,
            amount=payment.amount,
            idempotency_key=key,
            reason=ledger_reason("support", request=request.pk),
        )
        new_payments.append(
            payment_services.payment_instruct(
                acting_user=acting_user,
                support_line=line,
                subproject=request.subproject,
                creditor_name=creditor_name,
                creditor_account=account,
                amount=payment.amount,
                remittance=remittance,
                settles=key,
            )
        )
        returned.append(payment)
    ReturnedPaymentTask.objects.filter(payment__in=returned, done_at=None).update(
        done_at=timezone.now()
    )
    audit_record_create(
        actor=acting_user,
        action="decision.pay_again",
        target=decision,
        new_values={
            "returned_payments": [payment.pk for payment in returned],
            "payments": [payment.pk for payment in new_payments],
            "amount": str(sum(payment.amount for payment in new_payments)),
        },
        municipality=_municipality(request.subproject),
    )
    return new_payments
