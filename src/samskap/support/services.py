"""Writes of the support flow: map needs, write and confirm the letter, request, decide.

Each action is one transaction with its audit row; money moves through the ledger
(samskap.funding.services) inside the same transaction, so a decision and its posting
commit together or not at all.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.audit.services import audit_record_create
from samskap.core.errors import DomainError
from samskap.core.money import parse_amount
from samskap.funding import selectors as funding_selectors
from samskap.funding import services as funding_services
from samskap.payments import services as payment_services
from samskap.people.models import Household, Language
from samskap.people.selectors import household_subproject_ids
from samskap.people.validation import clean_bank_account
from samskap.subprojects.selectors import subproject_ids_for_team_member
from samskap.support.keys import commitment_key
from samskap.support.links import LinkRefused, letter_digest, read_letter_token
from samskap.support.models import (
    BasicNeed,
    Decision,
    HelpKind,
    Meeting,
    MotivationLetter,
    NeedsMapping,
    OtherHelp,
    Outcome,
    Place,
    RequestStatus,
    SupportForm,
    SupportLine,
    SupportRequest,
    TaskStatus,
)
from samskap.support.selectors import household_received_this_year


def _require_team_seat(user, subproject) -> None:
    if user is None or subproject.pk not in subproject_ids_for_team_member(user=user):
        raise DomainError(_("Only members of the sub-project's team can do this."))


def _require_enrolled(household: Household, subproject) -> None:
    if subproject.pk not in household_subproject_ids(household=household):
        raise DomainError(_("The household is not enrolled in this sub-project."))


def _municipality(subproject):
    return subproject.agreement.municipality


# --- Needs mapping -------------------------------------------------------------------


@transaction.atomic
def needs_mapping_record(
    *,
    acting_user,
    household: Household,
    subproject,
    place: str,
    services_present: list,
    basic_needs: list[str],
    notes: str = "",
) -> NeedsMapping:
    _require_team_seat(acting_user, subproject)
    _require_enrolled(household, subproject)
    if place not in Place.values:
        raise DomainError(_("Choose where the needs were mapped."), field="place")
    if not services_present:
        raise DomainError(
            _("Choose at least one service that took part."), field="services_present"
        )
    unknown = [code for code in basic_needs if code not in BasicNeed.values]
    if unknown:
        raise DomainError(_("Unknown basic need."), field="basic_needs")
    if any(
        org.municipality_id not in (None, household.municipality_id) for org in services_present
    ):
        raise DomainError(_("Choose services from this municipality."), field="services_present")
    mapping = NeedsMapping.objects.create(
        household=household,
        subproject=subproject,
        place=place,
        basic_needs=sorted(set(basic_needs), key=BasicNeed.values.index),
        notes=notes.strip(),
        recorded_by=acting_user,
    )
    mapping.services_present.set(services_present)
    audit_record_create(
        actor=acting_user,
        action="needs_mapping.create",
        target=mapping,
        # The notes stay out of the trail: they are the sensitive part.
        new_values={
            "household": household.pk,
            "place": place,
            "services_present": sorted(org.pk for org in services_present),
            "basic_needs": mapping.basic_needs,
        },
        municipality=household.municipality,
    )
    return mapping


# --- Motivation letter ---------------------------------------------------------------


@transaction.atomic
def letter_write(
    *,
    acting_user,
    household: Household,
    subproject,
    language: str,
    need: str,
    purpose: str,
    commitment: str,
    other_help_wanted: str = "",
) -> MotivationLetter:
    _require_team_seat(acting_user, subproject)
    _require_enrolled(household, subproject)
    if language not in Language.values:
        raise DomainError(_("Choose the language of the letter."), field="language")
    texts = {"need": need.strip(), "purpose": purpose.strip(), "commitment": commitment.strip()}
    for name, text in texts.items():
        if not text:
            raise DomainError(_("This part of the letter is needed."), field=name)
    letter = MotivationLetter.objects.create(
        household=household,
        subproject=subproject,
        language=language,
        other_help_wanted=other_help_wanted.strip(),
        written_by=acting_user,
        **texts,
    )
    audit_record_create(
        actor=acting_user,
        action="motivation_letter.create",
        target=letter,
        new_values={"household": household.pk, "subproject": subproject.pk, "language": language},
        municipality=household.municipality,
    )
    return letter


@transaction.atomic
def letter_link_issue(*, acting_user, letter: MotivationLetter) -> MotivationLetter:
    """Record that a confirmation link was made; the token itself is made by the view."""
    _require_team_seat(acting_user, letter.subproject)
    if letter.is_confirmed:
        raise DomainError(_("The letter is already confirmed."))
    letter.link_sent_at = timezone.now()
    letter.save(update_fields=["link_sent_at"])
    audit_record_create(
        actor=acting_user,
        action="motivation_letter.link",
        target=letter,
        new_values={"link_sent_at": letter.link_sent_at},
        municipality=letter.household.municipality,
    )
    return letter


def letter_from_token(*, token: str) -> MotivationLetter:
    """The letter a valid link points to, or LinkRefused (expired, tampered or outdated)."""
    letter_id, digest = read_letter_token(token)
    letter = (
        MotivationLetter.objects.select_related("household__municipality")
        .filter(pk=letter_id)
        .first()
    )
    if letter is None or letter_digest(letter) != digest:
        raise LinkRefused(
            _(
                "This link does not match the letter any more. Ask your contact person for a "
                "new link. Nothing has been changed."
            )
        )
    return letter


@transaction.atomic
def letter_confirm(*, token: str) -> MotivationLetter:
    """The citizen confirms on their own phone; confirming twice changes nothing."""
    letter = letter_from_token(token=token)
    letter = MotivationLetter.objects.select_for_update().get(pk=letter.pk)
    if letter.confirmed_at is not None:
        return letter
    letter.confirmed_at = timezone.now()
    letter.save(update_fields=["confirmed_at"])
    audit_record_create(
        actor=None,
        action="motivation_letter.confirm",
        target=letter,
        new_values={"confirmed_at": letter.confirmed_at, "by": "citizen link"},
        municipality=letter.household.municipality,
    )
    return letter


# --- Support request -----------------------------------------------------------------


@dataclass(frozen=True)
class LineInput:
    form: str
    description: str
    amount: Decimal | str
    supplier_name: str = ""
    supplier_account: str = ""
    invoice_reference: str = ""


@dataclass(frozen=True)
class HelpInput:
    kind: str
    description: str
    responsible: object  # accounts.Organisation
    due_on: object  # datetime.date


def _line_from(request: SupportRequest, data: LineInput, household: Household) -> SupportLine:
    if data.form not in SupportForm.values:
        raise DomainError(_("Choose the form of support."), field="form")
    description = data.description.strip()
    if not description:
        raise DomainError(_("Say what the money is for."), field="description")
    line = SupportLine(
        request=request,
        form=data.form,
        description=description,
        amount=parse_amount(data.amount),
    )
    if data.form == SupportForm.CASH and not household.bank_account:
        raise DomainError(
            _("Register the household's bank account before asking for money to it."),
            field="form",
        )
    if data.form == SupportForm.PURCHASE:
        line.supplier_name = data.supplier_name.strip()
        if not line.supplier_name:
            raise DomainError(_("Enter the supplier for a purchase."), field="supplier_name")
        line.supplier_account = clean_bank_account(data.supplier_account, field="supplier_account")
        if not line.supplier_account:
            raise DomainError(_("Enter the supplier's account number."), field="supplier_account")
        line.invoice_reference = data.invoice_reference.strip()[:35]
    return line


@transaction.atomic
def support_request_create(
    *,
    acting_user,
    letter: MotivationLetter,
    lines: list[LineInput],
    other_help: list[HelpInput] = (),
) -> SupportRequest:
    """Put a request on the team's agenda; it rests on the citizen's confirmed letter."""
    subproject = letter.subproject
    household = letter.household
    _require_team_seat(acting_user, subproject)
    if not letter.is_confirmed:
        raise DomainError(_("The citizen must confirm the motivation letter first."))
    if not lines:
        raise DomainError(_("Add at least one amount."), field="amount")
    request = SupportRequest(
        household=household, subproject=subproject, letter=letter, proposed_by=acting_user
    )
    support_lines = []
    for index, line in enumerate(lines):
        try:
            support_lines.append(_line_from(request, line, household))
        except DomainError as error:
            error.line = index  # lets the form put the message on the right field
            raise
    total = sum((line.amount for line in support_lines), start=Decimal("0.00"))
    budget = funding_selectors.subproject_budget(subproject=subproject)
    if budget.remaining <= 0:
        raise DomainError(
            _("The sub-project's budget for this year is used up; no new requests can be made.")
        )
    if total > budget.remaining:
        raise DomainError(
            _("The request (%(total)s kr) is more than what is left in the budget (%(left)s kr).")
            % {"total": total, "left": budget.remaining},
            field="amount",
        )
    help_items = []
    for item in other_help:
        if item.kind not in HelpKind.values:
            raise DomainError(_("Choose the kind of help."), field="kind")
        if not item.description.strip():
            raise DomainError(_("Describe the help."), field="help_description")
        if item.responsible.municipality_id not in (None, household.municipality_id):
            raise DomainError(_("Choose a service from this municipality."), field="responsible")
        help_items.append(
            OtherHelp(
                request=request,
                kind=item.kind,
                description=item.description.strip(),
                responsible=item.responsible,
                due_on=item.due_on,
            )
        )
    request.save()
    for line in support_lines:
        line.request = request
    SupportLine.objects.bulk_create(support_lines)
    for item in help_items:
        item.request = request
    OtherHelp.objects.bulk_create(help_items)
    audit_record_create(
        actor=acting_user,
        action="support_request.create",
        target=request,
        new_values={
            "household": household.pk,
            "subproject": subproject.pk,
            "letter": letter.pk,
            "lines": [[line.form, str(line.amount)] for line in support_lines],
            "other_help": [item.kind for item in help_items],
        },
        municipality=household.municipality,
    )
    return request


# --- Team meeting and decisions ------------------------------------------------------


@dataclass(frozen=True)
class DecisionInput:
    request_id: int
    outcome: str
    rationale: str
    amount: Decimal | str | None = None


@dataclass
class MeetingResult:
    meeting: Meeting
    decisions: list[Decision] = field(default_factory=list)
    repeated: bool = False


def needs_second_approval(*, user, request: SupportRequest, amount: Decimal) -> bool:
    """Above the user's delegated limit, or their own proposal: a second person must confirm."""
    if amount <= 0:
        return False
    if request.proposed_by_id == user.pk:
        return True
    limit = funding_selectors.authority_limit_for(user=user, subproject=request.subproject)
    if limit is None:
        return True
    if limit.max_per_decision is not None and amount > limit.max_per_decision:
        return True
    if limit.max_per_household_per_year is not None:
        received = household_received_this_year(household_ids=[request.household_id]).get(
            request.household_id, Decimal("0.00")
        )
        if received + amount > limit.max_per_household_per_year:
            return True
    return False


