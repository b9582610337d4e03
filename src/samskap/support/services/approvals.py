"""When a decision becomes final: the limits that call for a second approver, the second
approver's yes or no, and what a final decision does (commit, pay out, open help tasks).

Money moves through the ledger (samskap.funding.services) inside the caller's
transaction, so a decision and its posting commit together or not at all.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.accounts.access import manages_municipality
from samskap.audit.services import audit_record_create
from samskap.core.errors import DomainError
from samskap.core.money import format_nok
from samskap.funding import selectors as funding_selectors
from samskap.funding import services as funding_services
from samskap.payments import services as payment_services
from samskap.subprojects.access import require_team_seat
from samskap.subprojects.selectors import subproject_ids_for_team_member
from samskap.support.decision_guards import require_may_decide
from samskap.support.keys import commitment_key, voucher_key
from samskap.support.models import (
    Decision,
    OtherHelp,
    Outcome,
    RequestStatus,
    SecondVerdict,
    SupportForm,
    SupportLine,
    SupportRequest,
    TaskStatus,
)
from samskap.support.selectors import (
    ApprovalNeed,
    Level,
    approval_needs,
    household_received_this_year,
    second_approval_reasons,
)
from samskap.support.services._common import _municipality, lock_yearly_limits


def needs_second_approval(*, user, request: SupportRequest, amount: Decimal) -> bool:
    """Above the user's delegated authority (per decision, or what this household's people
    and payout account got this year), or their own proposal: a second person must confirm."""
    if amount <= 0:
        return False
    authority = funding_selectors.authority_limit_for(user=user, subproject=request.subproject)
    received = household_received_this_year(household_ids=[request.household_id])
    return bool(
        second_approval_reasons(
            user_id=user.pk,
            proposed_by_id=request.proposed_by_id,
            authority=authority,
            amount=amount,
            received=received.get(request.household_id, Decimal("0.00")),
        )
    )


def _apply_to_lines(request: SupportRequest, amount: Decimal, lines=None) -> list[SupportLine]:
    """Spread the decided amount over the lines, invoices first and in full, then in order.
    `lines`: the request's lines when already read; the caller then saves them."""
    left = amount
    save = lines is None
    lines = list(request.lines.all()) if lines is None else lines
    for line in sorted(lines, key=lambda line: line.form != SupportForm.PURCHASE):
        line.approved_amount = min(line.amount, left)
        left -= line.approved_amount
    if save:
        SupportLine.objects.bulk_update(lines, ["approved_amount"])
    return lines


def payee_of(line: SupportLine, household) -> tuple[str, str, str]:
    """Who a line pays, to which account, with what message: cash to the household's
    account as it is now, a purchase to its supplier."""
    if line.form == SupportForm.CASH:
        name = household.account_holder or household.alias
        return name, household.bank_account, line.description
    return line.supplier_name, line.supplier_account, line.invoice_reference or line.description


def _finalize(*, acting_user, decision: Decision) -> None:
    """Commit the money, instruct payments and open the help tasks — all in this transaction.
    (A meeting records its decisions in bulk and moves their money with `_move_money`.)"""
    request = decision.request
    now = timezone.now()
    decision.decided_at = now
    decision.save(update_fields=["decided_at", "second_approver"])
    if decision.outcome == Outcome.DECLINED:
        request.status = RequestStatus.DECLINED
        request.save(update_fields=["status"])
        request.other_help.update(status=TaskStatus.DROPPED)
        return
    request.status = RequestStatus.APPROVED
    request.save(update_fields=["status"])
    _move_money(acting_user=acting_user, decisions=[decision])


def _move_money(*, acting_user, decisions: list[Decision]) -> None:
    """What approved final decisions do with money, for all of them at once: commit each
    decision's amount (`funding.money_commit_many`, in the order given: the first one the
    budget cannot cover refuses them all with NotEnoughLeft), spread it over its lines,
    pay the vouchers handed over in the meeting (`money_pay_many`) and instruct the bank
    payments; then open the help tasks. The ledger's queries do not grow with the count."""
    if not decisions:
        return
    # Postings are read by the economy, who must not learn who the household is.
    funding_services.money_commit_many(
        acting_user=acting_user,
        commitments=[
            funding_services.Commitment(
                subproject=decision.request.subproject,
                amount=decision.amount,
                idempotency_key=commitment_key(decision),
                reason=f"Support #{decision.request.pk}",
            )
            for decision in decisions
        ],
    )
    lines_of: dict[int, list[SupportLine]] = {}
    for line in SupportLine.objects.filter(
        request__in=[decision.request_id for decision in decisions]
    ).order_by("pk"):
        lines_of.setdefault(line.request_id, []).append(line)
    vouchers, payments, changed = [], [], []
    for decision in decisions:
        request = decision.request
        lines = _apply_to_lines(request, decision.amount, lines_of.get(request.pk, []))
        changed.extend(lines)
        for line in lines:
            if not line.approved_amount:
                continue
            if line.form == SupportForm.VOUCHER:
                # The card is handed over in the meeting: paid at once, no bank file.
                vouchers.append(
                    funding_services.Payout(
                        subproject=request.subproject,
                        amount=line.approved_amount,
                        idempotency_key=voucher_key(line),
                        reason=f"Support #{request.pk}",
                        settles=commitment_key(decision),
                    )
                )
            else:
                payments.append((decision, line))
    SupportLine.objects.bulk_update(changed, ["approved_amount"], batch_size=500)
    if vouchers:
        paid = funding_services.money_pay_many(acting_user=acting_user, payouts=vouchers)
        for voucher in vouchers:
            if isinstance(paid[voucher.idempotency_key], DomainError):
                raise paid[voucher.idempotency_key]
    instructions = []
    for decision, line in payments:
        request = decision.request
        creditor_name, account, remittance = payee_of(line, request.household)
        # A purchase with a KID: the file then carries the KID, not the message.
        kid = line.kid if line.form == SupportForm.PURCHASE else ""
        instructions.append(
            payment_services.Instruction(
                support_line=line,
                subproject=request.subproject,
                creditor_name=creditor_name,
                creditor_account=account,
                amount=line.approved_amount,
                remittance=remittance,
                settles=commitment_key(decision),
                kid=kid,
            )
        )
    # Every bank payment of these decisions at once (same rules as payment_instruct).
    payment_services.payment_instruct_many(acting_user=acting_user, instructions=instructions)
    OtherHelp.objects.filter(request__in=[decision.request_id for decision in decisions]).update(
        status=TaskStatus.OPEN
    )


