"""The household list: a stage per household computed in the database, search, filters and
paging, never a national identity number, and a constant number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samskap.core import paging
from samskap.payments import services as payment_services
from samskap.people import services as people_services
from samskap.people.selectors import household_list_for
from samskap.people.stages import stage_choices
from samskap.subprojects.selectors import subproject_ids_for_team_member
from samskap.support import services as support_services
from tests.support.factories import (
    SUBPROJECT,
    VALID_FNR,
    confirmed_letter,
    decide,
    fund,
    household,
    needs_mapping,
    request,
    set_limits,
)


def _stage(demo, home, user="kontakt"):
    return household_list_for(user=demo["users"][user]).get(pk=home.pk).stage


def test_each_step_of_a_case_shows_as_the_households_stage(demo):
    from decimal import Decimal

    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("20000"))
    set_limits(demo)
    home = household(demo, alias="Familien Steg")
    assert _stage(demo, home) == "registered"
    needs_mapping(demo, home)
    assert _stage(demo, home) == "mapped"
    confirmed_letter(demo, home)
    assert _stage(demo, home) == "letter"

    asked = request(demo, alias="Familien Sak", amount="700")
    assert _stage(demo, asked.household) == "on_agenda"
    decide(demo, [asked])
    assert _stage(demo, asked.household) == "decided"  # the payment waits for the file
    payment_services.payment_batch_export(
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )
    assert _stage(demo, asked.household) == "sent_to_bank"


def test_search_by_alias_or_number_never_by_national_id(demo, client_for):
    home = household(demo, alias="Familien Søkbar")
    people_services.member_add(
        acting_user=demo["users"]["kontakt"],
        household=home,
        data=people_services.MemberInput(
            name="Mor Søkbar", role="parent", birth_year=1980, national_id=VALID_FNR
        ),
        confirm_duplicate=True,
    )
    client = client_for("kontakt")
    found = client.get(reverse("people:list"), {"q": "søkbar"}).content.decode()
    assert "Familien Søkbar" in found and "1 husstand passer" in found
    by_number = client.get(reverse("people:list"), {"q": f"#{home.pk}"}).content.decode()
    assert "Familien Søkbar" in by_number
    by_id = client.get(reverse("people:list"), {"q": VALID_FNR}).content.decode()
    assert "Familien Søkbar" not in by_id and "Ingen husstander passer." in by_id
    everyone = client.get(reverse("people:list")).content.decode()
    assert VALID_FNR not in everyone + found + by_number


def test_filter_by_stage_and_sub_project(demo, client_for):
    home = household(demo, alias="Familien Filter")
    client = client_for("kontakt")
    registered = client.get(reverse("people:list"), {"stage": "registered", "q": "Filter"})
    assert "Familien Filter" in registered.content.decode()
    on_agenda = client.get(reverse("people:list"), {"stage": "on_agenda", "q": "Filter"})
    assert "Familien Filter" not in on_agenda.content.decode()
    seats = subproject_ids_for_team_member(user=demo["users"]["kontakt"])
    other = next(
        sub for name, sub in demo["subprojects"].items() if name != SUBPROJECT and sub.pk in seats
    )
    response = client.get(reverse("people:list"), {"subproject": other.pk, "q": "Filter"})
    assert "Familien Filter" not in response.content.decode()
    mine = client.get(
        reverse("people:list"),
        {"subproject": demo["subprojects"][SUBPROJECT].pk, "mine": "on", "q": "Filter"},
    )
    assert "Familien Filter" in mine.content.decode()
    assert home.pk


@pytest.mark.parametrize(
    "bad",
    [
        {"stage": "nonsense"},  # not a stage
        {"subproject": "x"},  # letters where a number is expected
        {"subproject": "999999"},  # no such sub-project
        {"subproject": "OTHER_TEAM"},  # a sub-project where the user has no seat
        {"stage": "registered", "subproject": "1.5"},
        {"q": "Filter", "stage": "paid ", "side": "2"},
    ],
)
def test_a_bad_filter_value_lists_nothing_and_says_why(demo, client_for, bad):
    """Issue #10: a nonsense filter was dropped silently and the list showed every
    household as if it were the answer. Like the state's view, it answers 400 with a
    Norwegian message next to the field, and lists nobody."""
    household(demo, alias="Familien Filter")
    seats = subproject_ids_for_team_member(user=demo["users"]["kontakt"])
    if bad.get("subproject") == "OTHER_TEAM":
        other = next(sub for sub in demo["subprojects"].values() if sub.pk not in seats)
        bad = {**bad, "subproject": str(other.pk)}
    response = client_for("kontakt").get(reverse("people:list"), bad)
    html = response.content.decode()
    assert response.status_code == 400
    assert "<strong>Ingenting ble søkt.</strong>" in html
    assert "Velg et gyldig valg." in html and 'aria-invalid="true"' in html
    # The alert links each refused value to its field (the trial: it had no links).
    alert = html.split('role="alert"', 1)[1].split("</div>", 1)[0]
    refused = sorted(response.context["form"].errors)
    assert refused and all(f'href="#id_{name}"' in alert for name in refused)
    assert response.context["households"].paginator.count == 0
    assert "Familien Filter" not in html and "Ingen husstander passer." in html


def test_good_filters_beside_a_bad_page_number_still_list(demo, client_for):
    """The page number is not a filter: like every paged list it falls back to the first
    or last page (Django's Paginator.get_page), see tests/core/test_paging.py."""
    household(demo, alias="Familien Filter")
    client = client_for("kontakt")
    for side in ("999", "-1", "x", "0", "1.5", ""):
        response = client.get(reverse("people:list"), {"q": "Filter", "side": side})
        assert response.status_code == 200, side
        assert "Familien Filter" in response.content.decode(), side


def test_arabic_alias_is_isolated_from_the_text_around_it(demo, client_for):
    household(demo, alias="عائلة النور")
    html = client_for("kontakt").get(reverse("people:list"), {"q": "النور"}).content.decode()
    assert "<bdi>عائلة النور</bdi>" in html


def _list_queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("people:list"), params or {}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"stage": "registered", "q": "Familien"}])
def test_list_pages_in_the_database_with_constant_queries(demo, client_for, monkeypatch, params):
    monkeypatch.setattr(paging, "PER_PAGE", 3)
    client = client_for("kontakt")
    for number in range(4):
        household(demo, alias=f"Familien Side {number:02d}")
    small = _list_queries(client, params)
    for number in range(4, 16):
        household(demo, alias=f"Familien Side {number:02d}")
    assert _list_queries(client, params) == small
    assert small <= 12  # session, user, team seats, count, page, enrolments, sub-projects
    first = client.get(reverse("people:list"), {**params, "q": "Side"}).content.decode()
    second = client.get(reverse("people:list"), {**params, "q": "Side", "side": 2}).content.decode()
    assert "Familien Side 00" in first and "Familien Side 00" not in second
    assert "Familien Side 03" in second
    assert "Side 2 av 6 (16 i alt)" in second and 'rel="prev"' in second