def _decided_amount(request: SupportRequest, choice: DecisionInput) -> Decimal:
    asked = sum((line.amount for line in request.lines.all()), start=Decimal("0.00"))
    if choice.outcome == Outcome.DECLINED:
        return Decimal("0.00")
    if choice.outcome == Outcome.APPROVED:
        return asked
    amount = parse_amount(choice.amount if choice.amount is not None else "", field="amount")
    if amount > asked:
        raise DomainError(
            _("%(household)s: the adjusted amount cannot be more than was asked (%(asked)s kr).")
            % {"household": request.household, "asked": asked},
            field="amount",
        )
    invoices = _invoiced(request)
    if amount < invoices:
        raise DomainError(
            _(
                "%(household)s: an invoice is paid in full or not at all; "
                "adjust to at least %(invoices)s kr or decline."
            )
            % {"household": request.household, "invoices": invoices},
            field="amount",
        )
    return amount


def _invoiced(request: SupportRequest) -> Decimal:
    purchases = (line.amount for line in request.lines.all() if line.form == SupportForm.PURCHASE)
    return sum(purchases, start=Decimal("0.00"))


def _apply_to_lines(request: SupportRequest, amount: Decimal) -> list[SupportLine]:
    """Spread the decided amount over the lines, invoices first and in full, then in order."""
    left = amount
    lines = list(request.lines.all())
    for line in sorted(lines, key=lambda line: line.form != SupportForm.PURCHASE):
        line.approved_amount = min(line.amount, left)
        left -= line.approved_amount
    SupportLine.objects.bulk_update(lines, ["approved_amount"])
    return lines


