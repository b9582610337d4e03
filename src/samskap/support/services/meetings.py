"""The team meeting: every request on the agenda decided in one transaction."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.audit.services import audit_record_create
from samskap.core import blank_text
from samskap.core.errors import DomainError
from samskap.core.money import format_nok, parse_amount
from samskap.funding import selectors as funding_selectors
from samskap.subprojects.access import require_team_seat
from samskap.support.decision_guards import require_may_decide
from samskap.support.models import (
    Decision,
    Meeting,
    OtherHelp,
    Outcome,
    RequestStatus,
    SupportForm,
    SupportRequest,
    TaskStatus,
)
from samskap.support.selectors import ReceivedThisYear, second_approval_reasons
from samskap.support.services._common import _municipality, lock_yearly_limits
from samskap.support.services.approvals import _move_money
from samskap.support.wording import for_family

# The meeting page's hidden token: letters, digits, - and _, as long as the column.
TOKEN_LENGTH = Meeting._meta.get_field("idempotency_key").max_length
MEETING_TOKEN = re.compile(rf"[A-Za-z0-9_-]{{1,{TOKEN_LENGTH}}}")


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


class AgendaError(DomainError):
    """A refusal about one request of the agenda; `request_id` lets the page mark its row.

    `problems` is every row's refusal of the same meeting (this one first), so a team that
    got three rows wrong sees all three at once instead of one per try."""

    def __init__(self, message, *, request_id: int, field: str | None = None):
        super().__init__(message, field=field)
        self.request_id = request_id
        self.problems = [self]


def _refuse_rows(problems: list[DomainError]) -> None:
    if problems:
        first = problems[0]
        first.problems = problems
        raise first


def _typed(value) -> bool:
    return value is not None and str(value).strip() != ""


def _decided_amount(request: SupportRequest, choice: DecisionInput) -> Decimal:
    """The amount a choice decides, refusing every combination that could mean two things.

    "Approved" grants what was asked and "declined" grants nothing, so an amount typed
    beside either is a contradiction, never a silent pick; "approved with adjusted
    amount" needs an amount that differs from what was asked.
    """
    asked = sum((line.amount for line in request.lines.all()), start=Decimal("0.00"))
    names = {"household": request.household, "asked": format_nok(asked)}

    def refuse(message):
        return AgendaError(message % names, request_id=request.pk, field="amount")

    if choice.outcome == Outcome.DECLINED:
        if _typed(choice.amount):
            raise refuse(
                _(
                    '%(household)s: "Declined" grants nothing, but an amount is filled in. '
                    'Clear the amount, or choose "Approved with adjusted amount".'
                )
            )
        return Decimal("0.00")
    if choice.outcome == Outcome.APPROVED:
        if _typed(choice.amount):
            try:
                typed = parse_amount(choice.amount, field="amount")
            except DomainError:
                typed = None
            if typed != asked:
                names["amount"] = choice.amount
                raise refuse(
                    _(
                        '%(household)s: "Approved" grants the full %(asked)s, but the amount '
                        'field says %(amount)s. Choose "Approved with adjusted amount" to '
                        "grant another amount, or clear the amount field."
                    )
                )
        return asked
    if not _typed(choice.amount):
        raise refuse(
            _(
                '%(household)s: "Approved with adjusted amount" needs the amount. '
                'Fill it in, or choose "Approved" for the full %(asked)s.'
            )
        )
    try:
        amount = parse_amount(choice.amount, field="amount")
    except DomainError as error:
        raise AgendaError(
            for_family(request.household, error.message),
            request_id=request.pk,
            field="amount",
        ) from error
    if amount > asked:
        raise refuse(
            _("%(household)s: the adjusted amount cannot be more than was asked (%(asked)s).")
        )
    if amount == asked:
        raise refuse(
            _(
                "%(household)s: the adjusted amount is what was asked (%(asked)s). "
                'Choose "Approved", or type the amount you grant.'
            )
        )
    invoices = _invoiced(request)
    if amount < invoices:
        names["invoices"] = format_nok(invoices)
        raise refuse(
            _(
                "%(household)s: an invoice is paid in full or not at all; "
                "adjust to at least %(invoices)s or decline."
            )
        )
    return amount


def _checked_choice(request: SupportRequest, choice: DecisionInput) -> tuple[str, Decimal]:
    """(the rationale on one line, the amount decided) for one row.

    AgendaError if wrong, with both the amount's and the rationale's refusal in its
    `problems` when both are wrong, so the row is put right in one try."""
    if choice.outcome not in Outcome.values:
        raise AgendaError(
            _("%(household)s: choose approve, adjust or decline.")
            % {"household": request.household},
            request_id=request.pk,
            field="outcome",
        )
    problems: list[AgendaError] = []
    # In the row's order on the page: the amount, then the reason.
    try:
        amount = _decided_amount(request, choice)
    except AgendaError as error:
        problems.append(error)
    rationale = " ".join(choice.rationale.split())
    if not rationale:
        message = (
            _("%(household)s: say why the request is declined.")
            if choice.outcome == Outcome.DECLINED
            else _("%(household)s: give a one-line rationale.")
        )
        problems.append(
            AgendaError(
                message % {"household": request.household},
                request_id=request.pk,
                field="rationale",
            )
        )
    _refuse_rows(problems)
    return rationale, amount


def _invoiced(request: SupportRequest) -> Decimal:
    purchases = (line.amount for line in request.lines.all() if line.form == SupportForm.PURCHASE)
    return sum(purchases, start=Decimal("0.00"))


def _repeated(existing: Meeting, subproject) -> MeetingResult:
    if existing.subproject_id != subproject.pk:
        raise DomainError(_("This meeting form was already used. Reload the page."))
    return MeetingResult(meeting=existing, decisions=list(existing.decisions.all()), repeated=True)


def _record(decisions: list[Decision]) -> None:
    """Write the meeting's decisions and their requests' new status in bulk (one INSERT,
    one UPDATE per status), and drop the help tasks of the declined ones."""
    blank_text.bulk_create(Decision.objects, decisions)
    by_status: dict[str, list[int]] = {}
    for decision in decisions:
        by_status.setdefault(decision.request.status, []).append(decision.request_id)
    for status, ids in sorted(by_status.items()):
        SupportRequest.objects.filter(pk__in=ids).update(status=status)
    declined = by_status.get(RequestStatus.DECLINED)
    if declined:
        OtherHelp.objects.filter(request__in=declined).update(status=TaskStatus.DROPPED)


def _lock_agenda(subproject, request_ids: list[int]) -> dict[int, SupportRequest]:
    """Lock only what the meeting changes: its requests, then the households whose yearly
    limit it reads.

    `of=("self",)` keeps the joined household, sub-project, agreement and municipality rows
    unlocked, so meetings of other sub-projects and the payment export run side by side.
    """
    requests = {
        request.pk: request
        for request in SupportRequest.objects.select_for_update(of=("self",), no_key=True)
        .filter(pk__in=request_ids, subproject=subproject)
        .select_related("household", "subproject__agreement__municipality")
        .prefetch_related("lines")
        .order_by("pk")
    }
    lock_yearly_limits({request.household_id for request in requests.values()})
    return requests


def meeting_check(*, acting_user, subproject, decisions: list[DecisionInput]) -> list[DomainError]:
    """Every row's own refusal (what `meeting_hold` would answer for it), without writing,
    locking or claiming the form's token.

    For the page when some rows are refused by their form: the other rows' contradictions
    ("Declined" with an amount) are shown in the same answer, not after the next try. A
    request no longer on the agenda is left to `meeting_hold`, which refuses the whole
    meeting once the page is sent right."""
    try:
        require_team_seat(user=acting_user, subproject=subproject)
    except DomainError as error:
        return [error]
    requests = {
        request.pk: request
        for request in SupportRequest.objects.filter(
            pk__in=[choice.request_id for choice in decisions],
            subproject=subproject,
            status=RequestStatus.PENDING,
        )
        .select_related("household")
        .prefetch_related("lines")
    }
    problems: list[DomainError] = []
    for choice in decisions:
        request = requests.get(choice.request_id)
        if request is None:
            continue
        try:
            _checked_choice(request, choice)
        except AgendaError as error:
            problems.extend(error.problems)
    return problems


@transaction.atomic
def meeting_hold(
    *,
    acting_user,
    subproject,
    services_present: list,
    decisions: list[DecisionInput],
    idempotency_key: str,
) -> MeetingResult:
    """Record the team's decisions on the agenda in one go; the whole meeting or nothing.

    Only the team holds the meeting: an economist who may see the sub-project is refused
    here as well as on the page.
    """
    require_team_seat(user=acting_user, subproject=subproject)
    require_may_decide(user=acting_user)
    if not isinstance(idempotency_key, str) or not MEETING_TOKEN.fullmatch(idempotency_key):
        raise DomainError(_("The meeting form is damaged or out of date. Reload the page."))
    existing = Meeting.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _repeated(existing, subproject)
    # Refused with the rows' problems below, so the team puts all of it right at once.
    problems: list[DomainError] = []
    if not services_present:
        problems.append(
            DomainError(_("Record which services were present."), field="services_present")
        )
    municipality_id = subproject.agreement.municipality_id
    if any(org.municipality_id not in (None, municipality_id) for org in services_present):
        raise DomainError(_("Choose services from this municipality."), field="services_present")
    if not decisions:
        problems.append(DomainError(_("Decide at least one request.")))
        _refuse_rows(problems)
    # Claim the form's token first: the same form sent again at the same moment waits here
    # on the unique key until this meeting commits, then finds it.
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(
                subproject=subproject, confirmed_by=acting_user, idempotency_key=idempotency_key
            )
    except IntegrityError:
        existing = Meeting.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return _repeated(existing, subproject)
    meeting.services_present.set(services_present)
    requests = _lock_agenda(subproject, [choice.request_id for choice in decisions])
    result = MeetingResult(meeting=meeting)
    # Read once for the whole meeting: the chair's authority here and what each family
    # got this year (kept up to date below as the meeting decides, so a second request
    # of the same people sees the first, as the one-by-one reading did).
    authority = funding_selectors.authority_limit_for(user=acting_user, subproject=subproject)
    received = ReceivedThisYear(household_ids={r.household_id for r in requests.values()})
    now = timezone.now()
    for choice in decisions:
        request = requests.get(choice.request_id)
        if request is None or request.status != RequestStatus.PENDING:
            raise DomainError(_("One of the requests is no longer on the agenda. Reload the page."))
        try:
            rationale, amount = _checked_choice(request, choice)
        except AgendaError as error:
            problems.extend(error.problems)
            continue
        second = amount > 0 and bool(
            second_approval_reasons(
                user_id=acting_user.pk,
                proposed_by_id=request.proposed_by_id,
                authority=authority,
                amount=amount,
                received=received.of(request.household_id),
            )
        )
        decision = Decision(
            request=request,
            meeting=meeting,
            outcome=choice.outcome,
            amount=amount,
            rationale=rationale[:200],
            decided_by=acting_user,
            needs_second_approval=second,
            decided_at=None if second else now,
        )
        if second:
            request.status = RequestStatus.AWAITING_SECOND
        elif choice.outcome == Outcome.DECLINED:
            request.status = RequestStatus.DECLINED
        else:
            request.status = RequestStatus.APPROVED
            received.add(request.household_id, amount)
        result.decisions.append(decision)
    # Every row is checked before anything is refused; the meeting is still all or nothing.
    _refuse_rows(problems)
    _record(result.decisions)
    money = [d for d in result.decisions if d.request.status == RequestStatus.APPROVED]
    # Every approved decision's money at once: one commitment call for the meeting.
    _move_money(acting_user=acting_user, decisions=money)
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