def test_an_over_long_search_is_refused_with_a_message_not_searched(demo, client_for):
    """A 100 000-character search reached the server; the field has a maxlength and the
    page refuses a longer search next to the field instead of listing every household."""
    client = client_for("kontakt")
    page = client.get(reverse("people:list")).content.decode()
    assert 'type="search"' in page and 'maxlength="100"' in page
    response = client.get(reverse("people:list"), {"q": "x" * 5000})
    html = response.content.decode()
    assert response.status_code == 400  # like every refused filter
    assert "Søk med høyst 100 tegn; dette søket har 5000." in html
    # Said once, in the summary's lead (the trial: the field's message said it again).
    assert html.count("Ingenting ble søkt.") == 1
    assert 'aria-invalid="true"' in html
    assert response.context["households"].paginator.count == 0
    assert "Ingen husstander passer." in html
    # Exactly at the limit it searches.
    assert client.get(reverse("people:list"), {"q": "x" * 100}).context["form"].is_valid()


def test_a_household_in_two_of_the_users_sub_projects_is_listed_and_counted_once(demo, client_for):
    """The list filters on "enrolled in one of my sub-projects" (EXISTS), not a join made
    distinct: a second enrolment must not make a second row or count twice."""
    from samskap.people.models import Enrolment
    from samskap.subprojects.models import SubProject

    user = demo["users"]["leder"]
    mine = sorted(subproject_ids_for_team_member(user=user))
    assert len(mine) >= 2, "the demo's unit lead sits on several teams"
    home = household(demo, alias="Familien To Steder")
    for subproject in SubProject.objects.filter(pk__in=mine):
        Enrolment.objects.get_or_create(
            household=home, subproject=subproject, defaults={"enrolled_by": user}
        )
    assert Enrolment.objects.filter(household=home, subproject_id__in=mine).count() >= 2
    listed = household_list_for(user=user, search="To Steder")
    assert [h.pk for h in listed] == [home.pk]
    assert listed.count() == 1
    page = client_for("leder").get(reverse("people:list"), {"q": "To Steder"}).content.decode()
    assert page.count("Familien To Steder") == 1