def _finalize(*, acting_user, decision: Decision) -> None:
    """Commit the money, instruct payments and open the help tasks — all in this transaction."""
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
    # Postings are read by the economy, who must not learn who the household is.
    reason = f"Support #{request.pk}"
    funding_services.money_commit(
        acting_user=acting_user,
        subproject=request.subproject,
        amount=decision.amount,
        idempotency_key=commitment_key(decision),
        reason=reason,
    )
    household = request.household
    for line in _apply_to_lines(request, decision.amount):
        if not line.approved_amount:
            continue
        if line.form == SupportForm.VOUCHER:
            # The card is handed over in the meeting: paid at once, no bank file.
            funding_services.money_pay(
                acting_user=acting_user,
                subproject=request.subproject,
                amount=line.approved_amount,
                idempotency_key=f"support-line:{line.pk}:voucher",
                reason=reason,
                settles=commitment_key(decision),
            )
            continue
        if line.form == SupportForm.CASH:
            creditor_name, account = (
                household.account_holder or household.alias,
                household.bank_account,
            )
            remittance = line.description
        else:
            creditor_name, account = line.supplier_name, line.supplier_account
            remittance = line.invoice_reference or line.description
        payment_services.payment_instruct(
            acting_user=acting_user,
            support_line=line,
            subproject=request.subproject,
            creditor_name=creditor_name,
            creditor_account=account,
            amount=line.approved_amount,
            remittance=remittance,
        )
    request.other_help.update(status=TaskStatus.OPEN)


