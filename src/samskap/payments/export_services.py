"""The bank file: export the waiting payments, hand out a stored file, withdraw one.

Import these from `samskap.payments.services`, the app's public module.

Lock order, the same in every money path of payments: the payment rows first (by id),
then every affected sub-project's accounts at once in primary-key order
(`funding.services.lock_subprojects`), then the postings. Two exports, an export and a
cancel, or an export and a returns import therefore never wait on each other in a circle.
"""

import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from samskap.audit.services import audit_record_build, audit_record_create, audit_records_create
from samskap.core.bulk import many
from samskap.core.errors import DomainError
from samskap.funding import services as funding_services
from samskap.funding.ledger_texts import ledger_reason
from samskap.payments.access import require_payment_manager
from samskap.payments.bankdays import next_bank_day
from samskap.payments.debtor_services import debtor_for
from samskap.payments.hold_services import clean_reason
from samskap.payments.hooks import on_payments_exported
from samskap.payments.models import Payment, PaymentBatch, PaymentStatus
from samskap.payments.pain001 import (
    build_pain001,
    debtor_problems,
    payment_problems,
    validate_pain001,
)

PROBLEM_LENGTH = 200


def today():
    """Today in the municipality's time zone; tests freeze it here."""
    return timezone.localdate()


def _message_id() -> str:
    """The batch's name and the file's MsgId: the local time the economist sees beside it
    on the payments page (UTC read an hour or two off), and a random tail."""
    return f"SAMSKAP-{timezone.localtime():%Y%m%d%H%M%S}-{secrets.token_hex(3).upper()}"


def lock_payment_subprojects(payments) -> None:
    """Lock the sub-projects of `payments` once, in primary-key order, before any posting."""
    subprojects = {payment.subproject_id: payment.subproject for payment in payments}
    if subprojects:
        funding_services.lock_subprojects(*(subprojects[pk] for pk in sorted(subprojects)))


def _share_subprojects(payments: list[Payment]) -> None:
    """Give each payment its sub-project (with its agreement), one object per sub-project:
    `select_related` would build two model objects per payment (20,000 in an export of
    10,000) for the few sub-projects there are."""
    model = Payment._meta.get_field("subproject").related_model
    subprojects = model.objects.select_related("agreement").in_bulk(
        {payment.subproject_id for payment in payments}
    )
    for payment in payments:
        payment.subproject = subprojects[payment.subproject_id]


def _debtor(municipality):
    debtor = debtor_for(municipality)
    if debtor is None:
        raise DomainError(
            _(
                "The programme's bank account is not registered for %(municipality)s. "
                "Register it under Payments → Programme bank account before making a file."
            )
            % {"municipality": municipality}
        )
    if problems := debtor_problems(debtor):
        raise DomainError(" ".join(str(problem) for problem in problems))
    return debtor


def _set_aside(payment: Payment, problems: list) -> None:
    payment.problem = " ".join(str(problem) for problem in problems)[:PROBLEM_LENGTH]


def _pay(acting_user, payments: list[Payment]) -> list[Payment]:
    """Post every payout committed -> paid in one go (`funding.money_pay_many`); the
    payments the ledger refuses are set aside with the reason, so one payment's money
    problem never stops the others. Returns the paid ones."""
    outcome = funding_services.money_pay_many(
        acting_user=acting_user,
        payouts=[
            funding_services.Payout(
                subproject=payment.subproject,
                amount=payment.amount,
                idempotency_key=payment.pay_key,
                reason=ledger_reason("payment", payment=payment.end_to_end_id),
                settles=payment.settles,
            )
            for payment in payments
        ],
    )
    paid = []
    for payment in payments:
        result = outcome[payment.pay_key]
        if isinstance(result, DomainError):
            _set_aside(payment, [result.message])
        else:
            paid.append(payment)
    return paid


@transaction.atomic
def payment_batch_export(*, acting_user, municipality) -> PaymentBatch | None:
    """Write every waiting payment that can be written into one batch and file.

    A payment the bank could not take (`payment_problems`) or the ledger refuses stays
    waiting with its reason in `problem` (set aside); the others go in the file. Returns
    None when nothing could be written; the set-aside payments then say why. Held
    payments are skipped. The requested execution date is the next bank day from today,
    stored with the batch. Refused (DomainError) without a registered debtor account.

    The payment rows are locked, so two economists clicking at once make one batch.
    """
    require_payment_manager(user=acting_user, municipality=municipality)
    debtor = _debtor(municipality)
    payments = list(
        Payment.objects.select_for_update(of=("self",))
        .filter(municipality=municipality, status=PaymentStatus.PENDING)
        .order_by("id")
    )
    if not payments:
        return None
    _share_subprojects(payments)
    had_problem = {payment.pk for payment in payments if payment.problem}
    writable = []
    for payment in payments:
        payment.problem = ""
        if problems := payment_problems(payment, debtor_account=debtor.account):
            _set_aside(payment, problems)
        else:
            writable.append(payment)
    lock_payment_subprojects(writable)
    paid = _pay(acting_user, writable)
    set_aside = [payment for payment in payments if payment.problem]
    # One UPDATE clears the old reasons of the payments that had one; only the few
    # set-aside payments get one each.
    cleared = [p.pk for p in payments if p.pk in had_problem and not p.problem]
    if cleared:
        Payment.objects.filter(pk__in=many(cleared)).update(problem="")
    for payment in set_aside:
        Payment.objects.filter(pk=payment.pk).update(problem=payment.problem)
    audit_records_create(
        [
            audit_record_build(
                actor=acting_user,
                action="payment.set_aside",
                target=payment,
                new_values={"end_to_end_id": payment.end_to_end_id},
                municipality=municipality,
            )
            for payment in set_aside
        ]
    )
    if not paid:
        return None
    return _write_batch(acting_user, municipality, debtor, paid, len(set_aside))


