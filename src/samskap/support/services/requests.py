"""Support requests: the amounts and other help a confirmed letter asks the team for."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samskap.audit.services import audit_record_create
from samskap.core import blank_text
from samskap.core.banktext import clean_payment_text
from samskap.core.errors import DomainError
from samskap.core.money import format_nok, parse_amount
from samskap.core.text import clean_text
from samskap.funding import selectors as funding_selectors
from samskap.payments.kid import clean_kid
from samskap.people.models import Household
from samskap.people.paying_accounts import refuse_paying_account
from samskap.people.validation import clean_bank_account
from samskap.subprojects.access import require_team_seat
from samskap.support.models import (
    HelpKind,
    MotivationLetter,
    OtherHelp,
    SupportForm,
    SupportLine,
    SupportRequest,
)
from samskap.support.services.letters import require_current_letter

# As many rows as the request page offers; the service holds the line, not the page.
MAX_LINES = 10
MAX_HELP = 10
HELP_DESCRIPTION_LENGTH = OtherHelp._meta.get_field("description").max_length
# A help task is due from a year back (recorded late) to five years ahead.
DUE_YEARS_AHEAD = 5


@dataclass(frozen=True)
class LineInput:
    form: str
    description: str
    amount: Decimal | str
    supplier_name: str = ""
    supplier_account: str = ""
    invoice_reference: str = ""
    kid: str = ""


@dataclass(frozen=True)
class HelpInput:
    kind: str
    description: str
    responsible: object  # accounts.Organisation
    due_on: object  # datetime.date


def _text(line_field: str, value: str, required_message=None) -> str:
    """A line's text goes into the bank file: bank-safe, and as long as the file allows."""
    return clean_payment_text(
        value,
        max_length=SupportLine._meta.get_field(line_field).max_length,
        field=line_field,
        required_message=required_message,
    )


def _line_from(
    request: SupportRequest, data: LineInput, household: Household
) -> tuple[SupportLine, list[DomainError]]:
    """The line, and every problem of it (each field's), so a row is put right in one try."""
    problems: list[DomainError] = []

    def read(check, *args, **kwargs):
        try:
            return check(*args, **kwargs)
        except DomainError as error:
            problems.append(error)
            return None

    if data.form not in SupportForm.values:
        problems.append(DomainError(_("Choose the form of support."), field="form"))
    line = SupportLine(
        request=request,
        form=data.form,
        description=read(_text, "description", data.description, _("Say what the money is for."))
        or "",
        amount=read(parse_amount, data.amount),
    )
    if data.form == SupportForm.CASH and not household.bank_account:
        problems.append(
            DomainError(
                _("Register the household's bank account before asking for money to it."),
                field="form",
            )
        )
    if data.form != SupportForm.PURCHASE:
        if (data.kid or "").strip():
            problems.append(
                DomainError(
                    _("A KID belongs to an invoice: choose a purchase, or leave the KID empty."),
                    field="kid",
                )
            )
        return line, problems
    line.supplier_name = (
        read(_text, "supplier_name", data.supplier_name, _("Enter the supplier for a purchase."))
        or ""
    )
    account = read(clean_bank_account, data.supplier_account, field="supplier_account")
    if account == "":
        problems.append(
            DomainError(_("Enter the supplier's account number."), field="supplier_account")
        )
    elif account is not None:
        line.supplier_account = account
        read(
            refuse_paying_account,
            municipality_id=household.municipality_id,
            account=account,
            field="supplier_account",
        )
    line.invoice_reference = read(_text, "invoice_reference", data.invoice_reference) or ""
    if (data.kid or "").strip():
        line.kid = read(clean_kid, data.kid, field="kid") or ""
        if line.invoice_reference:
            # A payment with a KID carries no message to the payee: the reference would be lost.
            problems.append(
                DomainError(
                    _("With a KID the bank sends no message; leave the invoice reference empty."),
                    field="invoice_reference",
                )
            )
    return line, problems


