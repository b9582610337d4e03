"""Issue #10: the economist and the administrator got an empty 200 page on the team's
lists (households, team meetings, help tasks) and a "new household" / "new case" form
with no team to choose. They never see citizens: the pages answer 404, and no page they
reach links to them."""

import pytest
from django.urls import reverse

from tests.core.test_choice_prompts import _walk

TEAM_PAGES = (
    "people:list",
    "people:create",
    "support:case_start",
    "support:meetings",
    "support:tasks",
)


@pytest.mark.parametrize("role", ["okonom", "admin"])
def test_the_municipality_wide_roles_get_a_refusal_and_no_link(demo, client_for, role):
    client = client_for(role)
    urls = {reverse(name) for name in TEAM_PAGES}
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    pages = _walk(client)
    assert len(pages) > 5
    for page, html in pages.items():
        linked = {url for url in urls if f'href="{url}"' in html}
        assert not linked, (role, page, linked)


def test_the_team_roles_still_open_them(demo, client_for):
    for role in ("leder", "kontakt", "team"):
        client = client_for(role)
        for name in TEAM_PAGES:
            assert client.get(reverse(name)).status_code == 200, (role, name)
