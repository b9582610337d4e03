"""Set-up pages of the pot: the programme agreement, its grant schemes and their yearly
amounts. For the municipality's economist and administrator; 404 for everyone else."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samskap.accounts.access import sets_up_municipality
from samskap.core.forms import add_problems, passed_fields
from samskap.core.http import refusal_on
from samskap.funding import selectors, services
from samskap.funding.forms import AgreementForm, GrantSchemeForm, SchemeAmountsForm
from samskap.funding.models import GrantScheme, ProgrammeAgreement


def _setting_up(request):
    if not sets_up_municipality(request.user):
        raise Http404
    return request.user.municipality


def _agreement(request, agreement_id: int) -> ProgrammeAgreement:
    municipality = _setting_up(request)
    agreement = ProgrammeAgreement.objects.filter(
        pk=agreement_id, municipality=municipality
    ).first()
    if agreement is None:
        raise Http404
    return agreement


def agreement_create(request):
    municipality = _setting_up(request)
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and not form.is_valid():
        # The period is checked too when both days passed, so all come in one answer.
        with refusal_on(form):
            add_problems(
                form,
                services.agreement_check(
                    acting_user=request.user,
                    municipality=municipality,
                    **passed_fields(form, ("starts_on", "ends_on")),
                ),
            )
    elif request.method == "POST":
        with refusal_on(form):
            agreement = services.agreement_create(
                acting_user=request.user,
                municipality=municipality,
                yearly_amounts={},
                **form.cleaned_data,
            )
        if not form.errors:
            messages.success(
                request,
                _("The agreement is registered. Now add its grant schemes and yearly amounts."),
            )
            return redirect("funding:agreement_setup", agreement_id=agreement.pk)
    status = 400 if form.errors else 200
    return render(request, "funding/agreement_create.html", {"form": form}, status=status)


def _setup_page(request, agreement, *, form=None, scheme_form=None):
    context = {
        "agreement": agreement,
        "plan": selectors.pot_plan(agreement=agreement),
        "form": form or SchemeAmountsForm(schemes=GrantScheme.objects.all(), years=agreement.years),
        "scheme_form": scheme_form or GrantSchemeForm(prefix="scheme"),
    }
    failed = (form is not None and form.errors) or (scheme_form is not None and scheme_form.errors)
    return render(request, "funding/agreement_setup.html", context, status=400 if failed else 200)


def agreement_setup(request, agreement_id: int):
    """The agreement's schemes and yearly amounts; a POST sets one scheme's amounts."""
    agreement = _agreement(request, agreement_id)
    if request.method != "POST":
        return _setup_page(request, agreement)
    form = SchemeAmountsForm(request.POST, schemes=GrantScheme.objects.all(), years=agreement.years)
    if not form.is_valid():
        # The years that passed the form are read too, so all come in one answer.
        with refusal_on(form):
            add_problems(
                form,
                services.agreement_scheme_check(
                    acting_user=request.user,
                    agreement=agreement,
                    yearly_amounts=form.passed_yearly_amounts(),
                ),
            )
    else:
        with refusal_on(form):
            services.agreement_scheme_set(
                acting_user=request.user,
                agreement=agreement,
                scheme=form.cleaned_data["scheme"],
                yearly_amounts=form.yearly_amounts(),
            )
        if not form.errors:
            messages.success(
                request,
                _("The yearly amounts of %(scheme)s are saved.")
                % {"scheme": form.cleaned_data["scheme"]},
            )
            return redirect("funding:agreement_setup", agreement_id=agreement.pk)
    return _setup_page(request, agreement, form=form)


def scheme_create(request, agreement_id: int):
    """Register a state grant scheme (national) from the agreement's set-up page."""
    agreement = _agreement(request, agreement_id)
    if request.method != "POST":
        return redirect("funding:agreement_setup", agreement_id=agreement.pk)
    scheme_form = GrantSchemeForm(request.POST, prefix="scheme")
    if not scheme_form.is_valid():
        # The name and the budget line that passed the form are checked too, so every
        # problem comes in one answer.
        with refusal_on(scheme_form):
            add_problems(
                scheme_form,
                services.grant_scheme_check(
                    acting_user=request.user,
                    **passed_fields(scheme_form, ("name", "budget_chapter", "budget_post")),
                ),
            )
    else:
        with refusal_on(scheme_form):
            scheme = services.grant_scheme_create(
                acting_user=request.user, **scheme_form.cleaned_data
            )
        if not scheme_form.errors:
            messages.success(
                request,
                _("%(scheme)s is registered. Now give its yearly amounts.") % {"scheme": scheme},
            )
            return redirect("funding:agreement_setup", agreement_id=agreement.pk)
    return _setup_page(request, agreement, scheme_form=scheme_form)


def agreement_edit(request, agreement_id: int):
    """The agreement's name, reference and period."""
    agreement = _agreement(request, agreement_id)
    initial = {
        "name": agreement.name,
        "reference": agreement.reference,
        # ISO text: a date input reads only YYYY-MM-DD, and the field template would
        # print a date object in the page's (Norwegian) format.
        "starts_on": agreement.starts_on.isoformat(),
        "ends_on": agreement.ends_on.isoformat(),
    }
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            services.agreement_update(
                acting_user=request.user, agreement=agreement, **form.cleaned_data
            )
        if not form.errors:
            messages.success(request, _("The agreement is saved."))
            return redirect("funding:agreement_setup", agreement_id=agreement.pk)
    context = {"agreement": agreement, "form": form}
    status = 400 if form.errors else 200
    return render(request, "funding/agreement_edit.html", context, status=status)
