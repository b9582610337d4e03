"""The state's view: across municipalities, aggregates only, every group under five
households suppressed, totals that never give a hidden group back, the PDF for the
directorates, and nothing for anyone but the state viewer."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from samskap.core.errors import NotFoundOrForbidden
from samskap.effects.surveys.models import Survey
from samskap.funding.models import Account, AccountKind, LedgerTransaction, TransactionKind
from samskap.oversight import state
from samskap.oversight.state import Money, protect
from samskap.payments.services import payment_batch_export
from samskap.people import services as people_services
from samskap.support import services as support_services
from samskap.support.links import letter_token
from samskap.support.models import Decision
from tests.authorization_world import VALID_ACCOUNT, _foreign_municipality
from tests.support.factories import fund, organisations, set_limits

D = Decimal
URL = "oversight:state"
PDF = "oversight:state_report_pdf"


def supports(*, subproject, contact, lead, amounts, key, organisation):
    """One household per amount in `subproject`, each with a decided cash support."""
    requests = []
    for number, amount in enumerate(amounts):
        home = people_services.household_create(
            confirm_duplicate=True,
            acting_user=contact,
            subproject=subproject,
            alias=f"Staten {key} {number}",
            bank_account=VALID_ACCOUNT,
            first_member=people_services.MemberInput(
                name=f"Sigrid Statlig {key} {number}",
                role="young_person",
                birth_year=2006,
                preferred_language="nb",
            ),
        )
        letter = support_services.letter_write(
            acting_user=contact,
            household=home,
            subproject=subproject,
            language="nb",
            need="Førerkort",
            purpose="Kjøretimer",
            commitment="Møte opp",
        )
        letter = support_services.letter_confirm(token=letter_token(letter))
        requests.append(
            support_services.support_request_create(
                acting_user=contact,
                letter=letter,
                lines=[
                    support_services.LineInput(form="cash", description="Kjøretimer", amount=amount)
                ],
                other_help=[
                    support_services.HelpInput(
                        kind="nav",
                        description="Oppfølging",
                        responsible=organisation,
                        due_on=timezone.localdate() + datetime.timedelta(days=14),
                    )
                ],
            )
        )
    result = support_services.meeting_hold(
        acting_user=lead,
        subproject=subproject,
        services_present=[organisation],
        decisions=[
            support_services.DecisionInput(request_id=r.pk, outcome="approved", rationale="Godt")
            for r in requests
        ],
        idempotency_key=key,
    )
    assert all(decision.decided_at for decision in result.decisions)
    return result.decisions


def stjordal_supports(stjordal):
    """Two decided supports in Stjørdal's sub-project (2,500 and 3,100 kr)."""
    return supports(
        subproject=stjordal["subproject"],
        contact=stjordal["kontakt"],
        lead=stjordal["leder"],
        amounts=["2500", "3100"],
        key="stjordal",
        organisation=stjordal["subproject"].memberships.first().user.organisation,
    )


@pytest.fixture
def two(demo):
    """Trondheim: 6 supports in Stødig start, 7 in Som de andre (and the demo's 3 in Veien);
    Stjørdal: 2. Payouts exported; decisions put back 3 (Trondheim) and 10 days."""
    users = demo["users"]
    set_limits(demo)
    organisation = organisations(demo)[0]
    for name, amounts, key in (
        ("Stødig start", ["1000"] * 6, "stodig"),
        ("Som de andre", ["1500"] * 7, "andre"),
    ):
        fund(demo, demo["subprojects"][name], D("20000"))
        made = supports(
            subproject=demo["subprojects"][name],
            contact=users["kontakt"],
            lead=users["leder"],
            amounts=amounts,
            key=key,
            organisation=organisation,
        )
        Decision.objects.filter(pk__in=[d.pk for d in made]).update(
            decided_at=F("decided_at") - datetime.timedelta(days=3)
        )
    stjordal = _foreign_municipality(demo)
    made = stjordal_supports(stjordal)
    Decision.objects.filter(pk__in=[d.pk for d in made]).update(
        decided_at=F("decided_at") - datetime.timedelta(days=10)
    )
    payment_batch_export(acting_user=users["okonom"], municipality=demo["municipality"])
    payment_batch_export(acting_user=stjordal["okonom"], municipality=stjordal["municipality"])
    return {"demo": demo, "stjordal": stjordal}


def page(client, **params) -> str:
    response = client.get(reverse(URL), params)
    assert response.status_code == 200, response.content.decode()[:2000]
    return response.content.decode()


