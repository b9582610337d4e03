"""Pages for households: list, register, view (logged), members, bank account, consent."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samskap.accounts.access import sets_up_municipality
from samskap.accounts.decorators import team_roles_only
from samskap.core.cells import IdAddress, escaped
from samskap.core.errors import DomainError
from samskap.core.forms import own_query
from samskap.core.http import get_or_404, message_on_refusal, refusal_on, safe_next_url
from samskap.core.paging import page_of
from samskap.people import access, selectors, services
from samskap.people.form_input import (
    check_refused_bank_account,
    check_refused_consent,
    check_refused_household,
    check_refused_member,
    consent_arguments,
    member_input,
    refused,
)
from samskap.people.forms import (
    BankAccountForm,
    ConsentForm,
    ContactPersonForm,
    HandOverForm,
    HouseholdFilterForm,
    HouseholdForm,
    LegalBasisForm,
    MemberForm,
)
from samskap.people.models import Enrolment
from samskap.people.sections import household_sections
from samskap.people.stages import stage_choices
from samskap.subprojects.selectors import subprojects_of_team_member


@team_roles_only
def household_list(request):
    subprojects = subprojects_of_team_member(user=request.user)
    stages = stage_choices()
    form = HouseholdFilterForm(
        own_query(request.GET, HouseholdFilterForm), stages=stages, subprojects=subprojects
    )
    refused = form.refused()
    filters = form.filters()
    households = selectors.households_listed(user=request.user, **filters)
    if refused:
        households = households.none()  # the fields say why; nothing is searched
    page = page_of(request, selectors.HouseholdListPage(households))
    context = {
        "households": page,
        # Translated once here, not again on each of the page's rows (issue 14).
        "rows": _list_rows(page.object_list, {value: str(label) for value, label in stages}),
        "form": form,
        "filtered": any(filters.values()) or refused,
        "refused": refused,
    }
    # Like every other page's nonsense filter (the state's view, the reports): 400.
    return render(request, "people/list.html", context, status=400 if refused else 200)


def _list_rows(households, stage_labels: dict[str, str]) -> SafeString:
    """The list's rows as the per-row template wrote them (`{% url %}`, the label lookup,
    the sub-project loop, the `date` filter; tests/people/test_household_list.py keeps it
    and compares), each cell escaped as `{{ value }}` escapes it (core.cells). Through
    the template engine 50 rows of six cells were about a third of the list's rendering
    at `medium` (issue 14); here they are one f-string each."""
    # Reversed once, not on each of the 50 rows (it cost more than the rest of a row).
    address = IdAddress("people:detail")
    # The `date` filter's text of each day, once per day on the page (most rows of a page
    # were registered on a few days): `SHORT_DATE_FORMAT` shows the date only.
    days: dict = {}
    rows = []
    for household in households:
        registered = timezone.localtime(household.created_at)
        day = days.get(registered.date())
        if day is None:
            day = days[registered.date()] = escaped(
                formats.date_format(registered, "SHORT_DATE_FORMAT")
            )
        rows.append(
            "\n  <tr>\n"
            f'    <td><a class="ds-link" href="{address(household.pk)}">'
            f"<bdi>{escaped(household.alias)}</bdi></a></td>\n"
            f'    <td class="num">#{escaped(formats.localize(household.pk))}</td>\n'
            f"    <td>{escaped(stage_labels.get(household.stage, ''))}</td>\n"
            f"    <td>{escaped(', '.join(household.subproject_names))}</td>\n"
            f"    <td>{escaped(str(household.contact_person))}</td>\n"
            f"    <td>{day}</td>\n"
            "  </tr>\n  "
        )
    # Every piece above is markup of this function's own or went through escaped().
    return SafeString("".join(rows))


@team_roles_only
def household_create(request):
    subprojects = subprojects_of_team_member(user=request.user)
    form = HouseholdForm(request.POST or None, subprojects=subprojects)
    extra = {}
    if request.method == "POST" and not form.is_valid():
        check_refused_household(form, acting_user=request.user)
    elif request.method == "POST":
        data = form.cleaned_data
        try:
            household = services.household_create(
                acting_user=request.user,
                subproject=data["subproject"],
                alias=data["alias"],
                first_member=member_input(data),
                bank_account=data["bank_account"],
                account_holder=data["account_holder"],
                confirm_duplicate=data["confirm_duplicate"],
            )
        except DomainError as error:
            extra = refused(form, error)
        else:
            messages.success(request, _("The household is registered."))
            return redirect("people:detail", household_id=household.pk)
    context = {"form": form, "has_team": subprojects.exists(), **extra}
    return render(request, "people/create.html", context)


def household_detail(request, household_id: int):
    page = get_or_404(access.access_household_page, user=request.user, household_id=household_id)
    household = page.household
    services.household_access_log(user=request.user, household=household, purpose="household")
    context = {
        "household": household,
        "page": page,
        "stage_label": dict(stage_choices()).get(page.stage, ""),
        # Contexts above people (support) add their panels through the registry.
        "sections": household_sections(household=household, user=request.user),
        # Read after the log entry above, so this read is the first in the list.
        "accesses": selectors.household_page_accesses(household_id=household.pk),
        "may_hand_over": access.may_hand_over(
            user=request.user, household=household, leads_its_team=page.leads_its_team
        ),
    }
    return render(request, "people/detail.html", context)


def member_add(request, household_id: int):
    household = get_or_404(
        access.access_household, user=request.user, household_id=household_id, for_write=True
    )
    form = MemberForm(request.POST or None)
    extra = {}
    if request.method == "POST" and not form.is_valid():
        check_refused_member(form, acting_user=request.user, household=household)
    elif request.method == "POST":
        try:
            services.member_add(
                acting_user=request.user,
                household=household,
                data=member_input(form.cleaned_data),
                confirm_duplicate=form.cleaned_data["confirm_duplicate"],
            )
        except DomainError as error:
            extra = refused(form, error)
        else:
            messages.success(request, _("The person is added."))
            return redirect("people:detail", household_id=household.pk)
    return render(
        request,
        "people/form.html",
        {"household": household, "form": form, "title": _("Add a person"), **extra},
    )


def bank_account_set(request, household_id: int):
    household = get_or_404(
        access.access_household, user=request.user, household_id=household_id, for_write=True
    )
    form = BankAccountForm(
        request.POST or None, initial={"account_holder": household.account_holder}
    )
    extra = {}
    if request.method == "POST" and not form.is_valid():
        check_refused_bank_account(form, acting_user=request.user, household=household)
    elif request.method == "POST":
        try:
            services.household_bank_account_set(
                acting_user=request.user, household=household, **form.cleaned_data
            )
        except DomainError as error:
            extra = refused(form, error)
        else:
            messages.success(request, _("The bank account is saved."))
            return redirect("people:detail", household_id=household.pk)
    return render(
        request,
        "people/form.html",
        {"household": household, "form": form, "title": _("Bank account"), **extra},
    )


def consent_give(request, household_id: int):
    household = get_or_404(
        access.access_household, user=request.user, household_id=household_id, for_write=True
    )
    form = ConsentForm(request.POST or None, household=household)
    if request.method == "POST" and not form.is_valid():
        check_refused_consent(form, acting_user=request.user, household=household)
    elif request.method == "POST":
        with refusal_on(form):
            services.consent_give(
                acting_user=request.user,
                household=household,
                **consent_arguments(form.cleaned_data),
            )
        if not form.errors:
            messages.success(request, _("The consent is recorded."))
            return redirect("people:detail", household_id=household.pk)
    return render(
        request,
        "people/consent_form.html",
        {"household": household, "form": form, "title": _("Record consent")},
    )


def legal_basis_record(request, household_id: int):
    household = get_or_404(
        access.access_household, user=request.user, household_id=household_id, for_write=True
    )
    form = LegalBasisForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            services.legal_basis_record(
                acting_user=request.user, household=household, **form.cleaned_data
            )
        if not form.errors:
            messages.success(request, _("The legal basis is recorded."))
            # The guided case comes back to its next step.
            return redirect(safe_next_url(request, reverse("people:detail", args=[household.pk])))
    context = {
        "household": household,
        "form": form,
        "title": _("Record another legal basis"),
        "next": safe_next_url(request, ""),
    }
    return render(request, "people/legal_basis_form.html", context)


@require_POST
def legal_basis_end(request, basis_id: int):
    record = get_or_404(
        access.access_legal_basis, user=request.user, basis_id=basis_id, for_write=True
    )
    with message_on_refusal(request) as outcome:
        services.legal_basis_end(acting_user=request.user, record=record)
    if not outcome.refused:
        messages.success(request, _("The legal basis is ended."))
    return redirect("people:detail", household_id=record.household_id)


@require_POST
def consent_withdraw(request, consent_id: int):
    consent = get_or_404(
        access.access_consent, user=request.user, consent_id=consent_id, for_write=True
    )
    with message_on_refusal(request) as outcome:
        services.consent_withdraw(acting_user=request.user, consent=consent)
    if not outcome.refused:
        messages.success(request, _("The consent is withdrawn."))
    return redirect("people:detail", household_id=consent.household_id)


def contact_person_set(request, household_id: int):
    """ "Change contact person" on the household page, for the lead of its team."""
    household = get_or_404(
        access.access_household_handover, user=request.user, household_id=household_id
    )
    enrolled = [enrolment.subproject_id for enrolment in household.enrolments.all()]
    candidates = selectors.contact_person_candidates(
        municipality_id=household.municipality_id, subproject_ids=enrolled
    ).exclude(pk=household.contact_person_id)
    form = ContactPersonForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            services.household_contact_person_set(
                acting_user=request.user,
                household=household,
                contact_person=form.cleaned_data["contact_person"],
                expected_contact_person=household.contact_person,
            )
        if not form.errors:
            messages.success(
                request,
                _("%(user)s is now the household's contact person.")
                % {"user": form.cleaned_data["contact_person"]},
            )
            return redirect("people:detail", household_id=household.pk)
    context = {"household": household, "form": form, "title": _("Change contact person")}
    status = 400 if form.errors else 200
    return render(request, "people/contact_person_form.html", context, status=status)


def hand_over(request, user_id: int):
    """ "Hand over households": all (or the chosen) households of one contact person to
    another, for the economy (from the users page, without seeing the households) and
    for a team's lead (from the sub-project page, choosing among the team's)."""
    person = get_or_404(access.access_handover_from, user=request.user, user_id=user_id)
    economy = sets_up_municipality(request.user)
    reachable = access.households_to_hand_over(user=request.user, from_user=person)
    if economy:
        choices, subproject_ids = None, None
    else:
        subproject_ids = access.led_subproject_ids(user=request.user)
        choices = reachable.prefetch_related(
            Prefetch("enrolments", queryset=Enrolment.objects.select_related("subproject"))
        ).order_by("alias", "pk")
    candidates = selectors.contact_person_candidates(
        municipality_id=person.municipality_id, subproject_ids=subproject_ids
    ).exclude(pk=person.pk)
    form = HandOverForm(request.POST or None, households=choices, candidates=candidates)
    result = None
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            result = services.households_hand_over(
                acting_user=request.user,
                from_user=person,
                to_user=form.cleaned_data["to_user"],
                households=form.cleaned_data.get("households"),
            )
        if result is not None:
            # The form again, for what is left (a set-aside household, say).
            form = HandOverForm(
                households=choices.all() if choices is not None else None,
                candidates=candidates,
            )
    context = {
        "person": person,
        "form": form,
        "result": result,
        "economy": economy,
        "count": reachable.count(),
        "per_subproject": selectors.households_per_subproject(households=reachable),
    }
    status = 400 if form.errors else 200
    return render(request, "people/hand_over.html", context, status=status)