@pytest.mark.parametrize("stage", ["", "on_agenda", "registered"])
def test_each_page_shows_the_same_households_and_stages_as_the_whole_list(demo, stage):
    """The page reads its households by id first and computes the stage of those only:
    every page has the rows and stages the whole list has there, a stage filter too."""
    from samskap.people.selectors import HouseholdListPage

    user = demo["users"]["kontakt"]
    for number in range(5):
        household(demo, alias=f"Familien Side {number}")
    whole = household_list_for(user=user, stage=stage)
    expected = [(home.pk, home.stage) for home in whole]
    assert len(expected) >= (5 if stage != "on_agenda" else 1)
    listed = HouseholdListPage(whole)
    assert listed.count() == len(expected)
    paged = []
    for start in range(0, len(expected), 2):
        paged += [(home.pk, home.stage) for home in listed[start : start + 2]]
    assert paged == expected
    if stage:
        assert {found for _pk, found in paged} == {stage}
    # The page's own path (issue 14): the list without the stage, unless it filters on
    # it, paged the same way, has the same rows and stages.
    from samskap.people.selectors import households_listed

    lean = HouseholdListPage(households_listed(user=user, stage=stage))
    assert lean.count() == len(expected)
    assert [(home.pk, home.stage) for home in lean[0 : len(expected)]] == expected
    assert "stage" not in households_listed(user=user).query.annotations


# The list's rows as the template printed them before issue 14 moved the per-row work
# into the view: `{% url %}` per row, the label looked up per row, the enrolments looped
# over (Enrolment's own order), the date filter. The page must print exactly this.
_ROWS_BEFORE = """{% load samskap %}{% for household in households %}
  <tr>
    <td><a class="ds-link" href="{% url 'people:detail' household.pk %}"><bdi>{{ household.alias }}</bdi></a></td>
    <td class="num">#{{ household.pk }}</td>
    <td>{{ stage_labels|get_item:household.stage }}</td>
    <td>{% for enrolment in household.enrolments.all %}{{ enrolment.subproject.name }}{% if not forloop.last %}, {% endif %}{% endfor %}</td>
    <td>{{ household.contact_person }}</td>
    <td>{{ household.created_at|date:"SHORT_DATE_FORMAT" }}</td>
  </tr>{% endfor %}"""  # noqa: E501 (the template as it was, line for line)


def _rows(html: str) -> list[str]:
    import re

    return re.findall(r"<tr>.*?</tr>", html.split("<tbody>", 1)[-1], re.DOTALL)


@pytest.mark.parametrize("params", [{}, {"stage": "on_agenda"}, {"q": "<&>"}, {"side": "2"}])
def test_the_rows_print_what_the_per_row_template_printed(demo, client_for, monkeypatch, params):
    """Issue 14 reverses the detail URL once, reads the sub-project names as pairs and
    formats the date in the view: every cell must be what the template made per row,
    with a household in two sub-projects, an alias that needs escaping, several stages
    and a second page."""
    from django.template import engines
    from django.utils import translation

    from samskap.people.models import Enrolment
    from samskap.people.stages import stage_choices
    from samskap.subprojects.models import SubProject

    monkeypatch.setattr(paging, "PER_PAGE", 3)
    user = demo["users"]["leder"]
    mine = sorted(subproject_ids_for_team_member(user=user))
    two = household(demo, alias="Familien <&> \"To\" 'Steder'", by="leder")
    for subproject in SubProject.objects.filter(pk__in=mine).order_by("-pk"):
        Enrolment.objects.get_or_create(
            household=two, subproject=subproject, defaults={"enrolled_by": user}
        )
    assert Enrolment.objects.filter(household=two).count() >= 2
    asked = request(demo, alias="Familien <&> Sak")
    Enrolment.objects.get_or_create(
        household=asked.household,
        subproject_id=mine[0],
        defaults={"enrolled_by": user},
    )
    html = client_for("leder").get(reverse("people:list"), params).content.decode()
    page = int(params.get("side", "1"))
    listed = list(
        household_list_for(user=user, search=params.get("q", ""), stage=params.get("stage", ""))[
            (page - 1) * 3 : page * 3
        ]
    )
    assert listed, "the page has rows to compare"
    with translation.override("nb"):
        expected = (
            engines["django"]
            .from_string(_ROWS_BEFORE)
            .render(
                {
                    "households": listed,
                    "stage_labels": {value: str(label) for value, label in stage_choices()},
                }
            )
        )
    assert _rows(html) == _rows(expected)
    if params.get("q"):
        assert "Familien &lt;&amp;&gt; &quot;To&quot; &#x27;Steder&#x27;" in html
        assert any(", " in row for row in _rows(html))  # the household in two sub-projects


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_rows_written_in_python_print_the_template_rows_in_each_language(
    demo, client_for, settings, language
):
    """The rows are one f-string each and each day's date is formatted once a page
    (issue 14): in bokmål and English, with households registered on different days
    (one late in the evening, when Oslo is a day ahead of UTC), every row is what the
    per-row template printed."""
    from datetime import UTC, datetime

    from django.template import engines
    from django.utils import translation

    from samskap.people.models import Household

    homes = [household(demo, alias=f"Familien Dag {number}", by="leder") for number in range(4)]
    days = [
        datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
        datetime(2026, 3, 1, 23, 30, tzinfo=UTC),  # 2 March in Oslo
        datetime(2025, 12, 31, 12, 0, tzinfo=UTC),
        datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
    ]
    for home, day in zip(homes, days, strict=True):
        Household.objects.filter(pk=home.pk).update(created_at=day)
    client = client_for("leder")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("people:list"), {"q": "Familien Dag"}).content.decode()
    listed = list(household_list_for(user=demo["users"]["leder"], search="Familien Dag"))
    assert len(listed) == 4
    with translation.override(language):
        expected = (
            engines["django"]
            .from_string(_ROWS_BEFORE)
            .render(
                {
                    "households": listed,
                    "stage_labels": {value: str(label) for value, label in stage_choices()},
                }
            )
        )
    assert _rows(html) == _rows(expected)
    assert len({row.rsplit("<td>", 1)[-1] for row in _rows(html)}) == 3  # three days shown
    assert ("<td>Registered</td>" in html) == (language == "en")


