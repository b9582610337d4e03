"""The demo's perceived effect: two sub-projects with enough answers for their distribution
to show, written down by the team in conversations; loading the demo again adds none."""

from django.test import override_settings
from django.urls import reverse

from samskap.effects.surveys.models import Survey
from samskap.effects.surveys.selectors import perceived_effect
from samskap.subprojects.models import SubProject
from samskap.web.demo import load_demo


def _perceived(demo, name):
    return perceived_effect(subproject_ids=[demo["subprojects"][name].pk])


def test_two_sub_projects_show_their_distribution(demo):
    refugees = _perceived(demo, "Flyktningefamilien i sentrum")
    assert refugees.answered == 16
    assert refugees.how_much == {1: None, 2: None, 3: None, 4: 10, 5: 6}
    assert refugees.helped == {"yes": 11, "partly": 5, "no": None}
    froya = SubProject.objects.get(name="Ung på Frøya")
    young = perceived_effect(subproject_ids=[froya.pk])
    assert young.answered == 12
    assert young.how_much == {1: None, 2: None, 3: None, 4: 7, 5: 5}


def test_one_sub_project_has_fewer_than_5_and_shows_so(client_for, demo):
    veien = demo["subprojects"]["Veien til førerkortet"]
    answered = Survey.objects.filter(subproject=veien, answered_at__isnull=False).count()
    assert 0 < answered < 5
    assert _perceived(demo, "Veien til førerkortet").answered is None
    html = client_for("kontakt").get(reverse("effects:report", args=[veien.pk])).content.decode()
    perceived = html[html.index("Opplevd effekt</h2>") :]
    assert "færre enn 5" in perceived.lower()


def test_a_sub_project_without_answers_shows_none(demo):
    assert _perceived(demo, "Stødig start").answered is None


def test_the_report_shows_the_answers(client_for, demo):
    subproject = demo["subprojects"]["Flyktningefamilien i sentrum"]
    html = client_for("okonom").get(reverse("effects:report", args=[subproject.pk])).content
    assert "16 svar i perioden." in html.decode()


@override_settings(SAMSKAP_SURVEY_WEEKS=[4, 12])
def test_loading_the_demo_again_answers_nothing_more(demo):
    answered = Survey.objects.filter(answered_at__isnull=False).count()
    made = Survey.objects.count()
    load_demo()
    assert Survey.objects.filter(answered_at__isnull=False).count() == answered
    assert Survey.objects.count() == made
