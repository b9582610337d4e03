"""Pages of the support flow: thin wrappers around selectors and services."""

import uuid
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from samskap.accounts.access import manages_municipality
from samskap.accounts.decorators import team_roles_only
from samskap.accounts.models import Organisation
from samskap.core.citizen.languages import citizen_page, render_citizen_page
from samskap.core.errors import AlreadyRecorded, DomainError, NotFoundOrForbidden
from samskap.core.forms import (
    add_domain_error,
    add_problems,
    named_message,
    own_query,
    passed_fields,
    summary_items,
    summary_of,
)
from samskap.core.http import already_recorded, get_or_404, message_on_refusal, refusal_on
from samskap.core.money import format_nok
from samskap.core.paging import page_of
from samskap.people import access as people_access
from samskap.people import services as people_services
from samskap.support import access, selectors, services
from samskap.support.forms import (
    BlankRow,
    CancelForm,
    DecisionReferenceForm,
    DecisionRowForm,
    HelpFormSet,
    LetterForm,
    LineFormSet,
    MeetingForm,
    NeedsMappingForm,
    RepaymentForm,
)
from samskap.support.links import LINK_MAX_AGE, CitizenOnly, LinkRefused, letter_token
from samskap.support.models import SupportRequest
from samskap.support.request_sections import request_sections


def _organisations(user):
    return Organisation.objects.filter(municipality_id=user.municipality_id).order_by("name")


def _household(request, household_id: int, purpose: str):
    household = get_or_404(
        people_access.access_household, user=request.user, household_id=household_id
    )
    people_services.household_access_log(user=request.user, household=household, purpose=purpose)
    return household


