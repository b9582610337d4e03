"""No choice is made for the user: a required choice starts on an empty "Velg …" option
(the guided case's "Type hjelp" silently became "Bolig"), and Django's "---------"
placeholder shows nowhere. Every page each demo role reaches by following links is read."""

import re
from collections import deque
from decimal import Decimal

from django.urls import reverse

from samskap.support.models import OtherHelp
from tests.support.factories import SUBPROJECT, consent_form, fund, organisations

SKIP = re.compile(r"/(logg-ut|i18n)/|\.(xml|csv|xlsx|pdf)$|/eksport/")
SELECT = re.compile(r"<select\b[^>]*\bid=\"([^\"]+)\"[^>]*>(.*?)</select>", re.DOTALL)
OPTION = re.compile(r"<option value=\"([^\"]*)\"( selected)?>([^<]*)</option>")
LINK = re.compile(r"href=\"(/[^\"#?]*)\"")
MAX_PAGES = 60


def _shape(url: str) -> str:
    return re.sub(r"\d+", "N", url)


def _silent_choices(html: str) -> list[str]:
    """Selects where the browser would pick a real choice nobody made: no option is
    selected and the first one is not empty."""
    silent = []
    for select_id, body in SELECT.findall(html):
        options = OPTION.findall(body)
        if options and not any(selected for _v, selected, _l in options) and options[0][0]:
            silent.append(select_id)
    return silent


def _walk(client) -> dict[str, str]:
    seen, pages, queue = set(), {}, deque(["/"])
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        if _shape(url) in seen or SKIP.search(url):
            continue
        seen.add(_shape(url))
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[url] = html
        queue.extend(link for link in LINK.findall(html) if _shape(link) not in seen)
    return pages


def test_no_page_of_any_role_shows_dashes_or_makes_a_choice(demo, client_for):
    walked = 0
    for role in ("okonom", "admin", "leder", "kontakt", "team", "stat"):
        pages = _walk(client_for(role))
        walked += len(pages)
        for url, html in pages.items():
            assert "---------" not in html, (role, url)
            assert not _silent_choices(html), (role, url, _silent_choices(html))
    assert walked > 60


def _request_step(demo, client):
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("10000"))
    client.post(
        reverse("support:case_start"),
        {
            "subproject": demo["subprojects"][SUBPROJECT].pk,
            "alias": "Familien Velg",
            "name": "Sara",
            "role": "young_person",
            "birth_year": "2006",
            "preferred_language": "nb",
        },
    )
    from samskap.people.models import Household

    home = Household.objects.get(alias="Familien Velg")
    client.post(reverse("support:case_consent", args=[home.pk]), consent_form(home))
    client.post(
        reverse("support:case_mapping", args=[home.pk]),
        {"place": "home", "services_present": [organisations(demo)[0].pk], "notes": ""},
    )
    client.post(
        reverse("support:case_letter", args=[home.pk]),
        {"language": "nb", "need": "Bolig", "purpose": "Depositum", "commitment": "Betale"},
    )
    return reverse("support:case_request", args=[home.pk])


def test_the_kind_of_help_starts_empty_and_an_unchosen_kind_is_refused(demo, client_for):
    client = client_for("kontakt")
    url = _request_step(demo, client)
    html = client.get(url).content.decode()
    kinds = dict(SELECT.findall(html))["id_help-0-kind"]
    first = OPTION.findall(kinds)[0]
    assert first == ("", " selected", "Velg …")
    assert "Bolig" in kinds  # still offered, no longer chosen
    line = dict(SELECT.findall(html))["id_line-0-form"]
    assert OPTION.findall(line)[0] == ("", " selected", "Velg …")
    tasks = OtherHelp.objects.count()
    data = {
        "line-TOTAL_FORMS": "1",
        "line-INITIAL_FORMS": "0",
        "line-MIN_NUM_FORMS": "1",
        "line-MAX_NUM_FORMS": "10",
        "line-0-form": "cash",
        "line-0-description": "Depositum",
        "line-0-amount": "500",
        "help-TOTAL_FORMS": "1",
        "help-INITIAL_FORMS": "0",
        "help-MIN_NUM_FORMS": "0",
        "help-MAX_NUM_FORMS": "10",
        "help-0-kind": "",
        "help-0-description": "Hjelp til å finne bolig",
        "help-0-responsible": str(organisations(demo)[0].pk),
        "help-0-due_on": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    refused = dict(SELECT.findall(response.content.decode()))["id_help-0-kind"]
    assert OPTION.findall(refused)[0] == ("", " selected", "Velg …")
    assert response.context["helps"].forms[0].errors["kind"]
    assert OtherHelp.objects.count() == tasks
