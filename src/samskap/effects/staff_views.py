"""Staff pages of the effects context: effect goals and indicators (programme and
sub-project), participants and their outcomes with corrections. Thin: the services check
access and meaning; a refusal is shown on the page and nothing is stored."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.core.errors import DomainError
from samskap.core.forms import add_problems, passed_fields
from samskap.core.http import get_or_404, refusal_on
from samskap.effects import selectors, services
from samskap.effects.access import (
    access_goal,
    access_indicator,
    access_outcome,
    access_participant,
    access_programme,
    require_goal_write,
    require_team_work,
)
from samskap.effects.actions import posted_action
from samskap.effects.forms import (
    CorrectionForm,
    EndForm,
    EnrolForm,
    GoalForm,
    IndicatorForm,
    OutcomeForm,
    PlanGoalForm,
)
from samskap.effects.goal_links import with_money
from samskap.effects.selectors import indicators_of
from samskap.effects.surveys.models import Survey
from samskap.people.models import Member
from samskap.subprojects.access import access_subproject


def _may(check, **kwargs) -> bool:
    try:
        check(**kwargs)
    except DomainError:
        return False
    return True


def _goal_input(form: GoalForm) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "sdg_targets": list(data["sdg_targets"]),
        "plan_goals": list(data["plan_goals"]),
    }


def _goals_page(request, *, agreement, subproject):
    """The goals of the programme (subproject None) or of one sub-project, and a form for
    a new goal and a new plan goal when the user may set them."""
    may_write = _may(
        require_goal_write, user=request.user, agreement=agreement, subproject=subproject
    )
    municipality_id = agreement.municipality_id
    goal_form = GoalForm(municipality_id=municipality_id)
    plan_form = PlanGoalForm(prefix="plan")
    status = 200
    if request.method == "POST":
        if not may_write:
            raise Http404
        action = posted_action(request, "goal", "plan_goal")
        if action == "plan_goal":
            form = plan_form = PlanGoalForm(request.POST, prefix="plan")
        elif action == "goal":
            form = goal_form = GoalForm(request.POST, municipality_id=municipality_id)
        if action is not None and form.is_valid():
            with refusal_on(form):
                if action == "plan_goal":
                    services.plan_goal_create(
                        acting_user=request.user,
                        municipality=agreement.municipality,
                        **form.cleaned_data,
                    )
                    messages.success(request, _("The plan goal is added."))
                    return redirect(request.path)
                goal = services.goal_create(
                    acting_user=request.user,
                    agreement=agreement,
                    subproject=subproject,
                    **_goal_input(form),
                )
            if not form.errors:
                messages.success(request, _("The goal is saved. Add its indicators."))
                return redirect("effects:indicator_create", goal_id=goal.pk)
        status = 400
    goals = selectors.goals_of(agreement=agreement, subproject=subproject)
    programme = selectors.goals_of(agreement=agreement) if subproject is not None else None
    if not request.user.is_state_viewer:  # the state reads money in its own view
        if subproject is not None:
            money = selectors.money_per_goal(subproject=subproject)
            programme = with_money(programme, money)
        else:
            money = selectors.programme_money_per_goal(agreement=agreement)
        goals = with_money(goals, money)
    context = {
        "agreement": agreement,
        "subproject": subproject,
        "goals": goals,
        "programme_goals": programme,
        "manages": _may(
            require_goal_write, user=request.user, agreement=agreement, subproject=None
        ),
        "may_write": may_write,
        "goal_form": goal_form,
        "plan_form": plan_form,
    }
    return render(request, "effects/goals.html", context, status=status)


def subproject_goals(request, subproject_id: int):
    subproject = get_or_404(access_subproject, user=request.user, subproject_id=subproject_id)
    return _goals_page(request, agreement=subproject.agreement, subproject=subproject)


def programme_goals(request, agreement_id: int):
    agreement = get_or_404(access_programme, user=request.user, agreement_id=agreement_id)
    return _goals_page(request, agreement=agreement, subproject=None)


def _back_to_goals(goal):
    if goal.subproject_id is None:
        return redirect("effects:programme_goals", agreement_id=goal.agreement_id)
    return redirect("effects:goals", subproject_id=goal.subproject_id)


def goal_edit(request, goal_id: int):
    goal = get_or_404(
        access_goal, user=request.user, goal_id=goal_id, for_write=request.method == "POST"
    )
    may_write = _may(
        require_goal_write, user=request.user, agreement=goal.agreement, subproject=goal.subproject
    )
    initial = {
        "title": goal.title,
        "sdg_targets": list(goal.sdg_targets.values_list("code", flat=True)),
        "plan_goals": list(goal.plan_goals.all()),
    }
    municipality_id = goal.agreement.municipality_id
    form = GoalForm(initial=initial, municipality_id=municipality_id)
    status = 200
    if request.method == "POST":
        form = GoalForm(request.POST, municipality_id=municipality_id)
        if form.is_valid():
            with refusal_on(form):
                services.goal_update(acting_user=request.user, goal=goal, **_goal_input(form))
            if not form.errors:
                messages.success(request, _("The goal is saved."))
                return _back_to_goals(goal)
        status = 400
    context = {
        "goal": goal,
        "form": form,
        "may_write": may_write,
        "goal_as_list": selectors.goals_of(
            agreement=goal.agreement, subproject=goal.subproject
        ).filter(pk=goal.pk),
    }
    return render(request, "effects/goal.html", context, status=status)


def _indicator_input(form: IndicatorForm) -> dict:
    return dict(form.cleaned_data)


def indicator_create(request, goal_id: int):
    goal = get_or_404(access_goal, user=request.user, goal_id=goal_id, for_write=True)
    form = IndicatorForm()
    status = 200
    if request.method == "POST":
        form = IndicatorForm(request.POST)
        if not form.is_valid():
            add_problems(
                form,
                services.indicator_check(
                    acting_user=request.user, goal=goal, **passed_fields(form)
                ),
            )
        else:
            with refusal_on(form):
                services.indicator_create(
                    acting_user=request.user, goal=goal, **_indicator_input(form)
                )
            if not form.errors:
                messages.success(request, _("The indicator is saved."))
                return _back_to_goals(goal)
        status = 400
    context = {"goal": goal, "form": form, "indicator": None}
    return render(request, "effects/indicator.html", context, status=status)


def indicator_edit(request, indicator_id: int):
    indicator = get_or_404(
        access_indicator, user=request.user, indicator_id=indicator_id, for_write=True
    )
    goal = indicator.goal
    form = IndicatorForm(
        initial={
            "name": indicator.name,
            "kind": indicator.kind,
            "target": _plain(indicator.target),
            "direction": indicator.direction,
            "baseline_value": _plain(indicator.baseline_value),
            "baseline_date": (
                indicator.baseline_date.isoformat() if indicator.baseline_date else ""
            ),
            "measured_when": indicator.measured_when,
            "measured_how": indicator.measured_how,
            "recorded_by": indicator.recorded_by,
        }
    )
    status = 200
    if request.method == "POST":
        form = IndicatorForm(request.POST)
        if not form.is_valid():
            add_problems(
                form,
                services.indicator_check(
                    acting_user=request.user, goal=goal, **passed_fields(form)
                ),
            )
        else:
            with refusal_on(form):
                services.indicator_update(
                    acting_user=request.user, indicator=indicator, **_indicator_input(form)
                )
            if not form.errors:
                messages.success(request, _("The indicator is saved."))
                return _back_to_goals(goal)
        status = 400
    context = {"goal": goal, "form": form, "indicator": indicator}
    return render(request, "effects/indicator.html", context, status=status)


def _plain(value) -> str:
    """A stored value as staff type it: 20 rather than 20.00, 2,5 rather than 2.50."""
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def _team_subproject(request, subproject_id: int):
    subproject = get_or_404(access_subproject, user=request.user, subproject_id=subproject_id)
    if not _may(require_team_work, user=request.user, subproject=subproject):
        raise Http404
    return subproject


def _members_to_enrol(subproject):
    """Members of the households enrolled in the sub-project (and, for a comparison
    group, of any household the team may see there)."""
    return (
        Member.objects.filter(household__enrolments__subproject=subproject)
        .select_related("household")
        .distinct()
        .order_by("household__alias", "name", "id")
    )


def participants(request, subproject_id: int):
    """The team's list of participants and the form to enrol one."""
    subproject = _team_subproject(request, subproject_id)
    members = _members_to_enrol(subproject)
    form = EnrolForm(members=members, initial={"starts_on": timezone.localdate().isoformat()})
    status = 200
    if request.method == "POST":
        form = EnrolForm(request.POST, members=members)
        if not form.is_valid():
            add_problems(
                form,
                services.participant_enrol_check(
                    acting_user=request.user, subproject=subproject, **passed_fields(form)
                ),
            )
        else:
            with refusal_on(form):
                participant = services.participant_enrol(
                    acting_user=request.user, subproject=subproject, **form.cleaned_data
                )
            if not form.errors:
                messages.success(request, _("The participant is enrolled."))
                return redirect("effects:participant", participant_id=participant.pk)
        status = 400
    context = {
        "subproject": subproject,
        "participants": selectors.participants_of(subproject=subproject),
        "form": form,
        "today": timezone.localdate(),
    }
    return render(request, "effects/participants.html", context, status=status)


