"""The goal a support decision or help task serves, chosen on the support request page: the
section the page includes (registered in `EffectsConfig.ready()` through
`support.request_sections`, so support never imports effects) and its form. Written
through `services.goal_link_set` / `goal_link_clear`, which check the team seat."""

from django import forms
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samskap.core.errors import DomainError
from samskap.effects.access import require_team_work
from samskap.effects.models import Goal, GoalLink
from samskap.effects.selectors import goals_for
from samskap.support.models import Outcome
from samskap.support.request_sections import RequestSection


def _choices(subproject):
    """The goals to choose from: the sub-project's own, then the programme's."""
    return goals_for(subproject=subproject).order_by(
        F("subproject_id").asc(nulls_last=True), "position", "id"
    )


def goal_label(goal) -> str:
    if goal.subproject_id is None:
        return gettext("%(goal)s (programme)") % {"goal": goal.title}
    return goal.title


class GoalChoiceForm(forms.Form):
    """One goal of the sub-project or the programme; empty means "serves no goal"."""

    goal = forms.ModelChoiceField(
        label=_("Effect goal it serves"),
        queryset=Goal.objects.none(),
        required=False,
        empty_label=_("No goal"),
        error_messages={
            "invalid_choice": _("Choose a goal of this sub-project or of the programme.")
        },
    )

    def __init__(self, *args, subproject, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["goal"]
        field.queryset = _choices(subproject)
        field.label_from_instance = goal_label


def request_goal_section(*, support_request, decision, user) -> RequestSection | None:
    """For the team: a select for the decision (unless declined) and one per help task."""
    subproject = support_request.subproject
    try:
        require_team_work(user=user, subproject=subproject)
    except DomainError:  # not on the team: no section
        return None
    goals = [(goal.pk, goal_label(goal)) for goal in _choices(subproject)]
    if not goals:
        return None
    links = GoalLink.objects.filter(
        Q(decision__request=support_request) | Q(help_task__request=support_request)
    )
    by_decision = {link.decision_id: link.goal_id for link in links if link.decision_id}
    by_help = {link.help_task_id: link.goal_id for link in links if link.help_task_id}
    items = []
    if decision is not None and decision.outcome != Outcome.DECLINED:
        items.append(
            {
                "id": f"goal-decision-{decision.pk}",
                "label": gettext("The decision serves"),
                "url": reverse("effects:decision_goal", args=[support_request.pk]),
                "current": by_decision.get(decision.pk),
            }
        )
    for help_task in support_request.other_help.all():
        items.append(
            {
                "id": f"goal-help-{help_task.pk}",
                "label": gettext("The help “%(what)s” serves") % {"what": help_task.description},
                "url": reverse("effects:help_task_goal", args=[help_task.pk]),
                "current": by_help.get(help_task.pk),
            }
        )
    if not items:
        return None
    return RequestSection(
        template_name="effects/_request_goals.html", context={"goals": goals, "items": items}
    )


def with_money(goals, money) -> list:
    """The goals as a list, each with `money`: (decisions naming it, paid out for them) as
    texts, both hidden as "fewer than 5" when fewer than 5 decisions name it (one decision's
    amount would tell what a family got)."""
    from samskap.effects.display import fewer_than_5, kroner

    by_goal = {item.goal_id: item for item in money}
    goals = list(goals)
    for goal in goals:
        item = by_goal.get(goal.pk)
        if item is None:
            goal.money = None
        elif item.suppressed:
            goal.money = (fewer_than_5(), fewer_than_5())
        else:
            goal.money = (str(item.decisions), kroner(item.paid))
    return goals


def subproject_goal_section(*, subproject, user):
    """The sub-project page's "Effect goals": the sub-project's goals with their indicators
    (in place of the old free-text goal, which the page now shows as its purpose)."""
    from samskap.effects.selectors import goals_of
    from samskap.subprojects.page_links import SubprojectSection

    goals = goals_of(agreement=subproject.agreement, subproject=subproject)
    return SubprojectSection(
        template_name="effects/_subproject_goals.html", context={"goals": goals}
    )
