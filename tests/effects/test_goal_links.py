"""The goal a decision or help task serves, chosen on the support request page: an optional
select for the team, written through goal_link_set / goal_link_clear (audited), counted per
goal where goals are listed and in the report. Bad input: a message or 404, nothing stored."""

import pytest
from django.urls import reverse

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError
from samskap.effects import services
from samskap.effects.models import Goal, GoalLink
from samskap.effects.selectors import money_per_goal, programme_money_per_goal
from samskap.support.models import Decision, OtherHelp

VEIEN = "Veien til førerkortet"
TWENTY_NINES = "9" * 20


@pytest.fixture
def veien(demo):
    return demo["subprojects"][VEIEN]


@pytest.fixture
def decision(veien):
    return (
        Decision.objects.filter(request__subproject=veien, decided_at__isnull=False)
        .exclude(outcome="declined")
        .order_by("id")
        .first()
    )


@pytest.fixture
def help_task(veien):
    task = OtherHelp.objects.filter(request__subproject=veien).order_by("id").first()
    assert task is not None, "the demo has a help task in Veien til førerkortet"
    return task


def _goal(subproject, title_part):
    return Goal.objects.get(subproject=subproject, title__contains=title_part)


def _foreign_goal(subproject):
    return (
        Goal.objects.exclude(subproject=subproject)
        .exclude(subproject__isnull=True)
        .order_by("id")
        .first()
    )


def _text(response) -> str:
    return response.content.decode()


def test_the_request_page_offers_the_goals_to_the_team(client_for, decision, veien):
    html = _text(
        client_for("kontakt").get(reverse("support:request_detail", args=[decision.request_id]))
    )
    assert reverse("effects:decision_goal", args=[decision.request_id]) in html
    for goal in Goal.objects.filter(subproject=veien):
        assert goal.title in html
    programme = Goal.objects.filter(agreement=veien.agreement, subproject__isnull=True).first()
    assert f"{programme.title} (program)" in html
    # The demo linked it to the licence goal: that option is chosen.
    current = GoalLink.objects.get(decision=decision).goal_id
    assert f'<option value="{current}" selected>' in html


