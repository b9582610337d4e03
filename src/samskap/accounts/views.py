"""Set-up pages for the municipality's staff: organisations, users and invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samskap.accounts import access, services
from samskap.accounts.forms import InvitationForm, OrganisationForm, UserForm
from samskap.accounts.models import Organisation, User
from samskap.core.errors import DomainError
from samskap.core.forms import add_domain_error, add_problems, passed_fields
from samskap.core.http import get_or_404, message_on_refusal, refusal_on


def _setting_up(request):
    """The municipality of an economist or administrator; 404 for everyone else."""
    if not access.sets_up_municipality(request.user):
        raise Http404
    return request.user.municipality


def _organisations(municipality):
    return Organisation.objects.filter(municipality=municipality).order_by("name")


def organisations(request):
    municipality = _setting_up(request)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            organisation = services.organisation_create(
                acting_user=request.user, municipality=municipality, **form.cleaned_data
            )
        if not form.errors:
            messages.success(request, _("%(name)s is registered.") % {"name": organisation.name})
            return redirect("accounts:organisations")
    context = {"form": form, "organisations": _organisations(municipality)}
    status = 400 if form.errors else 200
    return render(request, "accounts/organisations.html", context, status=status)


def _users_page(request, municipality, *, form=None, invited=None, link=None):
    if form is None:
        form = UserForm(
            roles=access.assignable_roles(request.user),
            organisations=_organisations(municipality),
        )
    context = {
        "form": form,
        # How many households each follows up as contact person (a count, never which):
        # the way to hand them over before someone leaves.
        "users": User.objects.filter(municipality=municipality)
        .select_related("organisation")
        .annotate(households=Count("households_as_contact"))
        .order_by("last_name", "first_name"),
        "invited": invited,
        "link": link,
        "assignable": access.assignable_roles(request.user),
    }
    status = 400 if form.errors else 200
    return render(request, "accounts/users.html", context, status=status)


def _link(request, token: str) -> str:
    return request.build_absolute_uri(reverse("accounts:invitation", args=[token]))


def users(request):
    municipality = _setting_up(request)
    if request.method != "POST":
        return _users_page(request, municipality)
    form = UserForm(
        request.POST,
        roles=access.assignable_roles(request.user),
        organisations=_organisations(municipality),
    )
    if not form.is_valid():
        # The fields that passed the form are checked too (a taken username), so all
        # come in one answer.
        checked = ("username", "role", "first_name", "last_name")
        with refusal_on(form):
            add_problems(
                form,
                services.user_invite_check(
                    acting_user=request.user,
                    municipality=municipality,
                    **passed_fields(form, checked),
                ),
            )
    else:
        with refusal_on(form):
            user, token = services.user_invite(
                acting_user=request.user, municipality=municipality, **form.cleaned_data
            )
        if not form.errors:
            return _users_page(request, municipality, invited=user, link=_link(request, token))
    return _users_page(request, municipality, form=form)


@require_POST
def user_invite(request, user_id: int):
    """A new one-time link for a user who has not chosen a password yet."""
    invited = get_or_404(access.access_staff_user, user=request.user, user_id=user_id)
    with message_on_refusal(request) as outcome:
        token = services.invitation_issue(acting_user=request.user, user=invited)
    if outcome.refused:
        return redirect("accounts:users")
    return _users_page(
        request, request.user.municipality, invited=invited, link=_link(request, token)
    )


def _switch(request, user_id: int, service, done: str):
    """Deactivate or reactivate a user: the users page says what happened (or why not)."""
    person = get_or_404(access.access_staff_user, user=request.user, user_id=user_id)
    with message_on_refusal(request) as outcome:
        service(acting_user=request.user, user=person)
    if not outcome.refused:
        messages.success(request, done % {"name": person.get_full_name() or person.username})
    return redirect("accounts:users")


@require_POST
def user_deactivate(request, user_id: int):
    """Switch a user off: no login, no new decisions; what they did stays."""
    return _switch(
        request,
        user_id,
        services.user_deactivate,
        _("%(name)s is deactivated: they can no longer log in."),
    )


@require_POST
def user_reactivate(request, user_id: int):
    return _switch(request, user_id, services.user_reactivate, _("%(name)s is active again."))


@login_not_required
def invitation(request, invitation: str):
    """The invited user's page: choose a password, once, before the link expires.

    A logged-in session is refused: the person invited chooses the password, not the
    colleague who made the link."""
    if request.user.is_authenticated:
        message = _("Log out first: the person invited chooses the password on their own device.")
        return render(request, "accounts/invitation_refused.html", {"message": message}, status=403)
    try:
        invited = services.invitation_for(token=invitation)
    except services.InvitationRefused as error:
        return render(
            request, "accounts/invitation_refused.html", {"message": error.message}, status=400
        )
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(token=invitation, **form.cleaned_data)
        except services.InvitationRefused as error:
            return render(
                request, "accounts/invitation_refused.html", {"message": error.message}, status=400
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your password is saved. Log in with it now."))
            return redirect("accounts:login")
    context = {"form": form, "invited": invited.user}
    return render(request, "accounts/invitation.html", context, status=400 if form.errors else 200)
