"""The sub-project budget page's postings: a year column and an amount on every line (the
carry-over shows what left one year and arrived in the next), paged in the database,
Samskap's own posting texts in the reader's language."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from samskap.core import paging
from samskap.funding import selectors
from samskap.funding.ledger_texts import ledger_reason, render_reason
from samskap.funding.models import LedgerTransaction, TransactionKind
from samskap.support.models import SupportRequest


def test_carry_over_shows_its_amount_on_each_year(demo, client_for):
    carry = LedgerTransaction.objects.get(
        agreement=demo["agreement"], kind=TransactionKind.CARRY_OVER, reverses=None
    )
    leg = carry.legs.select_related("account__subproject").filter(direction="D").first()
    subproject = leg.account.subproject
    lines = [
        line
        for line in selectors.posting_lines(
            selectors.posting_lines_for_subproject(subproject=subproject)
        )
        if line.transaction.pk == carry.pk
    ]
    by_year = {line.year: line.budget for line in lines}
    new_year = leg.account.year
    moved = by_year[new_year]
    assert moved > 0 and by_year[new_year - 1] == -moved

    html = client_for("okonom").get(reverse("funding:subproject", args=[subproject.pk]))
    text = html.content.decode()
    assert f"<td>{new_year - 1}</td>" in text and f"<td>{new_year}</td>" in text
    assert '<th scope="col">År</th>' in text


def test_postings_page_in_the_database_with_constant_queries(world, monkeypatch):
    monkeypatch.setattr(paging, "PER_PAGE", 4)
    world.receive("900000")
    client = Client()
    client.force_login(world.users["okonom"])
    url = reverse("funding:subproject", args=[world.subprojects[0].pk])
    for _number in range(3):
        world.allocate("1000")

    def queries(params=None):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params or {}).status_code == 200
        return len(captured)

    small = queries()
    for _number in range(20):
        world.allocate("10")
    assert queries() == small
    assert queries({"side": 3}) == small
    page = client.get(url, {"side": 2}).content.decode()
    assert "Side 2 av 6 (23 i alt)" in page


def test_own_posting_texts_follow_the_language(demo, client_for):
    decided = SupportRequest.objects.filter(status="approved").first()
    stored = ledger_reason("support", request=decided.pk)
    assert stored == f"Support #{decided.pk}"
    assert LedgerTransaction.objects.filter(reason=stored).exists()
    with translation.override("nb"):
        assert render_reason(stored) == f"Støtte, søknad #{decided.pk}"
        assert render_reason("Returned payment E2E-1") == "Utbetaling E2E-1 returnert av banken"
        assert render_reason("Payment SAMSKAP-1-2") == "Utbetaling SAMSKAP-1-2"
        assert render_reason("Fordeling etter møtet") == "Fordeling etter møtet"
        # A longer code is never read as a shorter one with a long parameter.
        assert render_reason("Support #12 cancelled") == "Støtte, søknad #12 annullert"
        assert render_reason("Support #12 repaid") == "Støtte, søknad #12, tilbakebetalt"
    with translation.override("en"):
        assert render_reason(stored) == f"Support, request #{decided.pk}"

    subproject = decided.subproject
    page = client_for("okonom").get(reverse("funding:subproject", args=[subproject.pk]))
    text = page.content.decode()
    assert "Support #" not in text and "Payment SAMSKAP" not in text


def test_the_pager_counts_one_line_per_transaction_and_year(demo):
    """The pager's count groups the legs without the transactions' dates: the carry-over
    (two years in one transaction) still counts as two lines, as the page shows it."""
    carry = LedgerTransaction.objects.get(
        agreement=demo["agreement"], kind=TransactionKind.CARRY_OVER, reverses=None
    )
    subproject = carry.legs.filter(direction="D").first().account.subproject
    postings = selectors.posting_lines_for_subproject(subproject=subproject)
    rows = list(postings.rows())
    assert postings.count() == len(rows) == len(postings)
    assert len([row for row in rows if row["transaction_id"] == carry.pk]) == 2
    assert len({row["transaction_id"] for row in rows}) < len(rows)


def reference_lines(subproject) -> list[tuple]:
    """The posting list as the budget page showed it before it paged over transactions,
    recomputed leg by leg in Python: one line per transaction and budget year of the
    sub-project's accounts, its net change per kind, newest first, then by year."""
    from collections import defaultdict

    from samskap.funding.models import Leg

    sums = defaultdict(dict)
    booked = {}
    legs = Leg.objects.filter(account__subproject=subproject).select_related(
        "account", "transaction"
    )
    for leg in legs:
        key = (leg.transaction_id, leg.account.year)
        booked[leg.transaction_id] = leg.transaction.booked_on
        signed = leg.amount if leg.direction == "D" else -leg.amount
        kinds = sums[key]
        kinds[leg.account.kind] = kinds.get(leg.account.kind, 0) + signed
    ordered = sorted(sums, key=lambda key: (-booked[key[0]].toordinal(), -key[0], key[1]))
    return [
        (
            txn,
            booked[txn],
            year,
            sums[(txn, year)].get("budget"),
            sums[(txn, year)].get("committed"),
            sums[(txn, year)].get("paid"),
        )
        for txn, year in ordered
    ]


