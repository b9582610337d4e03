"""The sub-project page shows the effects goals with their indicators under "Effektmål"
(through subprojects.page_links, filled by effects) and the old free-text goal, kept as it
was stored, only as the sub-project's purpose."""

import pytest
from django.urls import reverse

from samskap.effects.models import Goal
from samskap.subprojects.models import EffectGoal

VEIEN = "Veien til førerkortet"


@pytest.mark.parametrize("role", ["okonom", "leder", "kontakt", "stat"])
def test_the_page_lists_the_effects_goals_and_the_old_text_as_purpose(client_for, demo, role):
    veien = demo["subprojects"][VEIEN]
    html = client_for(role).get(reverse("subprojects:detail", args=[veien.pk])).content.decode()
    goals_at = html.index('data-testid="subproject-goals"')
    for goal in Goal.objects.filter(subproject=veien).prefetch_related("indicators"):
        assert goal.title in html[goals_at:]
        for indicator in goal.indicators.all():
            assert indicator.name in html[goals_at:]
    purpose_at = html.index(">Formål</h2>")
    assert purpose_at < goals_at
    old = EffectGoal.objects.filter(subproject=veien).order_by("position")
    assert old.exists(), "the old free-text goals are kept"
    for text in old:
        assert text.description in html[purpose_at:goals_at]
    assert html.count(">Effektmål</h2>") == 1  # said once, not twice


def test_a_sub_project_without_old_text_shows_no_purpose_heading(client_for, demo):
    veien = demo["subprojects"][VEIEN]
    EffectGoal.objects.filter(subproject=veien).delete()
    html = (
        client_for("kontakt").get(reverse("subprojects:detail", args=[veien.pk])).content.decode()
    )
    assert ">Formål</h2>" not in html
    assert 'data-testid="subproject-goals"' in html