def mapping_create(request, household_id: int):
    household = _household(request, household_id, "needs mapping")
    form = NeedsMappingForm(
        request.POST or None,
        subprojects=selectors.team_subprojects_of(user=request.user, household=household),
        organisations=_organisations(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_on(form):
            services.needs_mapping_record(
                acting_user=request.user,
                household=household,
                subproject=data["subproject"],
                place=data["place"],
                services_present=list(data["services_present"]),
                basic_needs=data["basic_needs"],
                notes=data["notes"],
            )
        if not form.errors:
            messages.success(request, _("The needs mapping is saved."))
            return redirect("people:detail", household_id=household.pk)
    return render(request, "support/mapping_form.html", {"household": household, "form": form})


def letter_create(request, household_id: int):
    household = _household(request, household_id, "letter")
    language = household.members.values_list("preferred_language", flat=True).first()
    form = LetterForm(
        request.POST or None,
        subprojects=selectors.team_subprojects_of(user=request.user, household=household),
        initial={"language": language},
    )
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            letter = services.letter_write(
                acting_user=request.user, household=household, **form.cleaned_data
            )
        if not form.errors:
            messages.success(
                request, _("The letter is saved. Make a link so the citizen can confirm it.")
            )
            return redirect("support:letter_detail", letter_id=letter.pk)
    return render(request, "support/letter_form.html", {"household": household, "form": form})


def letter_detail(request, letter_id: int):
    letter = get_or_404(
        access.access_letter,
        user=request.user,
        letter_id=letter_id,
        for_write=request.method == "POST",
    )
    people_services.household_access_log(
        user=request.user, household=letter.household, purpose="letter"
    )
    link = None
    if request.method == "POST" and not letter.is_confirmed:
        with message_on_refusal(request) as outcome:
            services.letter_link_issue(acting_user=request.user, letter=letter)
        if not outcome.refused:
            link = request.build_absolute_uri(
                reverse("support:confirm", kwargs={"token": letter_token(letter)})
            )
    context = {"letter": letter, "link": link, "link_days": LINK_MAX_AGE // 86400}
    return render(request, "support/letter_detail.html", context)


def _languages_of_letter(request, token: str) -> tuple[str, ...]:
    return selectors.languages_of_letter_link(token=token)


@login_not_required
@citizen_page(_languages_of_letter)
def letter_confirm(request, token: str, *, language: str):
    """The citizen's page: no account; a bad or old link is refused and changes nothing.

    A logged-in staff session is refused too, reading as well as confirming. Once the
    letter is confirmed the page says so and no longer shows the letter.
    """
    signed_in = request.user if request.user.is_authenticated else None
    try:
        services.refuse_staff_session(signed_in)
        letter = services.letter_from_token(token=token)
        if request.method == "POST":
            letter = services.letter_confirm(token=token, signed_in_user=signed_in)
    except CitizenOnly as error:
        # Staff read this one, in their own language and page shell.
        return render(request, "support/confirm_staff.html", {"message": error.message}, status=403)
    except LinkRefused as error:
        return render_citizen_page(
            request,
            "support/citizen/confirm_refused.html",
            {"message": error.message},
            language=language,
            status=400,
        )
    return render_citizen_page(
        request, "support/citizen/confirm.html", {"letter": letter}, language=language
    )


def request_create(request, letter_id: int):
    letter = get_or_404(
        access.access_letter,
        user=request.user,
        letter_id=letter_id,
        for_write=request.method == "POST",
    )
    household = letter.household
    people_services.household_access_log(user=request.user, household=household, purpose="request")
    organisations = _organisations(request.user)
    data = request.POST if request.method == "POST" else None
    lines = LineFormSet(data, prefix="line")
    helps = HelpFormSet(data, prefix="help", form_kwargs={"organisations": organisations})
    error_message = None
    if data is not None:
        ready = lines.is_valid() and helps.is_valid()
        support_request, error_message = request_submit(
            request, letter=letter, lines=lines, helps=helps, ready=ready
        )
        if support_request is not None:
            messages.success(request, _("The request is on the team's agenda."))
            return redirect("support:request_detail", request_id=support_request.pk)
    context = {
        "letter": letter,
        "household": household,
        "lines": lines,
        "helps": helps,
        "error_message": error_message,
        "invalid": bool(lines.total_error_count() or helps.total_error_count()),
        "summary": summary_of(lines, helps),
        "pot": selectors.pot_context(subproject=letter.subproject),
        "received": selectors.household_received_this_year(household_ids=[household.pk]).get(
            household.pk
        ),
    }
    return render(request, "support/request_form.html", context)


def _filled(rows) -> list:
    """The rows of a formset that passed their own form checks and have something in them."""
    return [form for form in rows.forms if form.is_valid() and form.cleaned_data]


_LINE_FIELDS = (
    "form",
    "description",
    "amount",
    "supplier_name",
    "supplier_account",
    "invoice_reference",
    "kid",
)


def request_submit(request, *, letter, lines, helps, ready: bool):
    """(the request made, or None; the message of the problems of the whole request).

    With every part of the page `ready` (passed its form) the request is made; otherwise
    the rows that passed are only checked (services.support_request_check), so an
    unconfirmed letter, each row's amount and the rows the form refused are all marked in
    one answer. Each problem of a row is put at its field."""
    line_forms, help_forms = _filled(lines), _filled(helps)
    arguments = {
        "acting_user": request.user,
        "letter": letter,
        "lines": [services.LineInput(**form.cleaned_data) for form in line_forms],
        "other_help": [services.HelpInput(**form.cleaned_data) for form in help_forms],
    }
    if not ready:
        problems = services.support_request_check(**arguments)
        # A row its form refused is still read for what passed (an amount of "abc" beside
        # an empty "what for" was named only on the next try).
        for form in lines.forms:
            if form.has_changed() and not form.is_valid():
                add_problems(
                    form,
                    services.support_line_check(
                        acting_user=request.user,
                        letter=letter,
                        **passed_fields(form, _LINE_FIELDS),
                    ),
                )
    else:
        try:
            return services.support_request_create(**arguments), None
        except DomainError as error:
            problems = getattr(error, "problems", [error])
    return None, _place_request_problems(line_forms, help_forms, problems)


def _place_request_problems(line_forms, help_forms, problems) -> str | None:
    """Put each message next to the field of the row it is about, if there is one; the
    others (the letter, the budget) are returned as the page's message."""
    whole = []
    for problem in problems:
        rows, index = line_forms, getattr(problem, "line", None)
        if index is None:
            rows, index = help_forms, getattr(problem, "help_line", None)
        if index is not None and index < len(rows) and problem.field in rows[index].fields:
            rows[index].add_error(problem.field, problem.message)
        else:
            whole.append(str(problem.message))
    return " ".join(whole) or None


def request_detail(request, request_id: int):
    support_request = get_or_404(
        access.access_support_request, user=request.user, support_request_id=request_id
    )
    household = support_request.household
    people_services.household_access_log(user=request.user, household=household, purpose="request")
    pot = selectors.pot_context(subproject=support_request.subproject)
    asked = sum(line.amount for line in support_request.lines.all())
    context = {
        "support_request": support_request,
        "household": household,
        "asked": asked,
        "pot": pot,
        "share": pot.share_of_remaining(asked),
        "received": selectors.household_received_this_year(household_ids=[household.pk]).get(
            household.pk
        ),
    }
    try:
        context["decision"] = support_request.decision
    except SupportRequest.decision.RelatedObjectDoesNotExist:
        context["decision"] = None
    decision = context["decision"]
    if decision is not None and decision.needs_second_approval and not decision.second_verdict:
        context["need"] = selectors.approval_needs(decisions=[decision])[decision.pk]
    lines = selectors.line_payments(support_request=support_request)
    context["lines"] = lines
    context["returned"] = [item.current for item in lines if item.returned]
    # Panels of the contexts above support (effects: the goal it serves).
    context["sections"] = request_sections(
        support_request=support_request, decision=decision, user=request.user
    )
    return render(request, "support/request_detail.html", context)


@require_POST
def decision_pay_again(request, request_number: int):
    """Pay a decision's returned lines again, once the household's account is corrected."""
    decision = get_or_404(
        access.access_decision, user=request.user, request_number=request_number, for_write=True
    )
    with message_on_refusal(request) as outcome:
        payments = services.decision_pay_again(acting_user=request.user, decision=decision)
    if not outcome.refused:
        messages.success(
            request,
            ngettext(
                "A new payment is waiting for the next payment file.",
                "%(count)s new payments are waiting for the next payment file.",
                len(payments),
            )
            % {"count": len(payments)},
        )
    return redirect("support:request_detail", request_id=decision.request_id)


@team_roles_only
def meeting_list(request):
    subprojects = selectors.team_subprojects(user=request.user)
    return render(request, "support/meeting_list.html", {"subprojects": subprojects})


# The labels of a waiting decision's fields (support/meeting.html, support/escalated.html),
# for the summary.
_LABELS = {"refuse": lambda: _("Why do you decline?"), "confirm": lambda: _("Your note (optional)")}


def _refused_row(refused) -> dict:
    """The context that marks a refused field of a waiting decision's row (`refused`: the
    decision's pk, its field's id prefix and the message) and links the error summary to
    it."""
    pk, prefix, message = refused
    return {
        "refused": {"pk": pk, "field": prefix, "message": message},
        "summary": [
            {
                "message": named_message(_LABELS[prefix]().rstrip("?"), message),
                "anchor": f"{prefix}-{pk}",
            }
        ],
    }


def meeting(request, subproject_id: int, *, refused=None):
    """The agenda: approve, adjust or decline each request, record who was present, confirm.

    `refused` (from `_second_approval`, not the URL: the awaiting decision's pk, its
    field's id prefix and the message) shows the page as it was, with that card's field
    marked and the error summary linking to it (status 400)."""
    # A second approver's refused decline is not a post of the meeting's own form.
    data = request.POST if request.method == "POST" and refused is None else None
    subproject = get_or_404(
        access.access_team_subproject,
        user=request.user,
        subproject_id=subproject_id,
        for_write=data is not None,
    )
    organisations = _organisations(request.user)
    form = MeetingForm(data, organisations=organisations, initial={"token": uuid.uuid4().hex})
    # The authority is read once: the agenda's second-approver marks and the page's own
    # panel show it.
    pot, authority = selectors.pot_and_authority(user=request.user, subproject=subproject)
    agenda = selectors.agenda_for(
        subproject=subproject, pot=pot, user=request.user, authority=authority
    )
    people_services.household_access_log_many(
        user=request.user,
        household_ids=[item.request.household_id for item in agenda],
        purpose="team meeting",
    )
    # Before anything is sent each row is the blank one with its own prefix (BlankRow).
    rows = [
        (
            item,
            DecisionRowForm(data, prefix=f"r{item.request.pk}", family=str(item.request.household))
            if data is not None
            else BlankRow(prefix=f"r{item.request.pk}"),
        )
        for item in agenda
    ]
    error_message = None
    # A list, not a generator: every row is validated, so every wrong row is marked at once.
    rows_valid = data is not None and all([row.is_valid() for _item, row in rows])
    # No service ticked is refused together with the rows' own problems, not a try before.
    form_ready = data is not None and (form.is_valid() or set(form.errors) == {"services_present"})
    # The rows that passed their own form checks, as the service reads them.
    choices = [
        services.DecisionInput(
            request_id=item.request.pk,
            outcome=row.cleaned_data["outcome"],
            amount=row.cleaned_data["amount"] or None,
            rationale=row.cleaned_data["rationale"],
        )
        for item, row in rows
        if data is not None and row.is_valid() and row.cleaned_data["outcome"]
    ]
    if data is not None and not (form_ready and rows_valid):
        # Some rows were refused by their form: the service still checks every other row
        # (without writing), so "Declined" with an amount on a second row is marked in
        # this answer, not after the next try.
        problems = services.meeting_check(
            acting_user=request.user, subproject=subproject, decisions=choices
        )
        error_message = _mark_meeting_problems(form, rows, problems)
    if form_ready and rows_valid:
        try:
            result = services.meeting_hold(
                acting_user=request.user,
                subproject=subproject,
                services_present=list(form.cleaned_data.get("services_present") or []),
                decisions=choices,
                idempotency_key=form.cleaned_data["token"],
            )
        except DomainError as error:
            error_message = _mark_meeting_problems(form, rows, getattr(error, "problems", [error]))
        else:
            if result.repeated:
                return already_recorded(
                    request,
                    message=_("This meeting was recorded %(held)s with %(count)s decisions.")
                    % {
                        "held": date_format(
                            localtime(result.meeting.held_at), "SHORT_DATETIME_FORMAT"
                        ),
                        "count": len(result.decisions),
                    },
                    next_url=reverse("support:meeting", kwargs={"subproject_id": subproject.pk}),
                    next_label=_("Back to the meeting"),
                )
            waiting = sum(1 for d in result.decisions if d.decided_at is None)
            messages.success(
                request,
                _(
                    "The meeting is recorded: %(count)s decisions, "
                    "%(waiting)s awaiting a second approver."
                )
                % {"count": len(result.decisions), "waiting": waiting},
            )
            return redirect("support:meeting", subproject_id=subproject.pk)
    context = {
        "subproject": subproject,
        "form": form,
        "rows": rows,
        "pot": pot,
        "error_message": error_message,
        "summary": _meeting_summary(form, rows) if data is not None else [],
        "awaiting": selectors.awaiting_second_approval(
            user=request.user, subproject=subproject, agenda=agenda
        ),
        "authority": authority,
    }
    if refused is not None:
        context.update(_refused_row(refused))
        return render(request, "support/meeting.html", context, status=400)
    return render(request, "support/meeting.html", context)


def _mark_meeting_problems(form, rows, problems) -> str | None:
    """Mark each of the meeting service's problems at its field (a row's, or the services
    present); a refusal of the whole meeting is returned as the page's message."""
    rows_by_request = {item.request.pk: row for item, row in rows}
    whole = []
    for problem in problems:
        row = rows_by_request.get(getattr(problem, "request_id", None))
        if row is not None and problem.field in row.fields:
            row.add_error(problem.field, problem.message)
        elif problem.field in form.fields:
            if not form.has_error(problem.field):
                form.add_error(problem.field, problem.message)
        else:
            whole.append(str(problem.message))
    return " ".join(whole) or None


def _meeting_summary(form, rows) -> list[dict]:
    """Every marked field of the meeting, in the page's order, each a link to its field:
    the services present (the group, core.forms.summary_items), then each row's fields,
    named by the family."""
    summary = summary_items(form)
    for _item, row in rows:
        # Every row message names its family already (DecisionRowForm's `family`) and says
        # what it is about ("Familien Hansen: skriv en kort begrunnelse …").
        summary += summary_items(row, name=str)
    return summary


def _second_approval(
    request, request_number: int, service, success: str, field_id: str | None = None
):
    """The team's second approver, or the economy for a decision escalated to it."""
    economy = False
    try:
        decision = access.access_decision(
            user=request.user, request_number=request_number, for_write=True
        )
    except NotFoundOrForbidden:
        decision = get_or_404(
            access.access_escalated_decision, user=request.user, request_number=request_number
        )
        economy = True
    subproject_id = decision.request.subproject_id

    def back():
        if economy:
            return redirect("support:escalated")
        return redirect("support:meeting", subproject_id=subproject_id)

    reason = request.POST.get("reason", "")
    if field_id is None:
        with message_on_refusal(request) as outcome:
            service(acting_user=request.user, decision=decision, reason=reason)
        if not outcome.refused:
            messages.success(request, success)
        return back()
    # A refusal of the row's own field (an empty reason) is shown at that field, with the
    # page's error summary linking to it, not as a message: on the economist's list, or on
    # the meeting page's waiting card.
    try:
        service(acting_user=request.user, decision=decision, reason=reason)
    except NotFoundOrForbidden as error:
        raise Http404 from error
    except DomainError as error:
        if error.field != "reason":
            messages.error(request, error.message)
            return back()
        refused = (decision.pk, field_id, error.message)
        if economy:
            return _escalated_page(request, refused=refused)
        return meeting(request, subproject_id, refused=refused)
    messages.success(request, success)
    return back()


def decision_cancel(request, request_number: int):
    """Cancel an approved decision: a confirmation page with the figures and a reason."""
    decision = get_or_404(
        access.access_decision,
        user=request.user,
        request_number=request_number,
        for_write=request.method == "POST",
    )
    support_request = decision.request
    people_services.household_access_log(
        user=request.user, household=support_request.household, purpose="cancel decision"
    )
    form = CancelForm(request.POST or None)
    pot = selectors.pot_context(subproject=support_request.subproject)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            services.decision_cancel(
                acting_user=request.user, decision=decision, reason=form.cleaned_data["reason"]
            )
        if not form.errors:
            messages.success(
                request, _("The decision is cancelled and its money is back in the budget.")
            )
            return redirect("support:request_detail", request_id=support_request.pk)
    context = {
        "decision": decision,
        "support_request": support_request,
        "household": support_request.household,
        "payments": selectors.payments_of(support_request=support_request),
        "pot": pot,
        "committed_after": pot.committed - decision.amount,
        "remaining_after": pot.remaining + decision.amount,
        "form": form,
    }
    return render(request, "support/decision_cancel.html", context)


@require_GET
def escalated(request):
    """The economist's list: decisions no one on the team has authority for, without names."""
    if not manages_municipality(request.user, request.user.municipality_id):
        raise Http404
    # Who may confirm is worked out in Python (the authority rules), so the page is cut
    # from the municipality's decisions waiting for a second approver, never the rows.
    return _escalated_page(request)


def _escalated_page(request, *, refused=None):
    """The escalated list; `refused` (the decision's pk, its field's id prefix and the
    message) marks that row's field and links the error summary to it (status 400)."""
    decisions = page_of(request, selectors.escalated_decisions(user=request.user))
    context = {"decisions": decisions}
    if refused is None:
        return render(request, "support/escalated.html", context)
    context.update(_refused_row(refused))
    return render(request, "support/escalated.html", context, status=400)


@require_POST
def decision_confirm(request, request_number: int):
    return _second_approval(
        request,
        request_number,
        services.decision_confirm,
        _("The decision is confirmed and the money committed."),
    )


@require_POST
def decision_refuse(request, request_number: int):
    return _second_approval(
        request,
        request_number,
        services.decision_refuse,
        _("The request is declined. Nothing was committed."),
        field_id="refuse",
    )


@team_roles_only
def task_list(request):
    # Paged in the database; only the households on the pages shown are logged as read.
    tasks = page_of(request, selectors.open_tasks_for(user=request.user), param="side")
    returned = page_of(
        request, selectors.returned_payment_tasks_for(user=request.user), param="returnert"
    )
    people_services.household_access_log_many(
        user=request.user,
        household_ids={task.request.household_id for task in [*tasks, *returned]},
        purpose="help tasks",
    )
    return render(request, "support/tasks.html", {"tasks": tasks, "returned": returned})


@require_POST
def task_done(request, task_id: int):
    task = get_or_404(
        access.access_help_task, user=request.user, help_task_id=task_id, for_write=True
    )
    with message_on_refusal(request) as outcome:
        services.help_task_done(acting_user=request.user, task=task)
    if not outcome.refused:
        messages.success(request, _("The task is marked as done."))
    return redirect("support:tasks")


@require_GET
def repayments(request):
    """The economy's page for money that came back: find the decision by the reference on
    the bank statement, and the repayments recorded so far (amounts, never households)."""
    if not manages_municipality(request.user, request.user.municipality_id):
        raise Http404
    form = DecisionReferenceForm(own_query(request.GET, DecisionReferenceForm))
    if form.is_bound and form.is_valid():
        decision = selectors.decision_by_reference(
            user=request.user, reference=form.cleaned_data["reference"]
        )
        if decision is not None:
            return redirect("support:repayment_record", request_number=decision.request_id)
        form.add_error(
            "reference", _("No approved decision in your municipality has that reference.")
        )
    page = page_of(request, selectors.repayments_of_municipality(user=request.user))
    return render(request, "support/repayments.html", {"form": form, "page": page})


def repayment_record(request, request_number: int):
    """Record money of a paid decision that came back: the figures, then amount and date."""
    decision = get_or_404(
        access.access_decision_for_economy, user=request.user, request_number=request_number
    )
    form = RepaymentForm(request.POST or None)
    if request.method == "POST" and not form.is_valid():
        fields = passed_fields(form, ("amount", "received_on", "note"))
        add_problems(
            form, services.repayment_check(acting_user=request.user, decision=decision, **fields)
        )
    elif request.method == "POST":
        data = form.cleaned_data
        try:
            repayment = services.repayment_record(
                acting_user=request.user,
                decision=decision,
                amount=data["amount"],
                received_on=data["received_on"],
                note=data["note"],
                form_token=data["token"],
            )
        except AlreadyRecorded as error:
            return already_recorded(
                request,
                message=error.message,
                next_url=reverse("support:repayments"),
                next_label=_("Back to repayments"),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Recorded %(amount)s repaid on request #%(id)s.")
                % {"amount": format_nok(repayment.amount), "id": decision.request_id},
            )
            return redirect("support:repayments")
    context = {
        "decision": decision,
        "subproject": decision.request.subproject,
        "payments": selectors.payments_of(support_request=decision.request),
        "earlier": decision.repayments.order_by("received_on", "pk"),
        "repayable": sum(services.repayable(decision).values(), start=Decimal("0.00")),
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "support/repayment_form.html", context, status=status)


# Decision pages were once addressed by the decision's database id, which nobody sees.
# Old links (a bookmark, a link in a message) lead to the page by the request's number,
# for whoever may open that page; everyone else gets the page's own 404.
_BY_ID = {
    "support:decision_cancel": access.access_decision,
    "support:repayment_record": access.access_decision_for_economy,
}


@require_GET
def decision_by_id(request, decision_id: int, to: str):
    decision = get_or_404(_BY_ID[to], user=request.user, decision_id=decision_id)
    return redirect(to, request_number=decision.request_id)
