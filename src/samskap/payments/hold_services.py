"""The economist's hand on a payment that waits for export: hold, release, correct, cancel.

Import these from `samskap.payments.services`, the app's public module. Each one locks
the payment row first (then, for cancel, the sub-project's accounts: the same order as
the export), checks the acting user, and writes an audit row without names, full
account numbers or the typed reason (the reason is kept on the payment).
"""

from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError
from stdnum.no import kontonr

from samskap.audit.services import audit_record_create
from samskap.core.banktext import check_bank_text, to_bank_charset
from samskap.core.errors import DomainError
from samskap.funding import services as funding_services
from samskap.funding.ledger_texts import ledger_reason
from samskap.payments.access import require_payment_manager
from samskap.payments.debtor_services import paying_account_owner
from samskap.payments.models import Payment, PaymentStatus
from samskap.payments.pain001 import NAME_LENGTH

REASON_LENGTH = 200
OPEN_STATUSES = (PaymentStatus.PENDING, PaymentStatus.HELD)


def clean_reason(reason: str) -> str:
    reason = check_bank_text((reason or "").strip(), max_length=REASON_LENGTH, field="reason")
    if not reason:
        raise DomainError(_("Write a short reason."), field="reason")
    return reason


def _locked(payment: Payment, *, acting_user) -> Payment:
    require_payment_manager(user=acting_user, municipality=payment.municipality)
    return (
        Payment.objects.select_for_update(of=("self",))
        .select_related("subproject__agreement", "municipality")
        .get(pk=payment.pk)
    )


def _refuse_unless(payment: Payment, *statuses) -> None:
    if payment.status not in statuses:
        raise DomainError(
            _("This payment is %(status)s and can no longer be changed here.")
            % {"status": payment.get_status_display().lower()}
        )


def _audit(acting_user, payment: Payment, action: str, old: dict, new: dict) -> None:
    audit_record_create(
        actor=acting_user,
        action=action,
        target=payment,
        old_values=old,
        new_values=new,
        municipality=payment.municipality,
    )


def _move(*, acting_user, payment: Payment, reason: str, old, new, action: str) -> Payment:
    reason = clean_reason(reason)
    payment = _locked(payment, acting_user=acting_user)
    _refuse_unless(payment, old)
    payment.status = new
    payment.status_reason = reason
    payment.save(update_fields=["status", "status_reason"])
    _audit(acting_user, payment, action, {"status": old}, {"status": new})
    return payment


@transaction.atomic
def payment_hold(*, acting_user, payment: Payment, reason: str) -> Payment:
    """Keep a waiting payment out of the exports until it is released."""
    return _move(
        acting_user=acting_user,
        payment=payment,
        reason=reason,
        old=PaymentStatus.PENDING,
        new=PaymentStatus.HELD,
        action="payment.hold",
    )


@transaction.atomic
def payment_release(*, acting_user, payment: Payment, reason: str) -> Payment:
    """Put a held payment back in the queue for the next export."""
    return _move(
        acting_user=acting_user,
        payment=payment,
        reason=reason,
        old=PaymentStatus.HELD,
        new=PaymentStatus.PENDING,
        action="payment.release",
    )


@transaction.atomic
def payment_correct(
    *, acting_user, payment: Payment, creditor_name: str, creditor_account: str, reason: str
) -> Payment:
    """Pay a waiting or held payment to another name and account.

    payments does not know households: the caller (the household's payout-account page
    in support) passes the household's current account holder and account number.
    The problem an export found is cleared; the next export checks the payment again.
    """
    reason = clean_reason(reason)
    name = check_bank_text(
        (creditor_name or "").strip(), max_length=NAME_LENGTH, field="creditor_name"
    )
    if not to_bank_charset(name, NAME_LENGTH):
        raise DomainError(_("The account holder's name is missing."), field="creditor_name")
    try:
        account = kontonr.validate(creditor_account or "")
    except ValidationError as error:
        raise DomainError(
            _("The account number is not a valid Norwegian account number (11 digits)."),
            field="creditor_account",
        ) from error
    payment = _locked(payment, acting_user=acting_user)
    _refuse_unless(payment, *OPEN_STATUSES)
    # The words of people.paying_accounts.refuse_paying_account, which payments may not import.
    owner = paying_account_owner(municipality_id=payment.municipality_id, account=account)
    if owner == "own":
        raise DomainError(
            _(
                "This is the municipality's own account, the one the programme pays from. "
                "Enter the account the money should be paid to."
            ),
            field="creditor_account",
        )
    if owner == "other":
        raise DomainError(
            _(
                "This is another municipality's account, the one its programme pays from. "
                "Enter the account the money should be paid to."
            ),
            field="creditor_account",
        )
    old = {"account_last4": payment.creditor_account[-4:], "had_problem": bool(payment.problem)}
    payment.creditor_name = name
    payment.creditor_account = account
    payment.problem = ""
    payment.status_reason = reason
    payment.save(update_fields=["creditor_name", "creditor_account", "problem", "status_reason"])
    _audit(acting_user, payment, "payment.correct", old, {"account_last4": account[-4:]})
    return payment


@transaction.atomic
def payment_cancel(*, acting_user, payment: Payment, reason: str) -> Payment:
    """Never pay this waiting or held payment; its money goes back to the sub-project.

    The commitment it settles is released with a key of its own, so a second call (a
    double click, or `decision_cancel` after a cancel from the payments page) changes
    nothing and hands back the cancelled payment.
    """
    reason = clean_reason(reason)
    payment = _locked(payment, acting_user=acting_user)
    if payment.status == PaymentStatus.CANCELLED:
        return payment
    _refuse_unless(payment, *OPEN_STATUSES)
    old_status = payment.status
    funding_services.money_release(
        acting_user=acting_user,
        subproject=payment.subproject,
        amount=payment.amount,
        idempotency_key=f"payment:{payment.pk}:cancel",
        reason=ledger_reason("payment_cancelled", payment=payment.end_to_end_id),
        settles=payment.settles,
    )
    payment.status = PaymentStatus.CANCELLED
    payment.status_reason = reason
    payment.save(update_fields=["status", "status_reason"])
    _audit(
        acting_user,
        payment,
        "payment.cancel",
        {"status": old_status},
        {"status": PaymentStatus.CANCELLED, "amount": str(payment.amount)},
    )
    return payment
