"""Where managers find the programme's goals, and breadcrumbs that lead only to pages the
viewer may open: every role walks the goal pages it can reach and follows each breadcrumb."""

import re

import pytest
from django.urls import reverse

from samskap.effects.models import Goal

VEIEN = "Veien til førerkortet"
ROLES = ("okonom", "admin", "leder", "kontakt", "team", "stat")
BREADCRUMBS = re.compile(r'<nav aria-label="Brødsmuler">(.*?)</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')


def _breadcrumb_links(html: str) -> list[str]:
    found = BREADCRUMBS.search(html)
    assert found, "the page has a breadcrumb"
    return HREF.findall(found.group(1))


def _goal_pages(veien) -> list[str]:
    programme = Goal.objects.filter(agreement=veien.agreement, subproject__isnull=True).first()
    own = Goal.objects.filter(subproject=veien).first()
    indicator = own.indicators.first()
    return [
        reverse("effects:index"),
        reverse("effects:goals", args=[veien.pk]),
        reverse("effects:programme_goals", args=[veien.agreement_id]),
        reverse("effects:goal", args=[programme.pk]),
        reverse("effects:goal", args=[own.pk]),
        reverse("effects:indicator", args=[indicator.pk]),
        reverse("effects:indicator_create", args=[programme.pk]),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_breadcrumb_on_the_goal_pages_opens_for_the_viewer(client_for, demo, role):
    client = client_for(role)
    opened = 0
    for url in _goal_pages(demo["subprojects"][VEIEN]):
        page = client.get(url)
        if page.status_code != 200:
            continue
        opened += 1
        html = page.content.decode()
        if url == reverse("effects:index"):
            continue  # the top of the effects pages has no breadcrumb
        for link in _breadcrumb_links(html):
            assert client.get(link).status_code == 200, f"{role}: {url} leads to {link}"
    assert opened >= 3, f"{role} opens the goal pages"


def test_a_team_member_on_a_programme_goal_is_led_to_the_effects_page(client_for, demo):
    veien = demo["subprojects"][VEIEN]
    programme = Goal.objects.filter(agreement=veien.agreement, subproject__isnull=True).first()
    html = client_for("kontakt").get(reverse("effects:goal", args=[programme.pk])).content.decode()
    assert _breadcrumb_links(html) == [reverse("effects:index")]
    html = client_for("okonom").get(reverse("effects:goal", args=[programme.pk])).content.decode()
    assert _breadcrumb_links(html) == [
        reverse("effects:programme_goals", args=[veien.agreement_id])
    ]


@pytest.mark.parametrize(
    ("role", "linked"),
    [("okonom", True), ("admin", True), ("leder", False), ("kontakt", False), ("stat", False)],
)
def test_managers_find_the_programme_goals_where_they_look_for_goals(
    client_for, demo, role, linked
):
    veien = demo["subprojects"][VEIEN]
    target = reverse("effects:programme_goals", args=[veien.agreement_id])
    client = client_for(role)
    for url in (reverse("effects:index"), reverse("effects:goals", args=[veien.pk])):
        assert (f'href="{target}"' in client.get(url).content.decode()) is linked, (role, url)
    if linked:
        assert client.get(target).status_code == 200