def participant(request, participant_id: int):
    """One participant: outcomes with their history, a new outcome, ending the enrolment."""
    person = get_or_404(access_participant, user=request.user, participant_id=participant_id)
    subproject = person.subproject
    indicators = indicators_of(subproject=subproject)
    outcome_form = OutcomeForm(
        indicators=indicators, initial={"measured_on": timezone.localdate().isoformat()}
    )
    end_form = EndForm(initial={"ends_on": timezone.localdate().isoformat()})
    status = 200
    if request.method == "POST":
        action = posted_action(request, "outcome", "end")
        if action == "end":
            form = end_form = EndForm(request.POST)
        elif action == "outcome":
            form = outcome_form = OutcomeForm(request.POST, indicators=indicators)
        if action == "outcome" and not form.is_valid():
            add_problems(
                form,
                services.outcome_check(
                    acting_user=request.user, participant=person, **passed_fields(form)
                ),
            )
        elif action is not None and form.is_valid():
            with refusal_on(form):
                if action == "end":
                    services.participant_end(
                        acting_user=request.user, participant=person, **form.cleaned_data
                    )
                    messages.success(request, _("The enrolment is ended."))
                else:
                    services.outcome_record(
                        acting_user=request.user, participant=person, **form.cleaned_data
                    )
                    messages.success(request, _("The outcome is saved."))
            if not form.errors:
                return redirect("effects:participant", participant_id=person.pk)
        status = 400
    today = timezone.localdate()
    context = {
        "participant": person,
        "subproject": subproject,
        "outcomes": selectors.outcomes_of(participant=person),
        "outcome_form": outcome_form,
        "end_form": end_form,
        "has_indicators": indicators.exists(),
        "may_set_goals": _may(
            require_goal_write,
            user=request.user,
            agreement=subproject.agreement,
            subproject=subproject,
        ),
        "active": person.ends_on is None or person.ends_on > today,
        "surveys": _surveys_of(person),
    }
    return render(request, "effects/participant.html", context, status=status)