def _reference_stage(home) -> str:
    """The stage rule of support.household_stage, in Python over the household's rows."""
    from samskap.payments.models import Payment
    from samskap.support.models import (
        MotivationLetter,
        NeedsMapping,
        ReturnedPaymentTask,
        SupportRequest,
    )

    requests = set(SupportRequest.objects.filter(household=home).values_list("status", flat=True))
    payments = set(
        Payment.objects.filter(support_line__request__household=home).values_list(
            "status", flat=True
        )
    )
    if ReturnedPaymentTask.objects.filter(request__household=home, done_at=None).exists():
        return "returned"
    if requests & {"pending", "awaiting_second"}:
        return "on_agenda"
    if "exported" in payments:
        return "sent_to_bank"
    if payments & {"pending", "held"}:
        return "decided"
    if "paid" in payments:
        return "paid"
    if "approved" in requests:
        return "decided"
    if "declined" in requests:
        return "declined"
    if MotivationLetter.objects.filter(household=home).exists():
        return "letter"
    if NeedsMapping.objects.filter(household=home).exists():
        return "mapped"
    return "registered"


def _stages_agree(demo, user="kontakt") -> dict[int, str]:
    """Every household's stage three ways: the list's page (the stage's SQL compiled once
    and pasted in, issue 14), the whole list (Django's expression) and the rule in Python
    over the household's rows. Returns the stages by household id."""
    from samskap.people.selectors import HouseholdListPage, households_listed

    viewer = demo["users"][user]
    whole = {home.pk: home.stage for home in household_list_for(user=viewer)}
    paged = {home.pk: home.stage for home in HouseholdListPage(households_listed(user=viewer))[:]}
    reference = {home.pk: _reference_stage(home) for home in household_list_for(user=viewer)}
    assert paged == whole == reference
    for stage in set(whole.values()):
        filtered = HouseholdListPage(households_listed(user=viewer, stage=stage))[:]
        assert {home.pk for home in filtered} == {pk for pk, s in whole.items() if s == stage}
    return whole