def _awaiting_second_approver(
    *, acting_user, decision: Decision
) -> tuple[Decision, bool, ApprovalNeed]:
    """Lock a decision for its second approver: on the team, not proposer nor first decider,
    or the municipality's economy once nobody on the team holds authority that covers it.

    Returns the locked decision, whether the acting user acts as the economy, and who
    may confirm it.
    """
    # The decision row alone (not the household, sub-project, agreement and municipality it
    # joins), then its request and the yearly limits, in the order a meeting locks them.
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("request__household", "request__subproject__agreement__municipality")
        .get(pk=decision.pk)
    )
    request = decision.request
    list(SupportRequest.objects.select_for_update(no_key=True).filter(pk=request.pk))
    lock_yearly_limits([request.household_id])
    need = approval_needs(decisions=[decision])[decision.pk]
    economy = (
        need.level in (Level.ECONOMY, Level.NOBODY)
        and manages_municipality(acting_user, request.subproject.agreement.municipality_id)
        and request.subproject_id not in subproject_ids_for_team_member(user=acting_user)
    )
    if not economy:
        require_team_seat(user=acting_user, subproject=request.subproject)
    require_may_decide(user=acting_user)
    if not decision.needs_second_approval or decision.decided_at is not None:
        raise DomainError(_("This decision does not wait for a second approver."))
    if acting_user.pk in (request.proposed_by_id, decision.decided_by_id):
        raise DomainError(
            _("A second approver must be someone other than the proposer and the first approver.")
        )
    return decision, economy, need


def _own_words(reason: str) -> str:
    return " ".join(str(reason or "").split())[:200]


@transaction.atomic
def decision_confirm(*, acting_user, decision: Decision, reason: str = "") -> Decision:
    """The second approver says yes: the money is committed and paid out as decided.

    Their own authority must cover the amount and what the household's people got this
    year; when nobody on the team holds that, the economist confirms, up to the ceiling.
    `reason` is the second approver's own note (optional when confirming), kept on the
    decision beside, never instead of, the first approver's rationale.
    """
    decision, economy, need = _awaiting_second_approver(acting_user=acting_user, decision=decision)
    request = decision.request
    if economy and need.level == Level.NOBODY:
        raise DomainError(need.label)
    if not economy and not need.may_confirm(acting_user):
        raise DomainError(
            _("You do not have authority to approve %(amount)s for this household. %(needed)s")
            % {"amount": format_nok(decision.amount), "needed": need.label}
        )
    decision.second_approver = acting_user
    decision.second_verdict = SecondVerdict.CONFIRMED
    decision.second_reason = _own_words(reason)
    decision.save(update_fields=["second_approver", "second_verdict", "second_reason"])
    _finalize(acting_user=acting_user, decision=decision)
    audit_record_create(
        actor=acting_user,
        action="decision.confirm",
        target=decision,
        new_values={
            "second_approver": acting_user.pk,
            "amount": str(decision.amount),
            "level": str(need.level),
            "reason_given": bool(decision.second_reason),
        },
        municipality=_municipality(request.subproject),
    )
    return decision


@transaction.atomic
def decision_refuse(*, acting_user, decision: Decision, reason: str) -> Decision:
    """The second approver says no, and why: the request is declined, nothing committed.

    Declining commits nothing, so any team member but the proposer and the first approver
    may; the economist only what was escalated to them. The reason is required and kept on
    the decision (`second_reason`), never in the audit trail; the first approver's outcome
    and amount stay on the decision (`first_outcome`, `first_amount`).
    """
    decision, _economy, _need = _awaiting_second_approver(
        acting_user=acting_user, decision=decision
    )
    words = _own_words(reason)
    if not words:
        raise DomainError(_("Say why you decline."), field="reason")
    request = decision.request
    old = {"outcome": decision.outcome, "amount": str(decision.amount)}
    decision.first_outcome = decision.outcome
    decision.first_amount = decision.amount
    decision.outcome = Outcome.DECLINED
    decision.amount = Decimal("0.00")
    decision.second_approver = acting_user
    decision.second_verdict = SecondVerdict.DECLINED
    decision.second_reason = words
    decision.save(
        update_fields=[
            "first_outcome",
            "first_amount",
            "outcome",
            "amount",
            "second_approver",
            "second_verdict",
            "second_reason",
        ]
    )
    _finalize(acting_user=acting_user, decision=decision)
    audit_record_create(
        actor=acting_user,
        action="decision.refuse",
        target=decision,
        old_values=old,
        new_values={
            "second_approver": acting_user.pk,
            "outcome": Outcome.DECLINED,
            "reason_given": True,
        },
        municipality=_municipality(request.subproject),
    )
    return decision