def row(html: str, label: str) -> str:
    """The table row whose header cell is `label`."""
    start = html.index(f'<th scope="row">{label}</th>')
    return html[html.rindex("<tr>", 0, start) : html.index("</tr>", start)]


# --- suppression, in isolation --------------------------------------------------------------


def group(households, amount="100"):
    money = Money()
    for household in households:
        money.add(household, D(amount))
    return money


def test_a_single_small_part_takes_the_smallest_shown_part_with_it():
    small, smaller_shown, big = group([1, 2]), group(range(10, 16)), group(range(20, 30))
    assert protect([small, smaller_shown, big]) is False
    assert small.small and not small.protecting
    assert smaller_shown.protecting and not smaller_shown.small
    assert not big.hidden


def test_two_small_parts_that_together_make_five_protect_each_other():
    first, second, big = group([1, 2, 3]), group([4, 5]), group(range(20, 30))
    assert protect([first, second, big]) is False
    assert first.small and second.small and not big.hidden


def test_parts_without_households_are_no_protection():
    small, empty = group([1, 2]), Money()
    assert protect([small, empty]) is True  # the caller must hide the total
    assert not empty.hidden


def test_a_household_in_two_parts_is_counted_once():
    first, second, big = group([1, 2]), group([2, 3]), group(range(20, 30))
    assert protect([first, second, big]) is False
    # 1, 2, 3: three households hidden, so the big part goes too.
    assert big.protecting


# --- the page -------------------------------------------------------------------------------


def test_the_state_sees_both_municipalities_with_small_cells_suppressed(two, client_for):
    html = page(client_for("stat"))
    assert "Trondheim" in html and "Stjørdal" in html
    # Som de andre: 7 households, 7 supports, 10 500 kr.
    cells = '<td class="num">7</td>' * 2 + '<td class="num">10\u00a0500,00\u00a0kr</td>'
    assert cells in row(html, "Som de andre")
    # Veien (the demo's 3 households) is too small; Stødig start (6) is hidden with it, or
    # Trondheim's total minus Som de andre would give Veien back.
    assert "Færre enn 5 husstander" in row(html, "Veien til førerkortet")
    assert "Skjult for å verne en liten gruppe" in row(html, "Stødig start")
    assert ">6\u00a0000,00\u00a0kr<" not in html
    # Trondheim's own total is shown (16 households, and the 8 refugee families of the
    # demo's time-to-help step in Flyktningefamilien i sentrum).
    trondheim = row(html, "Trondheim i alt")
    assert '<td class="num">24</td>' in trondheim
    # Stjørdal has two households: hidden, and so is the programme total, which would
    # otherwise give Stjørdal back by subtraction.
    assert "Færre enn 5 husstander" in row(html, "Ung i Stjørdal")
    assert "Færre enn 5 husstander" in row(html, "Stjørdal i alt")
    assert "Skjult for å verne en liten gruppe" in row(html, "Programmet i alt")
    assert "5\u00a0600" not in html and "2\u00a0500,00" not in html
    # No household, person or decision appears.
    assert "Staten stodig" not in html and "Sigrid Statlig" not in html
    assert "Godt" not in html


def test_time_to_help_per_municipality_and_the_total(two, client_for):
    html = page(client_for("stat"))
    times = html[html.index('id="time-table"') :]
    # Trondheim: its 13 test supports three days back, plus what the demo exported today.
    trondheim = row(times, "Trondheim")
    assert '<td class="num">3,0</td>' in trondheim  # median
    # Stjørdal: two supports, too few to show; the total would give them back.
    assert "Færre enn 5 husstander" in row(times, "Stjørdal")
    assert "Skjult for å verne en liten gruppe" in row(times, "Alle kommuner")
    assert "10,0" not in times


def test_money_by_scheme_per_municipality_and_in_total(two, client_for):
    html = page(client_for("stat"))
    schemes = html[html.index('id="scheme-table"') : html.index('id="support-table"')]
    assert "Nasjonal tilskuddsordning for inkludering av barn og unge" in schemes
    assert "Stjørdal" in schemes and "Alle kommuner" in schemes


def test_effect_achievement_comes_from_the_evaluation_report(two, client_for):
    """The demo measured Veien's outcomes in the agreement's first year."""
    html = page(client_for("stat"), periode=str(two["demo"]["agreement"].starts_on.year))
    veien = html[html.index("Trondheim: Veien til førerkortet") :]
    assert "Bestått førerprøve klasse B" in veien
    assert "<td>84–100\u00a0%</td>" in veien  # Wilson for 20 of 20, as in the effects report
    assert "<td>16 av 20</td>" in veien