def _due_range() -> tuple[datetime.date, datetime.date]:
    """A new help task is due today at the earliest: a task due in the past is overdue
    the moment it is made."""
    today = timezone.localdate()
    return today, today + datetime.timedelta(days=365 * DUE_YEARS_AHEAD)


def _help_from(request: SupportRequest, item: HelpInput, household: Household) -> OtherHelp:
    if item.kind not in HelpKind.values:
        raise DomainError(_("Choose the kind of help."), field="kind")
    description = clean_text(
        item.description,
        max_length=HELP_DESCRIPTION_LENGTH,
        field="description",
        required_message=_("Describe the help."),
    )
    if item.responsible.municipality_id not in (None, household.municipality_id):
        raise DomainError(_("Choose a service from this municipality."), field="responsible")
    earliest, latest = _due_range()
    if isinstance(item.due_on, datetime.date) and item.due_on < earliest:
        raise DomainError(
            _("The due date %(date)s has passed. Choose today or a later date.")
            % {"date": date_format(item.due_on, "SHORT_DATE_FORMAT")},
            field="due_on",
        )
    if not isinstance(item.due_on, datetime.date) or not earliest <= item.due_on <= latest:
        raise DomainError(
            _("Choose a due date between %(earliest)s and %(latest)s.")
            % {
                "earliest": date_format(earliest, "SHORT_DATE_FORMAT"),
                "latest": date_format(latest, "SHORT_DATE_FORMAT"),
            },
            field="due_on",
        )
    return OtherHelp(
        request=request,
        kind=item.kind,
        description=description,
        responsible=item.responsible,
        due_on=item.due_on,
    )


@dataclass
class _Checked:
    request: SupportRequest
    lines: list[SupportLine]
    help_items: list[OtherHelp]
    problems: list[DomainError]


def _checked(
    *,
    letter: MotivationLetter,
    household: Household,
    subproject,
    lines: list[LineInput],
    other_help: list[HelpInput],
    complete: bool,
) -> _Checked:
    """Every problem of the request at once (the letter, each row's fields, the budget), so
    a refused request is put right in one try: an unconfirmed letter hid the amounts'
    problems until the next round (trial). Each row's problem carries its index in `lines`
    (`line`) or `other_help` (`help_line`) for the page to mark it.

    `complete` is False when the page holds back rows refused by their own form: the rows'
    count and the request's total are then not the request's, and are not judged."""
    problems: list[DomainError] = []
    if not letter.is_confirmed:
        problems.append(DomainError(_("The citizen must confirm the motivation letter first.")))
    if complete and not lines:
        problems.append(DomainError(_("Add at least one amount."), field="amount"))
    if complete and len(lines) > MAX_LINES:
        problems.append(
            DomainError(
                _("A request can have at most %(max)d amounts; this one has %(count)d.")
                % {"max": MAX_LINES, "count": len(lines)},
                field="amount",
            )
        )
    if complete and len(other_help) > MAX_HELP:
        problems.append(
            DomainError(
                _("A request can have at most %(max)d kinds of other help; this one has %(count)d.")
                % {"max": MAX_HELP, "count": len(other_help)},
                field="kind",
            )
        )
    request = SupportRequest(household=household, subproject=subproject, letter=letter)
    support_lines = []
    for index, line in enumerate(lines[:MAX_LINES]):
        support_line, line_problems = _line_from(request, line, household)
        for error in line_problems:
            error.line = index  # lets the form put the message on the right field
        problems += line_problems
        support_lines.append(support_line)
    budget = funding_selectors.subproject_budget(subproject=subproject)
    if budget.remaining <= 0:
        problems.append(
            DomainError(
                _("The sub-project's budget for this year is used up; no new requests can be made.")
            )
        )
    elif complete and all(line.amount is not None for line in support_lines):
        total = sum((line.amount for line in support_lines), start=Decimal("0.00"))
        if total > budget.remaining:
            problems.append(
                DomainError(
                    # Each amount as one piece ("1 234,50 kr", a no-break space before "kr").
                    _("The request (%(total)s) is more than what is left in the budget (%(left)s).")
                    % {"total": format_nok(total), "left": format_nok(budget.remaining)},
                    field="amount",
                )
            )
    help_items = []
    for index, item in enumerate(other_help[:MAX_HELP]):
        try:
            help_items.append(_help_from(request, item, household))
        except DomainError as error:
            error.help_line = index  # lets the form put the message on the right field
            problems.append(error)
    return _Checked(request, support_lines, help_items, problems)