def _surveys_of(person):
    """The household's perceived-effect surveys in this sub-project (answers given in a
    conversation are recorded from here)."""
    return (
        Survey.objects.filter(
            Q(decision__request__household_id=person.member.household_id),
            subproject_id=person.subproject_id,
        )
        .select_related("decision")
        .order_by("due_at", "id")
    )


def outcome_correct(request, outcome_id: int):
    """Correct a value: the earlier one stays in the history, with who and why."""
    outcome = get_or_404(access_outcome, user=request.user, outcome_id=outcome_id)
    form = CorrectionForm(
        initial={
            "value": _plain(outcome.value),
            "measured_on": outcome.measured_on.isoformat(),
            "source": outcome.source,
        }
    )
    status = 200
    if request.method == "POST":
        form = CorrectionForm(request.POST)
        if not form.is_valid():
            add_problems(
                form,
                services.outcome_correct_check(
                    acting_user=request.user, outcome=outcome, **passed_fields(form)
                ),
            )
        else:
            with refusal_on(form):
                services.outcome_correct(
                    acting_user=request.user, outcome=outcome, **form.cleaned_data
                )
            if not form.errors:
                messages.success(request, _("The correction is saved; the earlier value is kept."))
                return redirect("effects:participant", participant_id=outcome.participant_id)
        status = 400
    context = {
        "outcome": outcome,
        "participant": outcome.participant,
        "form": form,
        "chain": selectors.correction_chain(outcome=outcome),
    }
    return render(request, "effects/outcome_correct.html", context, status=status)
