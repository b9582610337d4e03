"""One error summary for every staff form (core/form_errors.html): the set-up screens, the
effect goals and the signal thresholds had their own near-copies ("Ingenting ble lagret. Rett
feltene som er merket nedenfor." in one line, or only the non-field errors). Each now says
first, on its own line, that nothing was saved."""

from pathlib import Path

import pytest

import samskap

NOTHING_SAVED = "<strong>Ingenting ble lagret.</strong>"
SRC = Path(samskap.__file__).parent
SHARED = SRC / "core" / "templates" / "core" / "form_errors.html"


def test_no_template_keeps_its_own_error_summary():
    copies = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.html")
        if path != SHARED
        and (
            "form_errors" in path.name
            or 'translate "Nothing was saved' in path.read_text(encoding="utf-8")
        )
    ]
    assert copies == []


def _summary(html: str) -> str:
    return html.split('data-color="danger" role="alert">')[1].split("</div>")[0]


@pytest.mark.parametrize(
    ("username", "url", "data"),
    [
        ("okonom", "/konto/organisasjoner/", {"name": "", "kind": "nav"}),
        ("okonom", "/delprosjekter/ny/", {"name": ""}),
        ("okonom", "/potten/avtale/ny/", {"name": ""}),
    ],
)
def test_set_up_forms_say_nothing_was_saved(client_for, demo, username, url, data):
    response = client_for(username).post(url, data)
    assert response.status_code in (200, 400)
    assert NOTHING_SAVED in _summary(response.content.decode())


def test_team_and_scheme_forms_say_it_too(client_for, demo):
    client = client_for("okonom")
    own = demo["subprojects"]["Veien til førerkortet"]
    team = client.post(f"/delprosjekter/{own.pk}/team/", {"user": "", "team_role": "lead"})
    assert NOTHING_SAVED in _summary(team.content.decode())
    agreement = demo["agreement"].pk
    scheme = client.post(f"/potten/{agreement}/oppsett/ordning/", {"name": ""})
    assert NOTHING_SAVED in _summary(scheme.content.decode())
