"""The guided case's pages: one server-rendered form per step, each saved by the existing
write services (which check access themselves); a refused step keeps what was typed."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from samskap.accounts.decorators import team_roles_only
from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.core.forms import summary_of
from samskap.core.http import get_or_404, refusal_on
from samskap.people import access as people_access
from samskap.people import services as people_services
from samskap.people.duplicates import DuplicateIdentity
from samskap.people.form_input import (
    check_refused_bank_account,
    check_refused_consent,
    check_refused_household,
    check_refused_member,
    consent_arguments,
    member_input,
    refused,
)
from samskap.people.forms import BankAccountForm, ConsentForm, HouseholdForm, MemberForm
from samskap.subprojects.models import SubProject
from samskap.subprojects.selectors import subproject_ids_for_team_member
from samskap.support import selectors, services
from samskap.support.case_flow import case_state
from samskap.support.forms import (
    CaseAccountForm,
    CaseLetterForm,
    CaseMappingForm,
    HelpFormSet,
    LineFormSet,
)
from samskap.support.links import LINK_MAX_AGE, letter_token
from samskap.support.views import _organisations, request_submit


def _case(request, household_id: int, purpose: str):
    """The household (logged as read) and the case's sub-project: one of the user's teams
    where the household is enrolled; the same 404 as for a household of another team."""
    household = get_or_404(
        people_access.access_household,
        user=request.user,
        household_id=household_id,
        for_write=request.method == "POST",
    )
    subproject = (
        selectors.team_subprojects_of(user=request.user, household=household)
        .order_by("-enrolments__enrolled_at", "pk")
        .first()
    )
    if subproject is None:
        return get_or_404(_no_team)
    people_services.household_access_log(user=request.user, household=household, purpose=purpose)
    return household, subproject


def _no_team():
    raise NotFoundOrForbidden("household")


def _page(request, template: str, household, subproject, step: str, **context):
    state = case_state(household=household, subproject=subproject, current=step)
    return render(
        request,
        f"support/case/{template}",
        {"household": household, "subproject": subproject, "case": state, **context},
    )


def case_resume(request, household_id: int):
    """Where the case stands: the first step not done, or the request once it is made."""
    household, subproject = _case(request, household_id, "case")
    return redirect(case_state(household=household, subproject=subproject).next_url)


@team_roles_only
def case_start(request):
    """Step 1: the household, its first person and the sub-project; enrolment happens here."""
    subprojects = SubProject.objects.filter(
        pk__in=subproject_ids_for_team_member(user=request.user)
    ).order_by("name")
    form = HouseholdForm(request.POST or None, subprojects=subprojects)
    for name in ("bank_account", "account_holder"):
        del form.fields[name]  # the payout account is a step of its own
    extra = {}
    if request.method == "POST" and not form.is_valid():
        check_refused_household(form, acting_user=request.user)
    elif request.method == "POST":
        data = form.cleaned_data
        try:
            household = people_services.household_create(
                acting_user=request.user,
                subproject=data["subproject"],
                alias=data["alias"],
                first_member=member_input(data),
                confirm_duplicate=data["confirm_duplicate"],
            )
        except DomainError as error:
            extra = refused(form, error)
        else:
            if request.POST.get("more_people"):
                return redirect("support:case_members", household_id=household.pk)
            return redirect("support:case_account", household_id=household.pk)
    context = {"form": form, "has_team": subprojects.exists(), **extra}
    return render(request, "support/case/start.html", context)


def case_members(request, household_id: int):
    """Step 2 (optional): more people. With htmx a person is added without leaving the page."""
    household, subproject = _case(request, household_id, "case: people")
    form = MemberForm(request.POST or None)
    extra = {}
    if request.method == "POST" and not form.is_valid():
        check_refused_member(form, acting_user=request.user, household=household)
    elif request.method == "POST":
        try:
            member = people_services.member_add(
                acting_user=request.user,
                household=household,
                data=member_input(form.cleaned_data),
                confirm_duplicate=form.cleaned_data["confirm_duplicate"],
            )
        except DomainError as error:
            extra = refused(form, error)
        else:
            messages.success(request, _("%(name)s is added.") % {"name": member.name})
            return redirect("support:case_members", household_id=household.pk)
    return _page(request, "members.html", household, subproject, "members", form=form, **extra)


def case_account(request, household_id: int):
    """Step 3: the payout account, checked (eleven digits, check digit, duplicates) here."""
    household, subproject = _case(request, household_id, "case: account")
    first = household.members.order_by("pk").first()
    form = BankAccountForm(
        request.POST or None,
        initial={"account_holder": household.account_holder or (first.name if first else "")},
    )
    extra = {}
    if request.method == "POST" and not form.is_valid():
        check_refused_bank_account(form, acting_user=request.user, household=household)
    elif request.method == "POST":
        try:
            people_services.household_bank_account_set(
                acting_user=request.user, household=household, **form.cleaned_data
            )
        except DomainError as error:
            extra = refused(form, error)
        else:
            return redirect("support:case_consent", household_id=household.pk)
    return _page(request, "account.html", household, subproject, "account", form=form, **extra)


def case_consent(request, household_id: int):
    """Step 4: consent (who, how, when, what for, until when). Other legal bases are
    recorded on their own page, linked from here."""
    household, subproject = _case(request, household_id, "case: consent")
    form = ConsentForm(request.POST or None, household=household)
    if request.method == "POST" and not form.is_valid():
        check_refused_consent(form, acting_user=request.user, household=household)
    elif request.method == "POST":
        with refusal_on(form):
            people_services.consent_give(
                acting_user=request.user,
                household=household,
                **consent_arguments(form.cleaned_data),
            )
        if not form.errors:
            return redirect("support:case_mapping", household_id=household.pk)
    return _page(request, "consent.html", household, subproject, "consent", form=form)


def case_mapping(request, household_id: int):
    """Step 5: needs mapping. Refused while nothing allows sharing with the services."""
    household, subproject = _case(request, household_id, "case: needs mapping")
    form = CaseMappingForm(request.POST or None, organisations=_organisations(request.user))
    if request.method == "POST" and form.is_valid():
        # The service itself refuses services no consent (or legal basis) covers.
        data = form.cleaned_data
        with refusal_on(form):
            services.needs_mapping_record(
                acting_user=request.user,
                household=household,
                subproject=subproject,
                place=data["place"],
                services_present=list(data["services_present"]),
                basic_needs=data["basic_needs"],
                notes=data["notes"],
            )
        if not form.errors:
            return redirect("support:case_letter", household_id=household.pk)
    return _page(request, "mapping.html", household, subproject, "mapping", form=form)


def case_letter(request, household_id: int):
    """Step 6: the motivation letter; saving it also makes the citizen's link."""
    household, subproject = _case(request, household_id, "case: letter")
    language = household.members.values_list("preferred_language", flat=True).first()
    form = CaseLetterForm(request.POST or None, initial={"language": language})
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            letter = services.letter_write(
                acting_user=request.user,
                household=household,
                subproject=subproject,
                **form.cleaned_data,
            )
            services.letter_link_issue(acting_user=request.user, letter=letter)
        if not form.errors:
            return redirect("support:case_request", household_id=household.pk)
    return _page(request, "letter.html", household, subproject, "letter", form=form)