def test_the_page_the_whole_list_and_the_rule_agree_on_every_stage(demo, client_for):
    """Issue 14 compiles the stage's SQL once for the list's page. Through every step a
    case can take (mapped, letter, agenda, decided, held, sent, paid, returned, declined,
    cancelled), the page's stage equals the whole list's and the rule's, for every
    household the contact person sees, and the stage filter finds exactly those."""
    from decimal import Decimal

    from samskap.payments.models import Payment

    okonom = demo["users"]["okonom"]
    municipality = demo["municipality"]
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("20000"))
    set_limits(demo)
    payment_services.payment_batch_export(acting_user=okonom, municipality=municipality)
    registered = household(demo, alias="Familien Registrert")
    mapped = household(demo, alias="Familien Kartlagt")
    needs_mapping(demo, mapped)
    lettered = household(demo, alias="Familien Brev")
    confirmed_letter(demo, lettered)
    waiting = request(demo, alias="Familien Agenda", amount="700")
    paid, returned = (
        request(demo, alias=f"Familien {a}", amount="700") for a in ("Betalt", "Retur")
    )
    _stages_agree(demo)

    decide(demo, [paid, returned], key="stage-1")
    _stages_agree(demo)
    payment_services.payment_batch_export(acting_user=okonom, municipality=municipality)
    _stages_agree(demo)
    answers = "".join(
        f"{Payment.objects.get(support_line__request=r).end_to_end_id};{code};{why}\n"
        for r, code, why in ((paid, "ACSC", ""), (returned, "RJCT", "Konto avsluttet"))
    )
    payment_services.payment_returns_import(
        acting_user=okonom, municipality=municipality, data=answers.encode(), filename="svar.csv"
    )
    _stages_agree(demo)

    sent, held, declined, cancelled = (
        request(demo, alias=f"Familien {a}", amount="700")
        for a in ("Sendt", "Holdt", "Avslag", "Avlyst")
    )
    decide(demo, [sent], key="stage-2")
    payment_services.payment_batch_export(acting_user=okonom, municipality=municipality)
    [_held, cancelled_decision] = decide(demo, [held, cancelled], key="stage-3").decisions
    payment_services.payment_hold(
        acting_user=okonom,
        payment=Payment.objects.get(support_line__request=held),
        reason="Venter på ny konto",
    )
    decide(demo, [declined], outcome="declined", key="stage-4")
    support_services.decision_cancel(
        acting_user=demo["users"]["leder"], decision=cancelled_decision, reason="Feil beløp"
    )
    stages = _stages_agree(demo)
    assert {
        home.alias: stages[home.pk]
        for home in (
            registered,
            mapped,
            lettered,
            *(r.household for r in (waiting, paid, returned, sent, held, declined, cancelled)),
        )
    } == {
        "Familien Registrert": "registered",
        "Familien Kartlagt": "mapped",
        "Familien Brev": "letter",
        "Familien Agenda": "on_agenda",
        "Familien Betalt": "paid",
        "Familien Retur": "returned",
        "Familien Sendt": "sent_to_bank",
        "Familien Holdt": "decided",
        "Familien Avslag": "declined",
        "Familien Avlyst": "letter",  # a cancelled decision: back to its confirmed letter
    }
    _list_says_what_the_household_page_says(
        demo,
        client_for,
        [*(r.household for r in (waiting, paid, returned, sent, held, declined, cancelled))],
    )


# The list's word for a stage, and the request status the household's page must show for
# it (the trial: a declined request showed "Vedtatt" on the list and "Avslått" on the page).
STAGE_WORDS = {
    "on_agenda": ("På sakslisten", "På sakslisten"),
    "decided": ("Vedtatt", "Innvilget"),
    "declined": ("Avslått", "Avslått"),
    "sent_to_bank": ("Sendt til banken", "Innvilget"),
    "paid": ("Utbetalt", "Innvilget"),
    "returned": ("Returnert av banken", "Innvilget"),
}
STAGE_CELL = re.compile(r'<td class="num">#(\d+)</td>\s*<td>([^<]*)</td>')
# The status cell of each row of the page's "Support requests" table.
STATUS_CELLS = re.compile(r"Forslag fra [^<]*</a></td><td>[^<]*</td><td>([^<]*)<")


def _list_says_what_the_household_page_says(demo, client_for, homes):
    client = client_for("kontakt")
    labels = dict(stage_choices())
    for home in homes:
        stage = household_list_for(user=demo["users"]["kontakt"]).get(pk=home.pk).stage
        listed = client.get(reverse("people:list"), {"q": f"#{home.pk}"}).content.decode()
        shown = dict(STAGE_CELL.findall(listed))[str(home.pk)].strip()
        assert shown == str(labels[stage]), (home.alias, stage, shown)
        page = client.get(reverse("people:detail", args=[home.pk])).content.decode()
        statuses = {status.strip() for status in STATUS_CELLS.findall(page)}
        if stage in STAGE_WORDS:
            word, status = STAGE_WORDS[stage]
            assert shown == word and status in statuses, (home.alias, shown, statuses)
        if shown == "Avslått":
            assert statuses == {"Avslått"}, (home.alias, statuses)  # nothing approved
        if shown == "Vedtatt":
            assert "Innvilget" in statuses, (home.alias, statuses)