def _refuse(problems: list[DomainError]) -> None:
    """Raise the first problem, with every problem in its `problems`."""
    if problems:
        first = problems[0]
        first.problems = problems
        raise first


def support_request_check(
    *, acting_user, letter: MotivationLetter, lines: list[LineInput], other_help=()
) -> list[DomainError]:
    """The problems `support_request_create` would refuse these rows with, without writing:
    for the page when other rows were refused by their own form, so every problem shows in
    one answer (the rows' count and total are judged once every row is sent right)."""
    subproject, household = letter.subproject, letter.household
    try:
        require_team_seat(user=acting_user, subproject=subproject)
        letter = MotivationLetter.objects.get(pk=letter.pk)
        require_current_letter(letter)
    except DomainError as error:
        # A refusal of the whole request (a newer letter): the one problem to show.
        return [error]
    return _checked(
        letter=letter,
        household=household,
        subproject=subproject,
        lines=lines,
        other_help=list(other_help),
        complete=False,
    ).problems


def support_line_check(*, acting_user, letter: MotivationLetter, **fields) -> list[DomainError]:
    """What `support_request_create` would refuse one row with, given the fields that
    passed the row's own form (`fields`: any of LineInput's), without writing: for a row
    the form refused (no "what for"), so its amount's problem shows in the same answer.
    A field not given is read as empty; the page keeps the form's own message for it."""
    require_team_seat(user=acting_user, subproject=letter.subproject)
    blank = {"form": "", "description": "", "amount": ""}
    line = LineInput(**{**blank, **fields})
    return _line_from(
        SupportRequest(household=letter.household, subproject=letter.subproject, letter=letter),
        line,
        letter.household,
    )[1]


@transaction.atomic
def support_request_create(
    *,
    acting_user,
    letter: MotivationLetter,
    lines: list[LineInput],
    other_help: list[HelpInput] = (),
) -> SupportRequest:
    """Put a request on the team's agenda; it rests on the citizen's confirmed letter.

    A refusal is the first problem, with every problem of the request in its `problems`."""
    subproject = letter.subproject
    household = letter.household
    require_team_seat(user=acting_user, subproject=subproject)
    # The household row is the case's lock (letter_write takes it too), so a letter
    # cannot be replaced while a request is made from it.
    Household.objects.select_for_update().filter(pk=household.pk).first()
    letter = MotivationLetter.objects.get(pk=letter.pk)
    require_current_letter(letter)
    checked = _checked(
        letter=letter,
        household=household,
        subproject=subproject,
        lines=lines,
        other_help=list(other_help),
        complete=True,
    )
    _refuse(checked.problems)
    request, support_lines, help_items = checked.request, checked.lines, checked.help_items
    request.proposed_by = acting_user
    request.save()
    for line in support_lines:
        line.request = request
    blank_text.bulk_create(SupportLine.objects, support_lines)
    for item in help_items:
        item.request = request
    blank_text.bulk_create(OtherHelp.objects, help_items)
    audit_record_create(
        actor=acting_user,
        action="support_request.create",
        target=request,
        new_values={
            "household": household.pk,
            "subproject": subproject.pk,
            "letter": letter.pk,
            "lines": [[line.form, str(line.amount)] for line in support_lines],
            "kids": sum(1 for line in support_lines if line.kid),
            "other_help": [item.kind for item in help_items],
        },
        municipality=household.municipality,
    )
    return request