def _account_problem(account_form, error: DomainError) -> dict:
    account_form.add_error(
        error.field if error.field in account_form.fields else None, error.message
    )
    if isinstance(error, DuplicateIdentity):
        return {"duplicate_warning": True, "duplicates": error.households}
    return {}


def case_request(request, household_id: int):
    """Step 7: the request for the team's agenda. A missing payout account can be typed
    here, with the amounts; a refusal keeps every row as typed."""
    household, subproject = _case(request, household_id, "case: request")
    state = case_state(household=household, subproject=subproject, current="request")
    if state.request is not None:
        return redirect("support:request_detail", request_id=state.request.pk)
    letter = state.open_letter
    if letter is None:
        messages.info(request, _("Write the motivation letter first."))
        return redirect("support:case_letter", household_id=household.pk)
    organisations = _organisations(request.user)
    data = request.POST if request.method == "POST" else None
    lines = LineFormSet(data, prefix="line")
    helps = HelpFormSet(data, prefix="help", form_kwargs={"organisations": organisations})
    account = None if household.bank_account else CaseAccountForm(data, prefix="account")
    error_message, extra, nothing = None, {}, None
    if data is not None:
        ready = all([part.is_valid() for part in (lines, helps, account) if part is not None])
        typed_account = (
            ready
            and account is not None
            and (account.cleaned_data["bank_account"] or account.cleaned_data["account_holder"])
        )
        if typed_account:
            try:
                people_services.household_bank_account_set(
                    acting_user=request.user,
                    household=household,
                    bank_account=account.cleaned_data["bank_account"],
                    account_holder=account.cleaned_data["account_holder"],
                    confirm_duplicate=account.cleaned_data["confirm_duplicate"],
                )
            except DomainError as error:
                extra = _account_problem(account, error)
                ready = False
            else:
                account = None  # saved: the page no longer asks for it
                household.refresh_from_db()
                nothing = _("The payout account is saved; the request is not.")
        # Refused or not, the rows are checked, so every problem shows in this answer.
        support_request, error_message = request_submit(
            request, letter=letter, lines=lines, helps=helps, ready=ready
        )
        if support_request is not None:
            messages.success(request, _("The request is on the team's agenda."))
            return redirect("support:request_detail", request_id=support_request.pk)
    link = None
    if not letter.is_confirmed and letter.link_sent_at is not None:
        link = request.build_absolute_uri(
            reverse("support:confirm", kwargs={"token": letter_token(letter)})
        )
    context = {
        "letter": letter,
        "lines": lines,
        "helps": helps,
        "account_form": account,
        "error_message": error_message,
        # The summary says what was saved: nothing, or only the account typed here.
        "invalid": data is not None
        and bool(
            lines.total_error_count()
            or helps.total_error_count()
            or (account is not None and account.errors)
        ),
        "nothing": nothing if error_message else None,
        "summary": summary_of(account, lines, helps),
        "link": link,
        "link_days": LINK_MAX_AGE // 86400,
        "pot": selectors.pot_context(subproject=subproject),
        "received": selectors.household_received_this_year(household_ids=[household.pk]).get(
            household.pk
        ),
        **extra,
    }
    return _page(request, "request.html", household, subproject, "request", **context)
