"""Who sets a sub-project's effect goals (issue #11, new-user trial): a contact person and
a team member could rename a goal of "Veien til førerkortet" and add indicators at
/effekter/maal/<id>/. The goals are what the pot is given by, and the lead's start page
says "Du eier delprosjekter og målene deres": a sub-project's goals, indicators, targets,
baselines and tags are set by its lead, the economist and the administrator. Contact
persons and team members read them and record outcomes. The services refuse, not only
the pages."""

import pytest
from django.urls import reverse

from samskap.audit.models import AuditRecord
from samskap.core.errors import NotFoundOrForbidden
from samskap.effects import services
from samskap.effects.models import Goal, Indicator, IndicatorKind, PlanGoal
from samskap.subprojects.models import SubProject

VEIEN = "Veien til førerkortet"
READERS = ("kontakt", "team")  # seats on the Veien team as contact person, team member
SETTERS = ("leder", "okonom", "admin")


@pytest.fixture
def veien(demo):
    return demo["subprojects"][VEIEN]


@pytest.fixture
def goal(veien):
    return services.goal_create(
        acting_user=None, agreement=veien.agreement, subproject=veien, title="Mestring"
    )


@pytest.fixture
def indicator(goal):
    return services.indicator_create(
        acting_user=None,
        goal=goal,
        name="Opplevd mestring",
        kind=IndicatorKind.SCALE,
        target="4",
        measured_when="Ved start og slutt",
        measured_how="Samtale",
        recorded_by="contact_person",
    )


def _indicator_fields(**overrides) -> dict:
    return {
        "name": "Førerkort bestått",
        "kind": IndicatorKind.ACHIEVED,
        "target": "80",
        "measured_when": "Ved slutt",
        "measured_how": "Førerkortregisteret",
        "recorded_by": "team",
        **overrides,
    }


def _form(**overrides) -> dict:
    return {**_indicator_fields(), "direction": "higher", **overrides}


# --- the quoted case: a contact person renames the goal and adds an indicator ---------


@pytest.mark.parametrize("username", READERS)
def test_a_contact_person_or_team_member_cannot_rename_a_goal(client_for, goal, username):
    client = client_for(username)
    url = reverse("effects:goal", args=[goal.pk])
    page = client.get(url)
    assert page.status_code == 200  # they read the goal
    text = page.content.decode()
    assert "Mestring" in text
    assert "<form" not in text.split("</h1>", 1)[1].split("<footer", 1)[0]
    assert reverse("effects:indicator_create", args=[goal.pk]) not in text
    response = client.post(url, {"title": "Omdøpt av teamet", "sdg_targets": ["8.6"]})
    assert response.status_code == 404
    goal.refresh_from_db()
    assert goal.title == "Mestring"
    assert not goal.sdg_targets.exists()
    assert not AuditRecord.objects.filter(action="effect_goal.update").exists()


@pytest.mark.parametrize("username", READERS)
def test_a_contact_person_or_team_member_cannot_add_or_change_indicators(
    client_for, goal, indicator, username
):
    client = client_for(username)
    new = reverse("effects:indicator_create", args=[goal.pk])
    edit = reverse("effects:indicator", args=[indicator.pk])
    before = Indicator.objects.count()
    assert client.get(new).status_code == 404
    assert client.post(new, _form()).status_code == 404
    assert client.get(edit).status_code == 404
    assert client.post(edit, _form(name="Endret", kind="scale", target="5")).status_code == 404
    assert Indicator.objects.count() == before
    indicator.refresh_from_db()
    assert (indicator.name, indicator.target) == ("Opplevd mestring", 4)


@pytest.mark.parametrize("username", READERS)
def test_the_goals_page_shows_them_no_form_and_refuses_a_new_goal(
    client_for, veien, goal, indicator, username
):
    client = client_for(username)
    url = reverse("effects:goals", args=[veien.pk])
    text = client.get(url).content.decode()
    assert "Mestring" in text and "Opplevd mestring" in text
    assert "Nytt effektmål" not in text and "Nytt planmål" not in text
    assert reverse("effects:goal", args=[goal.pk]) not in text
    assert reverse("effects:indicator", args=[indicator.pk]) not in text
    before = (Goal.objects.count(), PlanGoal.objects.count())
    assert client.post(url, {"action": "goal", "title": "Nei"}).status_code == 404
    plan = {"action": "plan_goal", "plan-code": "KP-99", "plan-title": "Nei"}
    assert client.post(url, plan).status_code == 404
    assert (Goal.objects.count(), PlanGoal.objects.count()) == before


# --- the services refuse, whoever calls them -----------------------------------------


