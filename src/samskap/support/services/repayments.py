"""Repayment: money of a paid decision that comes back to the municipality.

A decision whose money has left cannot be cancelled (`decision_cancel`); when the family
repays, or the support turns out to be wrong and the money is paid back, the economy
records it from its bank statement. The ledger then moves the money out of the paid
accounts the payouts filled, back into this year's budget (or, after the period is
closed, to the closing balance owed to the state: a late return, see docs/ledger.md).
"""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samskap.accounts.access import require_municipality_manager
from samskap.audit.services import audit_record_create
from samskap.core.banktext import check_bank_text
from samskap.core.errors import AlreadyRecorded, DomainError, Problems
from samskap.core.money import format_nok, parse_amount
from samskap.funding import selectors as funding_selectors
from samskap.funding import services as funding_services
from samskap.funding.ledger_texts import ledger_reason
from samskap.funding.models import TransactionKind
from samskap.payments.models import Payment, PaymentStatus
from samskap.support.keys import repayment_key, voucher_key
from samskap.support.models import Decision, Outcome, Repayment, SupportForm

NOTE_LENGTH = 200


def payout_keys(decision: Decision) -> list[str]:
    """The ledger keys of the decision's money that reached the family, oldest first:
    bank payments the bank confirmed as paid, then vouchers handed over in the meeting.
    A payment still with the bank (sent, not yet confirmed) is not repayable yet."""
    paid = Payment.objects.filter(
        support_line__request=decision.request, status=PaymentStatus.PAID
    ).order_by("pk")
    keys = [payment.pay_key for payment in paid]
    vouchers = decision.request.lines.filter(
        form=SupportForm.VOUCHER, approved_amount__gt=0
    ).order_by("pk")
    keys += [voucher_key(line) for line in vouchers]
    return keys


def repayable(decision: Decision) -> dict[str, Decimal]:
    """NOK still repayable per payout key (only those with something left), oldest first."""
    keys = payout_keys(decision)
    left = funding_selectors.unsettled_amounts(subproject=decision.request.subproject, keys=keys)
    return {key: left[key] for key in keys if left.get(key, 0) > 0}


def repayment_check(*, acting_user, decision: Decision, **fields) -> list[DomainError]:
    """What `repayment_record` would refuse the fields that passed their form with
    (`fields`: any of amount, received_on, note), without writing or locking: for the
    page when other fields were refused, so every problem shows in one answer."""
    require_municipality_manager(
        user=acting_user,
        municipality_id=decision.request.subproject.agreement.municipality_id,
        what="decision",
    )
    problems = Problems()
    _repayment_fields(problems, decision, fields, left=repayable(decision))
    return problems.items


def _repayment_fields(problems: Problems, decision: Decision, fields: dict, *, left) -> dict:
    """The repayment's fields read, every refusal kept in `problems`; a field not in
    `fields` is not checked. The amount is held against what is still repayable (`left`,
    NOK per payout key)."""
    read = {}
    if "amount" in fields:
        amount = read["amount"] = problems.check(parse_amount, fields["amount"])
        total = sum(left.values(), start=Decimal("0.00"))
        if amount is not None and amount > total:
            problems.add(
                _("Only %(left)s of this decision has reached the family and not come back.")
                % {"left": format_nok(total)},
                field="amount",
            )
    if "received_on" in fields:
        read["received_on"] = problems.check(_received_on, fields["received_on"], decision)
    if "note" in fields:
        read["note"] = problems.check(
            check_bank_text,
            " ".join((fields["note"] or "").split()),
            max_length=NOTE_LENGTH,
            field="note",
        )
    return read


def _received_on(received_on, decision: Decision) -> datetime.date:
    if not isinstance(received_on, datetime.date):
        raise DomainError(_("Enter the date the money was received."), field="received_on")
    if received_on > timezone.localdate():
        raise DomainError(
            _("The money cannot have been received in the future."), field="received_on"
        )
    decided_on = timezone.localdate(decision.decided_at)
    if received_on < decided_on:
        raise DomainError(
            _("The money cannot have come back before the decision (%(date)s).")
            % {"date": date_format(decided_on, "SHORT_DATE_FORMAT")},
            field="received_on",
        )
    return received_on


@transaction.atomic
def repayment_record(
    *,
    acting_user,
    decision: Decision,
    amount,
    received_on: datetime.date,
    note: str = "",
    form_token: str,
) -> Repayment:
    """Record `amount` NOK of `decision` paid back, received on `received_on`.

    Only the economy of the decision's municipality records it (it reads the bank
    statement); NotFoundOrForbidden otherwise. Refused (DomainError) for a decision that
    was not approved, more than what reached the family and has not come back already,
    a date in the future or before the decision, every refused field in one DomainError
    (its `problems`). A second post of the same form
    (`form_token`) raises AlreadyRecorded and changes nothing.
    """
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("request__subproject__agreement")
        .get(pk=decision.pk)
    )
    subproject = decision.request.subproject
    municipality_id = subproject.agreement.municipality_id
    require_municipality_manager(user=acting_user, municipality_id=municipality_id, what="decision")
    earlier = Repayment.objects.filter(form_token=form_token).first()
    if earlier is not None:
        raise AlreadyRecorded(
            _("This repayment was already recorded: %(amount)s received %(date)s.")
            % {
                "amount": format_nok(earlier.amount),
                "date": date_format(earlier.received_on, "SHORT_DATE_FORMAT"),
            },
            recorded=earlier,
        )
    if decision.decided_at is None or decision.outcome == Outcome.DECLINED:
        raise DomainError(_("Only money of an approved decision can be repaid."))
    # The payouts' posting rows are settled under the decision's lock: two repayments of
    # the same decision take turns, so together they never exceed what was paid.
    left = repayable(decision)
    problems = Problems()
    read = _repayment_fields(
        problems, decision, {"amount": amount, "received_on": received_on, "note": note}, left=left
    )
    problems.refuse()
    amount, received_on, note = read["amount"], read["received_on"], read["note"]
    try:
        with transaction.atomic():
            repayment = Repayment.objects.create(
                decision=decision,
                amount=amount,
                received_on=received_on,
                note=note,
                recorded_by=acting_user,
                form_token=form_token,
            )
    except IntegrityError as error:
        # The same form, posted at the same moment from a second tab.
        raise AlreadyRecorded(_("This repayment was already recorded.")) from error
    remaining = amount
    late = False
    for index, (key, open_amount) in enumerate(left.items()):
        if remaining <= 0:
            break
        part = min(open_amount, remaining)
        posting = funding_services.money_release(
            acting_user=acting_user,
            subproject=subproject,
            amount=part,
            idempotency_key=repayment_key(repayment, index),
            reason=ledger_reason("support_repaid", request=decision.request_id),
            from_paid=True,
            settles=key,
        )
        late = late or posting.kind == TransactionKind.LATE_RETURN
        remaining -= part
    audit_record_create(
        actor=acting_user,
        action="decision.repayment",
        target=decision,
        new_values={
            "repayment": repayment.pk,
            "amount": str(amount),
            "received_on": received_on.isoformat(),
            "late_return": late,
            "note_given": bool(note),
        },
        municipality=subproject.agreement.municipality,
    )
    return repayment