def test_one_municipality_only(two, client_for):
    stjordal = two["stjordal"]["municipality"]
    html = page(client_for("stat"), kommune=stjordal.pk)
    support = html[html.index('id="support-table"') : html.index('id="time-table"')]
    assert "Stjørdal" in support and "Trondheim" not in support


def test_a_period_without_data_says_so(two, client_for):
    """Next year is in the agreements but has no supports yet."""
    html = page(client_for("stat"), periode=str(timezone.localdate().year + 1))
    assert 'data-testid="no-data"' in html
    assert "Det er ingen støtte" in html


@pytest.mark.parametrize(
    "params",
    [
        {"periode": "tomorrow"},
        {"periode": "2026-K5"},
        {"periode": "2026-13-45"},
        {"periode": "1066"},
        {"periode": "0"},
        {"kommune": "Oslo"},
        {"kommune": "999999"},
        {"kommune": "-1"},
        {"kommune": "1 OR 1=1"},
    ],
)
def test_nonsense_filters_give_a_message_not_an_error(demo, client_for, params):
    client = client_for("stat")
    for name in (URL, PDF):
        # The PDF goes back to the page with the same filters (a message, the fields).
        response = client.get(reverse(name), params, follow=True)
        assert response.status_code == 400
        html = response.content.decode()
        assert 'class="ds-validation-message"' in html or 'data-testid="filter-error"' in html
        assert 'id="support-table"' not in html


@pytest.mark.parametrize("who", ["okonom", "admin", "leder", "kontakt", "team"])
def test_no_municipal_user_reaches_the_state_view(two, client_for, who):
    client = client_for(who)
    assert client.get(reverse(URL)).status_code == 404
    assert client.get(reverse(PDF)).status_code == 404
    navigation = client.get(reverse("web:home")).content.decode()
    assert reverse(URL) not in navigation


def test_a_municipal_user_sees_nothing_of_the_other_municipality(two, client):
    stjordal = two["stjordal"]
    client.force_login(stjordal["okonom"])
    assert client.get(reverse(URL)).status_code == 404
    html = client.get(reverse("oversight:pot_distribution")).content.decode()
    assert "Ung i Stjørdal" in html
    assert "Stødig start" not in html and "Trondheim" not in html


def test_the_selector_refuses_everyone_but_the_state(two):
    today = timezone.localdate()
    with pytest.raises(NotFoundOrForbidden):
        state.state_overview(user=two["demo"]["users"]["okonom"], starts_on=today, ends_on=today)


def test_the_menu_leads_the_state_there(demo, client_for):
    html = client_for("stat").get(reverse("web:home")).content.decode()
    assert reverse(URL) in html


# --- the PDF --------------------------------------------------------------------------------


def test_the_pdf_carries_the_figures_and_says_what_is_suppressed(two, client_for):
    response = client_for("stat").get(reverse(PDF))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Stjørdal" in text and "Trondheim" in text
    assert "10 500,00 kr" in text.replace("\u00a0", " ")
    assert "Færre enn 5 husstander" in text
    assert "Skjult for å verne en liten gruppe" in text
    assert "Sigrid Statlig" not in text and "Staten stodig" not in text
    first_year = str(two["demo"]["agreement"].starts_on.year)
    response = client_for("stat").get(reverse(PDF), {"periode": first_year})
    assert response["Content-Disposition"].endswith(f'{first_year}0101-{first_year}1231.pdf"')
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "84–100\u00a0%" in text


# --- queries --------------------------------------------------------------------------------


def test_a_fixed_number_of_queries_whatever_the_data_size(two, client_for):
    client = client_for("stat")
    client.get(reverse(URL))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(URL)).status_code == 200
        return len(queries)

    small = count()
    demo = two["demo"]
    fund(demo, demo["subprojects"]["Stødig start"], D("20000"))
    supports(
        subproject=demo["subprojects"]["Stødig start"],
        contact=demo["users"]["kontakt"],
        lead=demo["users"]["leder"],
        amounts=["100"] * 12,
        key="more",
        organisation=organisations(demo)[0],
    )
    payment_batch_export(acting_user=demo["users"]["okonom"], municipality=demo["municipality"])
    assert count() == small


