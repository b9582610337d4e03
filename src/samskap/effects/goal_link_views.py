"""Naming the goal a decision or help task serves, posted from the support request page.

POST only; the answer leads back to the request page with a message. The form offers only
goals of the sub-project and the programme; the service checks the team seat and the goal
again. A goal of another sub-project, a nonsense or too large id: a message, nothing
stored. A decision or task the user may not act on: 404."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samskap.core.http import get_or_404, message_on_refusal
from samskap.effects import services
from samskap.effects.goal_links import GoalChoiceForm
from samskap.support.access import access_decision, access_help_task


def _save(request, *, subproject, decision=None, help_task=None) -> None:
    form = GoalChoiceForm(request.POST, subproject=subproject)
    if not form.is_valid():
        for error in form.errors.get("goal", []):
            messages.error(request, error)
        return
    goal = form.cleaned_data["goal"]
    with message_on_refusal(request) as outcome:
        if goal is None:
            services.goal_link_clear(
                acting_user=request.user, decision=decision, help_task=help_task
            )
        else:
            services.goal_link_set(
                acting_user=request.user, goal=goal, decision=decision, help_task=help_task
            )
    if not outcome.refused:
        messages.success(
            request,
            _("The goal it serves is saved.") if goal else _("It no longer names a goal."),
        )


@require_POST
def decision_goal(request, request_number: int):
    decision = get_or_404(
        access_decision, user=request.user, request_number=request_number, for_write=True
    )
    _save(request, subproject=decision.request.subproject, decision=decision)
    return redirect("support:request_detail", request_id=decision.request_id)


@require_POST
def help_task_goal(request, task_id: int):
    task = get_or_404(access_help_task, user=request.user, help_task_id=task_id, for_write=True)
    _save(request, subproject=task.request.subproject, help_task=task)
    return redirect("support:request_detail", request_id=task.request_id)