@transaction.atomic
def meeting_hold(
    *,
    acting_user,
    subproject,
    services_present: list,
    decisions: list[DecisionInput],
    idempotency_key: str,
) -> MeetingResult:
    """Record the team's decisions on the agenda in one go; the whole meeting or nothing."""
    _require_team_seat(acting_user, subproject)
    existing = Meeting.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None and existing.subproject_id != subproject.pk:
        raise DomainError(_("This meeting form was already used. Reload the page."))
    if existing is not None:
        return MeetingResult(
            meeting=existing, decisions=list(existing.decisions.all()), repeated=True
        )
    if not services_present:
        raise DomainError(_("Record which services were present."), field="services_present")
    if not decisions:
        raise DomainError(_("Decide at least one request."))
    requests = {
        request.pk: request
        for request in SupportRequest.objects.select_for_update()
        .filter(pk__in=[choice.request_id for choice in decisions], subproject=subproject)
        .select_related("household", "subproject__agreement__municipality")
    }
    meeting = Meeting.objects.create(
        subproject=subproject, confirmed_by=acting_user, idempotency_key=idempotency_key
    )
    meeting.services_present.set(services_present)
    result = MeetingResult(meeting=meeting)
    for choice in decisions:
        request = requests.get(choice.request_id)
        if request is None or request.status != RequestStatus.PENDING:
            raise DomainError(_("One of the requests is no longer on the agenda. Reload the page."))
        if choice.outcome not in Outcome.values:
            raise DomainError(
                _("%(household)s: choose approve, adjust or decline.")
                % {"household": request.household}
            )
        rationale = " ".join(choice.rationale.split())
        if not rationale:
            raise DomainError(
                _("%(household)s: give a one-line rationale.") % {"household": request.household},
                field="rationale",
            )
        amount = _decided_amount(request, choice)
        second = needs_second_approval(user=acting_user, request=request, amount=amount)
        decision = Decision.objects.create(
            request=request,
            meeting=meeting,
            outcome=choice.outcome,
            amount=amount,
            rationale=rationale[:200],
            decided_by=acting_user,
            needs_second_approval=second,
        )
        if second:
            request.status = RequestStatus.AWAITING_SECOND
            request.save(update_fields=["status"])
        else:
            _finalize(acting_user=acting_user, decision=decision)
        result.decisions.append(decision)
    audit_record_create(
        actor=acting_user,
        action="meeting.hold",
        target=meeting,
        new_values={
            "subproject": subproject.pk,
            "services_present": sorted(org.pk for org in services_present),
            "decisions": [
                {
                    "request": d.request_id,
                    "outcome": d.outcome,
                    "amount": str(d.amount),
                    "needs_second_approval": d.needs_second_approval,
                }
                for d in result.decisions
            ],
        },
        municipality=_municipality(subproject),
    )
    return result