def test_a_fixed_number_of_queries_however_many_municipalities(demo, client_for):
    """The state's view spans every municipality in the programme (twelve today, 356 at
    most): it ran an evaluation report and a perceived-effect query per sub-project."""
    client = client_for("stat")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(URL)).status_code == 200
        return len(queries)

    alone = count()
    stjordal = _foreign_municipality(demo)
    stjordal_supports(stjordal)
    assert "Stjørdal" in client.get(reverse(URL)).content.decode()
    assert count() == alone


def test_allocated_is_what_was_allocated_not_what_a_closed_year_spent(demo):
    """Last year was carried over: its balances are now exactly what was paid, which would
    give back the support of small groups. The state sees the allocations instead."""
    last_year = timezone.localdate().year - 1
    overview = state.state_overview(
        user=demo["users"]["stat"],
        starts_on=datetime.date(last_year, 1, 1),
        ends_on=datetime.date(last_year, 12, 31),
    )
    trondheim = next(m for m in overview.municipalities if m.name == "Trondheim")
    for row in trondheim.subprojects:
        subproject = demo["subprojects"][row.name]
        allocations = LedgerTransaction.objects.filter(
            kind=TransactionKind.ALLOCATION,
            legs__account__subproject=subproject,
            legs__account__year=last_year,
        ).distinct()
        assert row.allocated == sum((t.amount for t in allocations), D("0"))
        paid = sum(
            Account.objects.filter(
                subproject=subproject, kind=AccountKind.PAID, year=last_year
            ).values_list("balance", flat=True),
            D("0"),
        )
        assert paid < row.allocated


def _answer(decision, *, helped="yes", how_much=5):
    now = timezone.now()
    return Survey.objects.create(
        municipality_id=decision.request.household.municipality_id,
        subproject_id=decision.request.subproject_id,
        decision=decision,
        weeks_after=4,
        paid_on=now.date(),
        due_at=now,
        language="nb",
        nonce=f"state-{decision.pk}",
        answered_at=now,
        answered_via="link",
        helped=helped,
        how_much=how_much,
    )


def _perceived(html: str) -> str:
    return html[html.index("Opplevd effekt</h2>") :]


def test_perceived_effect_per_municipality_and_a_total_that_gives_nothing_back(two, client_for):
    # The demo's own answers (effects/demo_data.py) set aside: this test counts its own.
    Survey.objects.filter(answered_at__isnull=False).update(
        answered_at=None, answered_via="", helped="", how_much=None, recorded_by=None
    )
    trondheim = Decision.objects.filter(request__subproject__name="Stødig start").exclude(
        decided_at=None
    )
    for decision in trondheim[:6]:
        _answer(decision)
    perceived = _perceived(page(client_for("stat")))
    assert "6 svar; i snitt 5,0" in perceived
    # Stjørdal has no answers: the total is Trondheim's, shown as such.
    assert perceived.count("6 svar; i snitt 5,0") == 2

    for decision in Decision.objects.filter(request__subproject=two["stjordal"]["subproject"]):
        _answer(decision, helped="no", how_much=1)
    perceived = _perceived(page(client_for("stat")))
    stjordal = perceived[perceived.index("Stjørdal</h3>") : perceived.index("Alle kommuner")]
    assert "Færre enn 5 svar i perioden" in stjordal
    # 8 answers in all would give Stjørdal's two back (8 - 6): the total is hidden.
    assert "8 svar" not in perceived
    assert "Skjult for å verne en liten gruppe i en av kommunene." in perceived


@pytest.mark.parametrize(
    "name", ["funding:pot", "funding:subproject", "funding:authority", "effects:report"]
)
def test_the_state_viewer_does_not_open_one_sub_projects_figures(demo, client_for, name):
    """The trial: the state viewer opened a sub-project's paid total covering 3 households.
    Those pages are closed to it (404); its menu and start page lead to the state's view."""
    client = client_for("stat")
    sub = demo["subprojects"]["Stødig start"]
    args = [] if name == "funding:pot" else [sub.pk]
    assert client.get(reverse(name, args=args)).status_code == 404
    start = client.get(reverse("web:home")).content.decode()
    assert reverse("oversight:state") in start and reverse("funding:pot") not in start


