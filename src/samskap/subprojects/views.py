"""Pages about sub-projects."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samskap.accounts.access import sets_up_municipality
from samskap.accounts.models import User
from samskap.core.errors import DomainError
from samskap.core.forms import add_problems, passed_fields
from samskap.core.http import get_or_404, message_on_refusal, refusal_on
from samskap.subprojects import access, selectors, services
from samskap.subprojects.forms import (
    SubProjectEditForm,
    SubProjectForm,
    TeamMemberForm,
    TeamRoleForm,
)
from samskap.subprojects.models import SubProject, TeamRole
from samskap.subprojects.page_links import subproject_links, subproject_sections


def subproject_list(request):
    subprojects = selectors.subprojects_visible_to(user=request.user).prefetch_related(
        "effect_goals"
    )
    context = {"subprojects": subprojects, "sets_up": sets_up_municipality(request.user)}
    return render(request, "subprojects/list.html", context)


def subproject_detail(request, subproject_id: int):
    subproject = get_or_404(
        selectors.subproject_for, user=request.user, subproject_id=subproject_id
    )
    sets_up = (
        sets_up_municipality(request.user)
        and subproject.agreement.municipality_id == request.user.municipality_id
    )
    context = {
        "subproject": subproject,
        "sets_up": sets_up,
        "links": subproject_links(subproject=subproject, user=request.user),
        # The effect goals with their indicators come from effects (docs/effects.md).
        "sections": subproject_sections(subproject=subproject, user=request.user),
        "purposes": list(subproject.effect_goals.all()),
    }
    return render(request, "subprojects/detail.html", context)


def _agreements_of(user):
    """The open agreements of the user's municipality (the model is named lazily: this
    floor imports nothing from funding)."""
    agreement_model = SubProject._meta.get_field("agreement").related_model
    return agreement_model.objects.filter(
        municipality_id=user.municipality_id, closed_at__isnull=True
    ).order_by("-starts_on")


def subproject_create(request):
    """A new sub-project of the municipality, by its economist or administrator."""
    if not sets_up_municipality(request.user):
        raise Http404
    agreements = list(_agreements_of(request.user))
    form = SubProjectForm(request.POST or None, agreements=_agreements_of(request.user))
    if request.method == "POST" and not form.is_valid():
        fields = passed_fields(form, ("agreement", "name", "age_from", "age_to"))
        add_problems(form, services.subproject_check(acting_user=request.user, **fields))
    elif request.method == "POST":
        data = form.cleaned_data
        goals = [(data["effect_goal"], data["indicator"])] if data["effect_goal"] else []
        with refusal_on(form):
            subproject = services.subproject_create(
                acting_user=request.user,
                agreement=data["agreement"],
                name=data["name"],
                summary=data["summary"],
                target_group=data["target_group"],
                age_from=data["age_from"],
                age_to=data["age_to"],
                effect_goals=goals,
            )
        if not form.errors:
            messages.success(
                request,
                _("%(name)s is created. Now put its team together.") % {"name": subproject.name},
            )
            return redirect("subprojects:team", subproject_id=subproject.pk)
    context = {"form": form, "agreements": agreements}
    status = 400 if form.errors else 200
    return render(request, "subprojects/create.html", context, status=status)


def team(request, subproject_id: int):
    """The team's seats, set by the municipality's economist or administrator."""
    subproject = get_or_404(
        access.access_subproject_for_setup, user=request.user, subproject_id=subproject_id
    )
    memberships = subproject.memberships.select_related("user__organisation").order_by(
        "team_role", "user__last_name", "user__first_name"
    )
    candidates = (
        User.objects.filter(municipality_id=subproject.agreement.municipality_id, is_active=True)
        .exclude(team_memberships__subproject=subproject)
        .select_related("organisation")
        .order_by("last_name", "first_name")
    )
    form = TeamMemberForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            membership = services.team_member_add(
                acting_user=request.user, subproject=subproject, **form.cleaned_data
            )
        if not form.errors:
            messages.success(
                request,
                _("%(user)s has joined the team as %(role)s.")
                % {"user": membership.user, "role": membership.get_team_role_display()},
            )
            return redirect("subprojects:team", subproject_id=subproject.pk)
    context = {
        "subproject": subproject,
        "memberships": memberships,
        "form": form,
        "team_roles": TeamRole.choices,
    }
    status = 400 if form.errors else 200
    return render(request, "subprojects/team.html", context, status=status)


def subproject_edit(request, subproject_id: int):
    """Name, summary, target group and age range, by the municipality's economist or
    administrator."""
    subproject = get_or_404(
        access.access_subproject_for_setup, user=request.user, subproject_id=subproject_id
    )
    initial = {
        field: getattr(subproject, field)
        for field in ("name", "summary", "target_group", "age_from", "age_to")
    }
    form = SubProjectEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and not form.is_valid():
        fields = passed_fields(form, ("name", "age_from", "age_to"))
        add_problems(
            form,
            services.subproject_update_check(
                acting_user=request.user, subproject=subproject, **fields
            ),
        )
    elif request.method == "POST":
        with refusal_on(form):
            services.subproject_update(
                acting_user=request.user, subproject=subproject, **form.cleaned_data
            )
        if not form.errors:
            messages.success(request, _("The sub-project is saved."))
            return redirect("subprojects:detail", subproject_id=subproject.pk)
    context = {"subproject": subproject, "form": form}
    status = 400 if form.errors else 200
    return render(request, "subprojects/edit.html", context, status=status)


@require_POST
def membership_role(request, membership_id: int):
    """Give a seat another role; the team page says what happened (or why not)."""
    membership = get_or_404(
        access.access_membership_for_setup, user=request.user, membership_id=membership_id
    )
    form = TeamRoleForm(request.POST)
    with message_on_refusal(request) as outcome:
        if not form.is_valid():
            raise DomainError(_("Choose a role in the team."), field="team_role")
        membership = services.team_role_change(
            acting_user=request.user, membership=membership, **form.cleaned_data
        )
    if not outcome.refused:
        messages.success(
            request,
            _("%(user)s is now %(role)s in the team.")
            % {"user": membership.user, "role": membership.get_team_role_display()},
        )
    return redirect("subprojects:team", subproject_id=membership.subproject_id)


@require_POST
def membership_remove(request, membership_id: int):
    """Take a seat off the team; what the person decided or recorded stays."""
    membership = get_or_404(
        access.access_membership_for_setup, user=request.user, membership_id=membership_id
    )
    with message_on_refusal(request) as outcome:
        services.team_member_remove(acting_user=request.user, membership=membership)
    if not outcome.refused:
        messages.success(
            request,
            _("%(user)s has left the team and no longer sees its households.")
            % {"user": membership.user},
        )
    return redirect("subprojects:team", subproject_id=membership.subproject_id)