def _awaiting_second_approver(*, acting_user, decision: Decision) -> Decision:
    """Lock a decision for its second approver: on the team, not proposer nor first decider."""
    decision = (
        Decision.objects.select_for_update()
        .select_related("request__household", "request__subproject__agreement__municipality")
        .get(pk=decision.pk)
    )
    request = decision.request
    _require_team_seat(acting_user, request.subproject)
    if not decision.needs_second_approval or decision.decided_at is not None:
        raise DomainError(_("This decision does not wait for a second approver."))
    if acting_user.pk in (request.proposed_by_id, decision.decided_by_id):
        raise DomainError(
            _("A second approver must be someone other than the proposer and the first approver.")
        )
    return decision


@transaction.atomic
def decision_confirm(*, acting_user, decision: Decision) -> Decision:
    """The second approver says yes: the money is committed and paid out as decided."""
    decision = _awaiting_second_approver(acting_user=acting_user, decision=decision)
    request = decision.request
    if (
        funding_selectors.authority_limit_for(user=acting_user, subproject=request.subproject)
        is None
    ):
        raise DomainError(
            _("Only a team member with delegated authority in this sub-project can confirm.")
        )
    decision.second_approver = acting_user
    _finalize(acting_user=acting_user, decision=decision)
    audit_record_create(
        actor=acting_user,
        action="decision.confirm",
        target=decision,
        new_values={"second_approver": acting_user.pk, "amount": str(decision.amount)},
        municipality=_municipality(request.subproject),
    )
    return decision


@transaction.atomic
def decision_refuse(*, acting_user, decision: Decision) -> Decision:
    """The second approver says no: the request is declined and nothing is committed."""
    decision = _awaiting_second_approver(acting_user=acting_user, decision=decision)
    request = decision.request
    old = {"outcome": decision.outcome, "amount": str(decision.amount)}
    decision.outcome = Outcome.DECLINED
    decision.amount = Decimal("0.00")
    decision.save(update_fields=["outcome", "amount"])
    decision.second_approver = acting_user
    _finalize(acting_user=acting_user, decision=decision)
    audit_record_create(
        actor=acting_user,
        action="decision.refuse",
        target=decision,
        old_values=old,
        new_values={"second_approver": acting_user.pk, "outcome": Outcome.DECLINED},
        municipality=_municipality(request.subproject),
    )
    return decision


@transaction.atomic
def help_task_done(*, acting_user, task: OtherHelp) -> OtherHelp:
    task = (
        OtherHelp.objects.select_for_update().select_related("request__subproject").get(pk=task.pk)
    )
    _require_team_seat(acting_user, task.request.subproject)
    if task.status != TaskStatus.OPEN:
        raise DomainError(_("Only open tasks can be marked as done."))
    task.status = TaskStatus.DONE
    task.save(update_fields=["status"])
    audit_record_create(
        actor=acting_user,
        action="help_task.done",
        target=task,
        new_values={"status": task.status},
        municipality=task.request.subproject.agreement.municipality,
    )
    return task