def as_tuples(rows) -> list[tuple]:
    return [
        (
            row["transaction_id"],
            row["transaction__booked_on"],
            row["year"],
            row["budget"],
            row["committed"],
            row["paid"],
        )
        for row in rows
    ]


def test_every_page_equals_the_leg_by_leg_reference(world, monkeypatch):
    """Paged over transactions first, every page (cut anywhere, also between the two
    years of a carry-over) shows exactly the lines and sums of the reference, in its
    order; the count is the reference's length. Postings of other sub-projects, of a
    reallocation's receiving end (its transaction belongs to the source) and of another
    municipality's agreement, on the same days, are left out or in as before."""
    import datetime

    from samskap.funding import services
    from tests.funding.conftest import make_world

    other = make_world("uu")
    other.receive("500000")
    world.receive("900000", day=datetime.date(2025, 2, 1))
    world.receive("900000", scheme_index=1, day=datetime.date(2025, 2, 1))
    alfa, beta, _gamma = world.subprojects
    days = [datetime.date(2025, 3, 1), datetime.date(2025, 6, 1), datetime.date(2026, 1, 5)]
    for number, day in enumerate(days * 3):
        year = 2025 if day.year == 2025 else 2026
        world.allocate(f"{100 + number}", index=number % 2, year=year, booked_on=day)
        other.allocate(f"{10 + number}", year=year, booked_on=day)
    services.reallocation_create(
        acting_user=world.users["okonom"],
        source=beta,
        target=alfa,
        year=2025,
        amount="7",
        reason="Flytt",
        booked_on=datetime.date(2025, 6, 1),
    )
    carry = services.carry_over_create(
        acting_user=world.users["okonom"],
        agreement=world.agreement,
        year=2025,
        reason="Overføring",
        booked_on=datetime.date(2026, 1, 5),
    )
    world.allocate("3", year=2027, booked_on=datetime.date(2026, 1, 5))

    for subproject in world.subprojects:
        expected = reference_lines(subproject)
        postings = selectors.posting_lines_for_subproject(subproject=subproject)
        assert postings.count() == len(expected)
        assert as_tuples(postings.rows()) == expected
        for per_page in (1, 2, 3, 4, 50):
            monkeypatch.setattr(paging, "PER_PAGE", per_page)
            shown = []
            page = paging.page_of(_request(1), postings)
            for number in page.paginator.page_range:
                page = paging.page_of(_request(number), postings)
                assert page.paginator.count == len(expected)
                shown.extend(as_tuples(page.object_list))
            assert shown == expected, (subproject.name, per_page)

    alfa_lines = reference_lines(alfa)
    assert {line[2] for line in alfa_lines} == {2025, 2026, 2027}
    assert [line[2] for line in alfa_lines if line[0] == carry.pk] == [2025, 2026]
    assert any(line[3] == 7 for line in alfa_lines)  # the reallocation's receiving end