@pytest.mark.parametrize("username", READERS)
def test_the_services_refuse_a_contact_person_and_a_team_member(
    demo, veien, goal, indicator, username
):
    user = demo["users"][username]
    before = (Goal.objects.count(), Indicator.objects.count(), AuditRecord.objects.count())
    with pytest.raises(NotFoundOrForbidden):
        services.goal_create(
            acting_user=user, agreement=veien.agreement, subproject=veien, title="Nei"
        )
    with pytest.raises(NotFoundOrForbidden):
        services.goal_update(acting_user=user, goal=goal, title="Nei", sdg_targets=["8.6"])
    with pytest.raises(NotFoundOrForbidden):
        services.indicator_create(acting_user=user, goal=goal, **_indicator_fields())
    with pytest.raises(NotFoundOrForbidden):
        services.indicator_update(
            acting_user=user,
            indicator=indicator,
            **_indicator_fields(name="Nei", kind=IndicatorKind.SCALE, target="5"),
        )
    with pytest.raises(NotFoundOrForbidden):
        services.plan_goal_create(
            acting_user=user, municipality=veien.agreement.municipality, code="X", title="Nei"
        )
    after = (Goal.objects.count(), Indicator.objects.count(), AuditRecord.objects.count())
    assert after == before
    goal.refresh_from_db()
    indicator.refresh_from_db()
    assert goal.title == "Mestring" and indicator.target == 4


def test_the_lead_of_another_sub_project_cannot_set_these_goals(demo, goal):
    # skole.dahl leads Tidlig innsats Brundalen and Praktisk grunnskole, not Veien.
    with pytest.raises(NotFoundOrForbidden):
        services.goal_update(acting_user=demo["users"]["skole.dahl"], goal=goal, title="Nei")
    goal.refresh_from_db()
    assert goal.title == "Mestring"


def test_a_contact_seat_elsewhere_gives_no_goal_rights_where_one_only_sits(demo):
    # nav.berg is the contact person of "På egne ben" and a member of "Stødig start".
    user = demo["users"]["nav.berg"]
    for name in ("På egne ben, men ikke alene", "Stødig start"):
        subproject = SubProject.objects.get(name=name, agreement=demo["agreement"])
        with pytest.raises(NotFoundOrForbidden):
            services.goal_create(
                acting_user=user,
                agreement=subproject.agreement,
                subproject=subproject,
                title="Nei",
            )


# --- the lead, the economist and the administrator set them, with an audit row -------


@pytest.mark.parametrize("username", SETTERS)
def test_the_lead_and_the_managers_set_goals_and_indicators_with_audit_rows(
    client_for, goal, indicator, username
):
    client = client_for(username)
    assert (
        reverse("effects:indicator_create", args=[goal.pk])
        in client.get(reverse("effects:goal", args=[goal.pk])).content.decode()
    )
    renamed = client.post(
        reverse("effects:goal", args=[goal.pk]), {"title": "Mestring i hverdagen"}
    )
    assert renamed.status_code == 302
    created = client.post(reverse("effects:indicator_create", args=[goal.pk]), _form())
    assert created.status_code == 302
    changed = client.post(
        reverse("effects:indicator", args=[indicator.pk]),
        _form(name="Opplevd mestring", kind="scale", target="4,5"),
    )
    assert changed.status_code == 302
    goal.refresh_from_db()
    indicator.refresh_from_db()
    assert goal.title == "Mestring i hverdagen"
    assert str(indicator.target) == "4.50"
    actor = client.session["_auth_user_id"]
    for action, object_id in (
        ("effect_goal.update", goal.pk),
        ("indicator.create", Indicator.objects.get(goal=goal, name="Førerkort bestått").pk),
        ("indicator.update", indicator.pk),
    ):
        record = AuditRecord.objects.get(action=action, object_id=str(object_id))
        assert str(record.actor_id) == actor


# --- a participant page before any indicator exists ------------------------------------


@pytest.fixture
def participant_without_indicators(demo):
    """A household of Frøya's "Familier i sentrum" (no goals yet) enrolled by the system."""
    from samskap.effects.models import ParticipantRole
    from samskap.people.models import Member

    subproject = SubProject.objects.get(name="Familier i sentrum")
    member = Member.objects.filter(household__enrolments__subproject=subproject).first()
    return services.participant_enrol(
        acting_user=None,
        subproject=subproject,
        member=member,
        starts_on=subproject.agreement.starts_on,
        role=ParticipantRole.FAMILY_MEMBER,
    )


@pytest.mark.parametrize(
    ("username", "links_to_goals"),
    [("froya.leder", True), ("froya.kontakt", False), ("froya.nav", False)],
)
def test_only_who_sets_goals_is_sent_to_set_them_from_a_participant(
    client, participant_without_indicators, username, links_to_goals
):
    """The trial: the participant page sent a contact person to "set the goals first",
    on a goals page where they may add nothing."""
    from samskap.accounts.models import User

    client.force_login(User.objects.get(username=username))
    page = client.get(reverse("effects:participant", args=[participant_without_indicators.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    goals_url = reverse("effects:goals", args=[participant_without_indicators.subproject_id])
    assert (goals_url in text) is links_to_goals
    assert ("setter dem før resultater kan registreres" in text) is not links_to_goals