def test_the_contact_person_names_the_goal_of_a_decision(client_for, decision, veien):
    crime = _goal(veien, "kriminalitet")
    before = AuditRecord.objects.filter(action="goal_link.set").count()
    response = client_for("kontakt").post(
        reverse("effects:decision_goal", args=[decision.request_id]),
        {"goal": crime.pk},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse(
        "support:request_detail", args=[decision.request_id]
    )
    assert "Målet er lagret." in _text(response)
    assert GoalLink.objects.get(decision=decision).goal == crime
    assert AuditRecord.objects.filter(action="goal_link.set").count() == before + 1
    by_title = {money.title: money for money in money_per_goal(subproject=veien)}
    assert by_title[crime.title].decisions == 1


def test_the_programme_goal_can_be_named_and_counts_over_the_programme(client_for, decision, veien):
    programme = Goal.objects.filter(agreement=veien.agreement, subproject__isnull=True).first()
    client_for("kontakt").post(
        reverse("effects:decision_goal", args=[decision.request_id]), {"goal": programme.pk}
    )
    assert GoalLink.objects.get(decision=decision).goal == programme
    money = {m.goal_id: m for m in programme_money_per_goal(agreement=veien.agreement)}
    assert money[programme.pk].decisions == 1
    assert money[programme.pk].suppressed


def test_choosing_no_goal_clears_the_link_with_an_audit_row(client_for, decision):
    assert GoalLink.objects.filter(decision=decision).exists()
    response = client_for("kontakt").post(
        reverse("effects:decision_goal", args=[decision.request_id]), {"goal": ""}, follow=True
    )
    assert "Den er ikke lenger knyttet til et mål." in _text(response)
    assert not GoalLink.objects.filter(decision=decision).exists()
    record = AuditRecord.objects.filter(action="goal_link.clear").latest("pk")
    assert record.new_values["decision"] == decision.pk


def test_a_help_task_is_linked_from_the_same_page(client_for, help_task):
    goal = Goal.objects.filter(subproject=help_task.request.subproject).order_by("id").first()
    page = _text(
        client_for("kontakt").get(reverse("support:request_detail", args=[help_task.request_id]))
    )
    assert reverse("effects:help_task_goal", args=[help_task.pk]) in page
    response = client_for("kontakt").post(
        reverse("effects:help_task_goal", args=[help_task.pk]), {"goal": goal.pk}
    )
    assert response.status_code == 302
    assert GoalLink.objects.get(help_task=help_task).goal == goal


@pytest.mark.parametrize("bad", ["other sub-project", "abc", "-1", "0", TWENTY_NINES, "1.5"])
def test_bad_goals_are_refused_with_a_message_and_nothing_stored(client_for, decision, veien, bad):
    value = _foreign_goal(veien).pk if bad == "other sub-project" else bad
    before = list(GoalLink.objects.values_list("pk", "goal_id", "decision_id", "help_task_id"))
    audits = AuditRecord.objects.count()
    response = client_for("kontakt").post(
        reverse("effects:decision_goal", args=[decision.request_id]), {"goal": value}, follow=True
    )
    assert response.status_code == 200
    assert "Velg et mål for dette delprosjektet eller for programmet." in _text(response)
    assert (
        list(GoalLink.objects.values_list("pk", "goal_id", "decision_id", "help_task_id")) == before
    )
    assert AuditRecord.objects.count() == audits


@pytest.mark.parametrize("url", ["effects:decision_goal", "effects:help_task_goal"])
def test_an_id_no_database_integer_holds_is_a_404(client_for, url):
    response = client_for("kontakt").post(reverse(url, args=[int(TWENTY_NINES)]), {"goal": ""})
    assert response.status_code == 404


def test_someone_off_the_team_gets_404_and_nothing_changes(client_for, decision, veien):
    goal = _goal(veien, "kriminalitet")
    before = GoalLink.objects.get(decision=decision).goal_id
    response = client_for("okonom").post(
        reverse("effects:decision_goal", args=[decision.request_id]), {"goal": goal.pk}
    )
    assert response.status_code == 404
    assert GoalLink.objects.get(decision=decision).goal_id == before


def test_the_service_refuses_a_goal_of_another_sub_project(decision, veien, demo):
    with pytest.raises(DomainError, match="Velg et mål for dette delprosjektet"):
        services.goal_link_set(acting_user=None, goal=_foreign_goal(veien), decision=decision)


def test_the_service_refuses_someone_off_the_team(decision, veien, demo):
    with pytest.raises(DomainError):  # NotOnTeam
        services.goal_link_set(
            acting_user=demo["users"]["okonom"],
            goal=_goal(veien, "kriminalitet"),
            decision=decision,
        )
    with pytest.raises(DomainError):
        services.goal_link_clear(acting_user=demo["users"]["okonom"], decision=decision)
    assert GoalLink.objects.filter(decision=decision).exists()


def test_a_declined_decision_serves_no_goal(client_for, decision, veien):
    GoalLink.objects.filter(decision=decision).delete()
    Decision.objects.filter(pk=decision.pk).update(outcome="declined", amount=0)
    decision.refresh_from_db()
    with pytest.raises(DomainError, match="avslått"):
        services.goal_link_set(acting_user=None, goal=_goal(veien, "førerkort"), decision=decision)
    page = client_for("kontakt").get(reverse("support:request_detail", args=[decision.request_id]))
    assert reverse("effects:decision_goal", args=[decision.request_id]) not in _text(page)
    assert not GoalLink.objects.filter(decision=decision).exists()


def test_the_goals_page_shows_money_per_goal_to_staff_but_not_the_state(client_for, veien):
    url = reverse("effects:goals", args=[veien.pk])
    html = _text(client_for("kontakt").get(url))
    assert "Vedtak som viser til målet" in html
    assert "færre enn 5" in html  # the licence goal's few decisions are hidden
    assert "Vedtak som viser til målet" not in _text(client_for("stat").get(url))