def _request(number):
    from django.test import RequestFactory

    return RequestFactory().get("/", {"side": number})


def test_the_page_shows_the_same_rows_on_every_page(world, monkeypatch):
    """The page's HTML rows follow the reference on every page, with the pager's total."""
    import datetime

    monkeypatch.setattr(paging, "PER_PAGE", 3)
    world.receive("900000", day=datetime.date(2025, 2, 1))
    for number in range(7):
        day = datetime.date(2025, 3, 1)
        world.allocate(f"{200 + number}", year=2025 + number % 2, booked_on=day)
    subproject = world.subprojects[0]
    expected = reference_lines(subproject)
    client = Client()
    client.force_login(world.users["okonom"])
    url = reverse("funding:subproject", args=[subproject.pk])
    for number in range(1, 4):
        response = client.get(url, {"side": number})
        assert f"Side {number} av 3 ({len(expected)} i alt)" in response.content.decode()
        shown = [
            (
                line.transaction.pk,
                line.transaction.booked_on,
                line.year,
                line.budget,
                line.committed,
                line.paid,
            )
            for line in response.context["posting_lines"]
        ]
        assert shown == expected[(number - 1) * 3 : number * 3]
        lines = response.context["posting_lines"]
        assert all(line.kind == line.transaction.get_kind_display() for line in lines)


# The row as the page's template wrote it before `posting_row` (kept here as the reference).
OLD_ROW = """{% load i18n samskap %}{% for line in posting_lines %}{% with txn=line.transaction %}
  <tr>
    <td>{{ txn.booked_on|date:"SHORT_DATE_FORMAT" }}</td>
    <td>{{ line.year }}</td>
    <td>{{ txn.get_kind_display }}\
{% if txn.earmarked_scheme %} ({{ txn.earmarked_scheme.budget_line }}){% endif %}</td>
    <td>{{ txn.reason_text }}</td>
    <td>{{ txn.acting_user|default:_("system") }}</td>
    <td class="num">{% if line.budget is not None %}{{ line.budget|nok }}{% endif %}</td>
    <td class="num">{% if line.committed is not None %}{{ line.committed|nok }}{% endif %}</td>
    <td class="num">{% if line.paid is not None %}{{ line.paid|nok }}{% endif %}</td>
  </tr>
  {% endwith %}{% endfor %}"""


def test_posting_rows_are_the_old_templates_html(demo):
    """Every posting of the demo (earmarked or not, by a person or by the system, with
    Samskap's own reasons and typed ones, a reason with markup) renders as the old row
    template did, in bokmål and in English."""
    from decimal import Decimal

    from django.template import Context, Template

    lines = []
    for subproject in demo["subprojects"].values():
        lines.extend(
            selectors.posting_lines(
                selectors.posting_lines_for_subproject(subproject=subproject).rows()
            )
        )
    typed = LedgerTransaction(
        kind=TransactionKind.ALLOCATION,
        booked_on=lines[0].transaction.booked_on,
        reason='<b>"Fordeling" & mer</b>',
        earmarked_scheme=lines[0].transaction.earmarked_scheme,
    )
    lines.append(
        selectors.PostingLine(
            transaction=typed,
            year=2026,
            budget=Decimal("-1234567.50"),
            paid=Decimal("0.00"),
            kind=dict(TransactionKind.choices)[typed.kind],
        )
    )
    kinds = {
        (line.transaction.acting_user_id is None, bool(line.transaction.earmarked_scheme))
        for line in lines
    }
    assert len(kinds) >= 3 and len(lines) > 20
    template = (
        "{% load funding_postings %}"
        "{% for line in posting_lines %}{% posting_row line %}{% endfor %}"
    )
    # The page writes them all at once (what the rows share looked up once).
    all_at_once = "{% load funding_postings %}{% posting_rows posting_lines %}"
    for language in ("nb", "en"):
        with translation.override(language):
            old = Template(OLD_ROW).render(Context({"posting_lines": lines}))
            new = Template(template).render(Context({"posting_lines": lines}))
            assert new == old
            assert Template(all_at_once).render(Context({"posting_lines": lines})) == old
            assert "&lt;b&gt;&quot;Fordeling&quot; &amp; mer&lt;/b&gt;" in new