def _write_batch(acting_user, municipality, debtor, payments, set_aside: int) -> PaymentBatch:
    message_id = _message_id()
    now = timezone.now()
    execution_date = next_bank_day(today())
    xml = build_pain001(
        message_id=message_id,
        payments=payments,
        created_at=now,
        requested_execution_date=execution_date,
        debtor=debtor,
    )
    try:
        validate_pain001(xml)
    except etree.DocumentInvalid as error:
        # payment_problems and debtor_problems catch what the schema would refuse; if the
        # schema still says no, nothing is stored and the economist reads why.
        raise DomainError(
            _("The payment file did not pass the bank's format check: %(detail)s")
            % {"detail": error}
        ) from error
    total = sum((payment.amount for payment in payments), start=Decimal("0.00"))
    batch = PaymentBatch.objects.create(
        municipality=municipality,
        message_id=message_id,
        created_by=acting_user,
        payment_count=len(payments),
        total=total,
        requested_execution_date=execution_date,
        xml=xml.decode(),
    )
    for payment in payments:
        payment.batch = batch
        payment.status = PaymentStatus.EXPORTED
        payment.exported_at = now
    Payment.objects.filter(pk__in=many(payment.pk for payment in payments)).update(
        batch=batch, status=PaymentStatus.EXPORTED, exported_at=now
    )
    audit_record_create(
        actor=acting_user,
        action="payment_batch.export",
        target=batch,
        new_values={
            "message_id": message_id,
            "payments": len(payments),
            "total": str(total),
            "requested_execution_date": execution_date.isoformat(),
            "set_aside": set_aside,
        },
        municipality=municipality,
    )
    on_payments_exported(batch=batch, acting_user=acting_user)
    return batch


@transaction.atomic
def payment_batch_download(*, acting_user, batch: PaymentBatch) -> str:
    """Hand out a stored bank file; the file names people and accounts, so who took it is
    written to the audit trail. A withdrawn batch is refused: it must not reach the bank."""
    require_payment_manager(user=acting_user, municipality=batch.municipality)
    if batch.is_withdrawn:
        raise DomainError(
            _("This file was withdrawn and must not be sent to the bank. Make a new file.")
        )
    audit_record_create(
        actor=acting_user,
        action="payment_batch.download",
        target=batch,
        new_values={"message_id": batch.message_id, "payments": batch.payment_count},
        municipality=batch.municipality,
    )
    return batch.xml


@transaction.atomic
def payment_batch_withdraw(*, acting_user, batch: PaymentBatch, reason: str) -> PaymentBatch:
    """Take back a file that never reached the bank: its payments wait again.

    Each payout is undone in the ledger (paid -> committed, `funding.money_unpay`, a key
    per payment and withdrawal), so the next export pays them anew. Refused once the bank
    has answered for any payment in the file (paid or returned). A second call on a
    withdrawn batch changes nothing.
    """
    require_payment_manager(user=acting_user, municipality=batch.municipality)
    reason = clean_reason(reason)
    batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.is_withdrawn:
        return batch
    payments = list(
        Payment.objects.select_for_update(of=("self",))
        .filter(batch=batch)
        .select_related("subproject__agreement")
        .order_by("id")
    )
    if any(payment.status != PaymentStatus.EXPORTED for payment in payments):
        raise DomainError(
            _(
                "The bank has already answered for payments in this file (paid or returned); "
                "it can no longer be withdrawn."
            )
        )
    lock_payment_subprojects(payments)
    reason_text = ledger_reason("file_withdrawn", batch=batch.message_id)
    funding_services.money_unpay_many(
        acting_user=acting_user,
        unpays=[
            funding_services.Unpay(
                subproject=payment.subproject,
                idempotency_key=f"payment:{payment.pk}:withdraw:{batch.pk}",
                reason=reason_text,
                settles=payment.pay_key,
            )
            for payment in payments
        ],
    )
    for payment in payments:
        payment.status = PaymentStatus.PENDING
        payment.batch = None
        payment.exported_at = None
        payment.withdrawals += 1
    Payment.objects.bulk_update(
        payments, ["status", "batch", "exported_at", "withdrawals"], batch_size=1000
    )
    batch.withdrawn_at = timezone.now()
    batch.withdrawn_by = acting_user
    batch.withdrawn_reason = reason
    batch.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    audit_record_create(
        actor=acting_user,
        action="payment_batch.withdraw",
        target=batch,
        old_values={"payments": len(payments)},
        new_values={"message_id": batch.message_id, "payments_pending_again": len(payments)},
        municipality=batch.municipality,
    )
    return batch
