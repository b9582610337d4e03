"""The sub-project page links to its team's meeting for those on the team (the trial:
the sub-project page had no way to the meeting), and to no one else."""

import pytest
from django.urls import reverse

from samskap.support.selectors import team_subproject_ids


@pytest.mark.parametrize("username", ["kontakt", "leder", "team", "okonom", "admin", "stat"])
def test_the_meeting_link_shows_exactly_for_the_teams_members(demo, client_for, username):
    user = demo["users"][username]
    subprojects = demo["subprojects"].values()
    client = client_for(username)
    seen = 0
    for subproject in subprojects:
        response = client.get(reverse("subprojects:detail", args=[subproject.pk]))
        if response.status_code == 404:
            continue
        seen += 1
        meeting = reverse("support:meeting", args=[subproject.pk])
        on_team = subproject.pk in team_subproject_ids(user=user)
        assert (f'href="{meeting}"' in response.content.decode()) is on_team
        if on_team:
            assert "Teammøtet: saksliste og vedtak" in response.content.decode()
            assert client.get(meeting).status_code == 200
    assert seen, f"{username} sees no sub-project page"


def test_a_team_member_finds_the_meeting_from_the_sub_project_page(demo, client_for):
    leder = demo["users"]["leder"]
    subproject = next(
        s for s in demo["subprojects"].values() if s.pk in team_subproject_ids(user=leder)
    )
    page = client_for("leder").get(reverse("subprojects:detail", args=[subproject.pk]))
    assert reverse("support:meeting", args=[subproject.pk]) in page.content.decode()