def test_a_pages_lines_bring_their_transactions_without_a_query(world, monkeypatch):
    """A page's statement brings each line's transaction, poster and earmarked scheme:
    the lines built from it equal the ones read with the ORM (in_bulk with select_related)
    on every page in both walking directions, and building them runs no query."""
    import datetime

    from samskap.funding import services

    world.receive("900000", day=datetime.date(2025, 2, 1))
    world.receive("900000", scheme_index=1, day=datetime.date(2025, 2, 1))
    for number in range(5):
        day = datetime.date(2025, 3 + number, 1)
        world.allocate(f"{300 + number}", index=number % 2, year=2025, booked_on=day)
    services.carry_over_create(
        acting_user=world.users["okonom"],
        agreement=world.agreement,
        year=2025,
        reason='<b>"Overføring"</b>',
        booked_on=datetime.date(2026, 1, 5),
    )

    for subproject in world.subprojects:
        postings = selectors.posting_lines_for_subproject(subproject=subproject)
        for per_page in (1, 2, 50):
            monkeypatch.setattr(paging, "PER_PAGE", per_page)
            first = paging.page_of(_request(1), postings)
            for number in first.paginator.page_range:
                rows = paging.page_of(_request(number), postings).object_list
                assert all("details" in row for row in rows)
                with CaptureQueriesContext(connection) as captured:
                    lines = selectors.posting_lines(rows)
                assert len(captured) == 0
                bare = [{k: v for k, v in row.items() if k != "details"} for row in rows]
                assert [_seen(line) for line in lines] == [
                    _seen(line) for line in selectors.posting_lines(bare)
                ]
    lines = selectors.posting_lines(
        selectors.posting_lines_for_subproject(subproject=world.subprojects[0]).page(0, 50)
    )
    assert any(line.transaction.acting_user_id for line in lines)
    assert any(line.transaction.reason_text == '<b>"Overføring"</b>' for line in lines)


def test_the_demos_pages_bring_their_posters_and_schemes(demo):
    """Over the demo (postings by people and by the system, earmarked and not), the lines
    built from a page's own statement equal the ones read with the ORM."""
    everything = []
    for subproject in demo["subprojects"].values():
        postings = selectors.posting_lines_for_subproject(subproject=subproject)
        rows = postings.page(0, postings.count())
        bare = [{k: v for k, v in row.items() if k != "details"} for row in rows]
        lines = selectors.posting_lines(rows)
        assert [_seen(line) for line in lines] == [
            _seen(line) for line in selectors.posting_lines(bare)
        ]
        everything.extend(lines)
    kinds = {
        (line.transaction.acting_user_id is None, line.transaction.earmarked_scheme_id is None)
        for line in everything
    }
    assert len(kinds) >= 3 and len(everything) > 20


def _seen(line) -> tuple:
    """What a posting row shows of a line and its transaction."""
    transaction = line.transaction
    return (
        transaction.pk,
        transaction.kind,
        transaction.booked_on,
        transaction.reason_text,
        transaction.acting_user_id,
        str(transaction.acting_user or ""),
        transaction.earmarked_scheme_id,
        transaction.earmarked_scheme and transaction.earmarked_scheme.budget_line,
        line.year,
        line.budget,
        line.committed,
        line.paid,
        line.kind,
    )


def test_a_sub_project_without_postings_says_so(world):
    """No lines: the one row saying so, with the whitespace the loop's `{% empty %}` wrote."""
    client = Client()
    client.force_login(world.users["okonom"])
    url = reverse("funding:subproject", args=[world.subprojects[2].pk])
    text = client.get(url).content.decode()
    empty = '\n  <tr><td colspan="8">Ingen posteringer ennå.</td></tr>\n  '
    assert f"<tbody>\n  {empty}\n  </tbody>" in text
