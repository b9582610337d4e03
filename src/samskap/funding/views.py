"""Pages about the pot: overview, per-scheme report, sub-project budget, forms, exports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.core.errors import AlreadyRecorded, DomainError, NotFoundOrForbidden
from samskap.core.forms import add_domain_error, add_problems, passed_fields
from samskap.core.http import already_recorded, get_or_404, refusal_on
from samskap.core.money import format_nok, parse_amount
from samskap.core.paging import page_of
from samskap.funding import access, exports, reports, selectors, services
from samskap.funding.charts import burn_down_chart
from samskap.funding.errors import AboveAgreement
from samskap.funding.forms import (
    AllocationForm,
    AuthorityCeilingForm,
    AuthorityLimitForm,
    ReallocationForm,
    ReceiptForm,
)
from samskap.subprojects.selectors import (
    leads_team,
    subproject_for,
    subproject_visible,
    subprojects_visible_to,
)


def _not_for_the_state(user) -> None:
    """The state viewer does not open one municipality's pot pages: they show one
    sub-project's figures (paid, committed, limits) however few households they cover.
    The state has its own view, across municipalities, small groups suppressed."""
    if user.is_authenticated and user.is_state_viewer:
        raise Http404


def _managed_agreement(request, agreement_id: int):
    """The agreement, if visible (else 404), and if the user manages its pot (else 403)."""
    agreement = get_or_404(access.access_agreement, user=request.user, agreement_id=agreement_id)
    if not access.can_manage_pot(user=request.user, agreement=agreement):
        raise PermissionDenied
    return agreement


def pot_overview(request):
    _not_for_the_state(request.user)
    today = timezone.localdate()
    pots = []
    for agreement in selectors.agreements_visible_to(user=request.user):
        plan = selectors.pot_plan(agreement=agreement)
        # The overview and the burn-down share their reads (issue 14: 11 → 8 queries).
        overview, burn = reports.pot_with_burn_down(
            agreement=agreement, today=today, planned=plan.planned
        )
        pots.append(
            {
                "plan": plan,
                "overview": overview,
                "burn": burn,
                "chart": burn_down_chart(burn),
                "manages": access.can_manage_pot(user=request.user, agreement=agreement),
            }
        )
    # Everyone sees the whole pot; the budget pages (with postings) only where they may.
    visible = set(subprojects_visible_to(user=request.user).values_list("pk", flat=True))
    context = {"pots": pots, "today": today, "budget_pages": visible}
    return render(request, "funding/pot_overview.html", context)


def scheme_report(request, agreement_id: int):
    _not_for_the_state(request.user)
    agreement = get_or_404(access.access_agreement, user=request.user, agreement_id=agreement_id)
    context = {
        "agreement": agreement,
        "sections": reports.scheme_report(agreement=agreement),
        "manages": access.can_manage_pot(user=request.user, agreement=agreement),
    }
    return render(request, "funding/scheme_report.html", context)


def subproject_budget(request, subproject_id: int):
    _not_for_the_state(request.user)
    subproject = get_or_404(subproject_visible, user=request.user, subproject_id=subproject_id)
    agreement = subproject.agreement
    accounts = selectors.subproject_accounts(subproject=subproject)
    context = {
        "subproject": subproject,
        "years": selectors.subproject_budgets(subproject=subproject, accounts=accounts),
        "this_year": selectors.budget_year(agreement=agreement),
        # Posting reasons can name a household's need: only the municipality's own staff.
        "postings": None,
        "limits": selectors.authority_limits_for_subproject(subproject=subproject),
        "manages": access.can_manage_pot(user=request.user, agreement=agreement),
    }
    if request.user.municipality_id == agreement.municipality_id:
        page = page_of(
            request,
            selectors.posting_lines_for_subproject(subproject=subproject, accounts=accounts),
        )
        context["postings"] = page
        context["posting_lines"] = selectors.posting_lines(page.object_list)
    context["sets_limits"] = context["manages"] or leads_team(
        user=request.user, subproject=subproject
    )
    return render(request, "funding/subproject_budget.html", context)


def _authority_page(request, subproject, *, form=None, ceiling_form=None):
    manages = access.can_manage_pot(user=request.user, agreement=subproject.agreement)
    ceiling = selectors.authority_ceiling_for(subproject=subproject)
    if manages and ceiling_form is None:
        initial = (
            {
                "max_per_decision": ceiling.max_per_decision,
                "max_per_household_per_year": ceiling.max_per_household_per_year,
            }
            if ceiling
            else None
        )
        ceiling_form = AuthorityCeilingForm(initial=initial, prefix="ceiling")
    context = {
        "subproject": subproject,
        "form": form or AuthorityLimitForm(),
        "ceiling_form": ceiling_form if manages else None,
        "ceiling": ceiling,
        "limits": selectors.authority_limits_for_subproject(subproject=subproject),
    }
    return render(request, "funding/authority_form.html", context)


def authority_limit_set(request, subproject_id: int):
    """Set a team role's room for action in one sub-project; the service decides who may."""
    _not_for_the_state(request.user)
    subproject = get_or_404(subproject_for, user=request.user, subproject_id=subproject_id)
    form = AuthorityLimitForm(request.POST or None)
    if request.method == "POST" and not form.is_valid():
        add_problems(form, _amounts_check(form))
    elif request.method == "POST":
        try:
            services.authority_limit_set(
                acting_user=request.user,
                municipality=subproject.agreement.municipality,
                subproject=subproject,
                **form.cleaned_data,
            )
        except NotFoundOrForbidden as error:
            raise PermissionDenied from error
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The delegated authority is saved."))
            return redirect("funding:subproject", subproject_id=subproject.pk)
    return _authority_page(request, subproject, form=form)