def test_only_calendar_years_so_overlapping_windows_cannot_be_differenced(two, client_for):
    """The trial: two from–to windows a day apart differ by that day's supports, which
    gives back a small cell each window hides. The state view offers calendar years only;
    typed dates are ignored, and the page opens on this year, which the PDF link carries."""
    client = client_for("stat")
    this_year = timezone.localdate().year
    opened = page(client)
    narrowed = page(client, fra="2026-06-01", til="2026-06-02")
    period = 'data-testid="period">'
    assert (
        narrowed[narrowed.index(period) : narrowed.index(period) + 60]
        == opened[opened.index(period) : opened.index(period) + 60]
    )
    assert f"01.01.{this_year}–31.12.{this_year}" in opened
    assert f'<option value="{this_year}" selected>' in opened
    assert f"{reverse(PDF)}?periode={this_year}" in opened
    assert all(re.fullmatch(r"\d{4}", value) for value in offered_periods(client))


@pytest.mark.parametrize("old", ["", "QUARTER", "2026-K1"])
def test_a_removed_period_answers_400_with_a_message(demo, client_for, old):
    """Old links to a quarter or to the whole programme (an empty period) are refused
    with a Norwegian message, on the page and for the PDF."""
    client = client_for("stat")
    value = f"{timezone.localdate().year}-K3" if old == "QUARTER" else old
    for name in (URL, PDF):
        # The PDF goes back to the page with the same period, which says why.
        response = client.get(reverse(name), {"periode": value}, follow=True)
        assert response.status_code == 400
        html = response.content.decode()
        assert "kalenderår" in html
        assert 'id="support-table"' not in html


def offered_periods(client) -> list[str]:
    html = client.get(reverse(URL)).content.decode()
    options = html.split('name="periode"')[1].split("</select>")[0]
    return re.findall(r'<option value="([^"]*)"', options)


def shown_households(html: str, label: str) -> int | None:
    """Households in a row of the support table; None when the cell is suppressed."""
    support = html[html.index('id="support-table"') : html.index('id="time-table"')]
    found = re.search(r'<td class="num">(\d+)</td><td class="num">\d+</td>', row(support, label))
    return int(found.group(1)) if found else None


def test_nested_periods_cannot_be_subtracted_to_give_a_hidden_cell_back(two, client_for):
    """The tester's attack: a year hides Veien til førerkortet (3 households) and Stødig
    start with it, but shows Trondheim's total; a quarter inside the year holding only
    Stødig start's supports showed Stødig start, and the year's total minus every shown
    row minus Stødig start gave Veien back. The state view offers calendar years only:
    no offered period lies inside, or overlaps, another, and a quarter answers 400."""
    today = timezone.localdate()
    year = today.year
    # Stødig start's six supports in a quarter of this year other than today's.
    quarter = 1 if today.month > 3 else 4
    elsewhere = datetime.datetime(year, 3 * quarter - 1, 15, 12, tzinfo=datetime.UTC)
    stodig = two["demo"]["subprojects"]["Stødig start"]
    Decision.objects.filter(request__subproject=stodig).update(decided_at=elsewhere)
    client = client_for("stat")

    whole_year = page(client, periode=str(year))
    assert shown_households(whole_year, "Veien til førerkortet") is None
    assert shown_households(whole_year, "Stødig start") is None
    total = shown_households(whole_year, "Trondheim i alt")
    assert total is not None
    start, end = whole_year.index('id="support-table"'), whole_year.index('id="time-table"')
    support = whole_year[start:end]
    trondheim = [
        label
        for label in re.findall(r'<td>Trondheim</td><th scope="row">([^<]+)</th>', support)
        if label != "Trondheim i alt"
    ]
    shown = sum(shown_households(whole_year, label) or 0 for label in trondheim)

    # The nested period the attack needs: before the fix the quarter showed Stødig start
    # alone, and the subtraction gave Veien's three households back.
    nested = client.get(reverse(URL), {"periode": f"{year}-K{quarter}"})
    recovered = None
    if nested.status_code == 200:
        alone = shown_households(nested.content.decode(), "Stødig start")
        recovered = total - shown - alone
    assert recovered is None, f"Veien til førerkortet given back: {recovered} households"
    assert nested.status_code == 400
    assert 'id="support-table"' not in nested.content.decode()
    pdf = client.get(reverse(PDF), {"periode": f"{year}-K{quarter}"})
    assert pdf.status_code == 302 and pdf.url.startswith(reverse(URL) + "?")

    # Every offered period is a calendar year; no two of them nest or overlap.
    offered = offered_periods(client)
    assert offered and all(re.fullmatch(r"\d{4}", value) for value in offered)
    assert len(set(offered)) == len(offered)
    assert "" not in offered