def authority_ceiling_set(request, subproject_id: int):
    """The economy's ceiling for every limit in one sub-project (POST from the limits page)."""
    _not_for_the_state(request.user)
    subproject = get_or_404(subproject_for, user=request.user, subproject_id=subproject_id)
    if not access.can_manage_pot(user=request.user, agreement=subproject.agreement):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("funding:authority", subproject_id=subproject.pk)
    form = AuthorityCeilingForm(request.POST, prefix="ceiling")
    if not form.is_valid():
        add_problems(form, _amounts_check(form))
    else:
        try:
            services.authority_ceiling_set(
                acting_user=request.user, subproject=subproject, **form.cleaned_data
            )
        except NotFoundOrForbidden as error:
            raise PermissionDenied from error
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The ceiling is saved."))
            return redirect("funding:authority", subproject_id=subproject.pk)
    return _authority_page(request, subproject, ceiling_form=form)


def receipt_create(request, agreement_id: int):
    agreement = _managed_agreement(request, agreement_id)
    schemes = selectors.schemes_of(agreement=agreement)
    confirming = "confirm_above_agreement" in request.POST
    form = ReceiptForm(request.POST or None, schemes=schemes, confirming=confirming)
    if request.method == "POST" and not form.is_valid():
        add_problems(form, _checked(services.grant_receipt_check, request, agreement, form))
    elif request.method == "POST":
        try:
            receipt = services.grant_receipt_create(
                acting_user=request.user, agreement=agreement, **form.cleaned_data
            )
        except AlreadyRecorded as error:
            return _already_recorded(request, error)
        except AboveAgreement as error:
            # Ask again, with the figures and a box to confirm them.
            form = ReceiptForm(request.POST, schemes=schemes, confirming=True)
            form.is_valid()
            add_domain_error(form, error)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Registered %(amount)s from %(scheme)s.")
                % {"amount": format_nok(receipt.amount), "scheme": receipt.scheme},
            )
            return redirect("funding:pot")
    return _form_page(request, agreement, form, _("Register a receipt"))


def allocation_create(request, agreement_id: int):
    agreement = _managed_agreement(request, agreement_id)
    form = AllocationForm(
        request.POST or None,
        subprojects=agreement.subprojects.order_by("name"),
        schemes=selectors.schemes_of(agreement=agreement),
        years=agreement.years,
        initial={"year": selectors.budget_year(agreement=agreement)},
    )
    if request.method == "POST" and not form.is_valid():
        add_problems(form, _checked(services.allocation_check, request, agreement, form))
    elif request.method == "POST":
        data = dict(form.cleaned_data)
        token = data.pop("token")
        try:
            services.allocation_create(acting_user=request.user, form_token=token, **data)
        except AlreadyRecorded as error:
            return _already_recorded(request, error)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Allocated %(amount)s to %(subproject)s for %(year)s.")
                % {
                    "amount": format_nok(parse_amount(data["amount"])),
                    "subproject": data["subproject"],
                    "year": data["year"],
                },
            )
            return redirect("funding:pot")
    return _form_page(request, agreement, form, _("Allocate from the pot"))


def reallocation_create(request, agreement_id: int):
    agreement = _managed_agreement(request, agreement_id)
    subprojects = agreement.subprojects.order_by("name")
    form = ReallocationForm(
        request.POST or None,
        subprojects=subprojects,
        years=agreement.years,
        initial={"year": selectors.budget_year(agreement=agreement)},
    )
    if request.method == "POST" and not form.is_valid():
        add_problems(form, _checked(services.reallocation_check, request, agreement, form))
    elif request.method == "POST":
        data = form.cleaned_data
        with refusal_on(form):
            services.reallocation_create(acting_user=request.user, **data)
        if not form.errors:
            messages.success(
                request,
                _("Moved budget from %(source)s to %(target)s.")
                % {"source": data["source"], "target": data["target"]},
            )
            return redirect("funding:pot")
    return _form_page(request, agreement, form, _("Reallocate between sub-projects"))


# The fields each form's service checks on its own (the others are the form's: a token,
# a reason the service leaves to the form, a confirmation box).
_CHECKED_FIELDS = {
    services.grant_receipt_check: ("scheme", "received_on", "amount", "reference"),
    services.allocation_check: ("year", "amount", "earmarked_scheme"),
    services.reallocation_check: ("source", "target", "year", "amount", "reason"),
}


def _checked(check, request, agreement, form) -> list:
    """The service's problems with the fields that passed a refused form, so the amount
    ("10.000", 30 digits) is marked in the same answer as the fields left empty."""
    fields = passed_fields(form, _CHECKED_FIELDS[check])
    return check(acting_user=request.user, agreement=agreement, **fields)


def _amounts_check(form) -> list:
    """The amounts of a refused authority form that passed it, read by the service."""
    names = ("max_per_decision", "max_per_household_per_year")
    return services.authority_amounts_check(**passed_fields(form, names))


def _already_recorded(request, error: AlreadyRecorded):
    return already_recorded(
        request,
        message=error.message,
        next_url=reverse("funding:pot"),
        next_label=_("Back to the pot"),
    )


def _form_page(request, agreement, form, title):
    overview = reports.pot_overview(agreement=agreement)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "funding/form.html",
        {"agreement": agreement, "form": form, "title": title, "overview": overview},
        status=status,
    )


def export_workbook(request, agreement_id: int):
    agreement = _managed_agreement(request, agreement_id)
    response = HttpResponse(
        exports.workbook_bytes(agreement=agreement),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="potten-{agreement.reference}.xlsx"'
    return response


def export_accounting_csv(request, agreement_id: int):
    agreement = _managed_agreement(request, agreement_id)
    response = HttpResponse(
        exports.accounting_csv(agreement=agreement), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="regnskap-{agreement.reference}.csv"'
    return response
