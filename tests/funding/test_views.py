"""The economist's pages: access per role and municipality, forms, bad input, exports."""

import csv
import io
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from samskap.accounts import services as accounts_services
from samskap.accounts.models import Role
from samskap.funding.models import Direction, LedgerTransaction, Leg
from samskap.funding.reports import pot_overview, scheme_report

D = Decimal


@pytest.fixture
def agreement(demo):
    return demo["agreement"]


@pytest.fixture
def stranger(demo):
    elsewhere = accounts_services.municipality_create(
        acting_user=None, name="Bamble", number="4012"
    )
    return accounts_services.user_create(
        acting_user=None,
        username="bamble.okonom",
        role=Role.ECONOMIST,
        municipality=elsewhere,
        first_name="B",
        last_name="Ø",
    )


def test_pot_page_shows_figures_chart_and_table(
    client_for, agreement, django_assert_max_num_queries
):
    client = client_for("okonom")
    with django_assert_max_num_queries(30):
        response = client.get(reverse("funding:pot"))
    assert response.status_code == 200
    html = response.content.decode()
    overview = pot_overview(agreement=agreement)
    from samskap.core.money import format_nok

    assert format_nok(overview.received) in html
    assert format_nok(overview.total.allocated) in html
    assert 'role="img"' in html and "<title" in html and "<desc" in html
    assert "Veien til førerkortet" in html
    assert reverse("funding:allocate", args=[agreement.pk]) in html


def test_team_member_sees_the_pot_but_no_forms(client_for, agreement):
    client = client_for("kontakt")
    html = client.get(reverse("funding:pot")).content.decode()
    assert reverse("funding:allocate", args=[agreement.pk]) not in html
    assert client.get(reverse("funding:allocate", args=[agreement.pk])).status_code == 403
    assert client.get(reverse("funding:workbook", args=[agreement.pk])).status_code == 403


def test_other_municipality_gets_404(client, stranger, agreement):
    client.force_login(stranger)
    for name in ("schemes", "allocate", "receipt", "workbook", "accounting_csv"):
        assert client.get(reverse(f"funding:{name}", args=[agreement.pk])).status_code == 404
    assert agreement.name not in client.get(reverse("funding:pot")).content.decode()


def test_subproject_budget_page_is_for_the_team_and_economist(client_for, demo):
    mine = demo["subprojects"]["Veien til førerkortet"]
    not_mine = demo["subprojects"]["Praktisk grunnskole"]
    kontakt = client_for("kontakt")
    response = kontakt.get(reverse("funding:subproject", args=[mine.pk]))
    assert response.status_code == 200
    assert "20\xa0000,00\u00a0kr" in response.content.decode()
    assert kontakt.get(reverse("funding:subproject", args=[not_mine.pk])).status_code == 404
    assert (
        client_for("okonom").get(reverse("funding:subproject", args=[not_mine.pk])).status_code
        == 200
    )


def test_allocating_through_the_form_changes_the_pot(client_for, demo, agreement):
    sub = demo["subprojects"]["Stødig start"]
    before = pot_overview(agreement=agreement)
    response = client_for("okonom").post(
        reverse("funding:allocate", args=[agreement.pk]),
        {
            "token": uuid.uuid4().hex,
            "subproject": sub.pk,
            "year": agreement.years[1],
            "amount": "12 500,50",
            "earmarked_scheme": "",
            "reason": "Flere unge i målgruppen",
        },
    )
    assert response.status_code == 302
    after = pot_overview(agreement=agreement)
    assert after.unallocated == before.unallocated - D("12500.50")
    assert after.total.allocated == before.total.allocated + D("12500.50")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "større enn null"),
        ("-100", "større enn null"),
        ("10,001", "to desimaler"),
        ("tusen", "beløp i kroner"),
        ("999999999", "Ikke nok igjen i potten"),
    ],
)
def test_bad_allocation_shows_norwegian_message_and_posts_nothing(
    client_for, demo, agreement, amount, message
):
    sub = demo["subprojects"]["Stødig start"]
    count = LedgerTransaction.objects.count()
    response = client_for("okonom").post(
        reverse("funding:allocate", args=[agreement.pk]),
        {
            "token": uuid.uuid4().hex,
            "subproject": sub.pk,
            "year": agreement.years[1],
            "amount": amount,
            "reason": "x",
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert LedgerTransaction.objects.count() == count


def test_reallocation_form_requires_reason(client_for, demo, agreement):
    subs = demo["subprojects"]
    count = LedgerTransaction.objects.count()
    response = client_for("okonom").post(
        reverse("funding:reallocate", args=[agreement.pk]),
        {
            "source": subs["Stødig start"].pk,
            "target": subs["Som de andre"].pk,
            "year": agreement.years[1],
            "amount": "100",
            "reason": "",
        },
    )
    assert response.status_code == 400
    assert LedgerTransaction.objects.count() == count


def test_receipt_outside_the_period_is_refused(client_for, agreement):
    scheme = agreement.scheme_amounts.first().scheme
    count = LedgerTransaction.objects.count()
    response = client_for("okonom").post(
        reverse("funding:receipt", args=[agreement.pk]),
        {"scheme": scheme.pk, "received_on": "1999-01-01", "amount": "100", "reference": "x"},
    )
    assert response.status_code == 400
    assert "avtaleperioden" in response.content.decode()
    assert LedgerTransaction.objects.count() == count


def test_scheme_report_reconciles_with_the_pot(client_for, agreement):
    response = client_for("okonom").get(reverse("funding:schemes", args=[agreement.pk]))
    assert response.status_code == 200
    sections = scheme_report(agreement=agreement)
    overview = pot_overview(agreement=agreement)
    assert sum((s.total.paid for s in sections), D(0)) == overview.total.paid
    assert sum((s.received for s in sections), D(0)) == overview.received


def test_workbook_reconciles_with_the_ledger(client_for, agreement):
    response = client_for("okonom").get(reverse("funding:workbook", args=[agreement.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Potten",
        "Kilder",
        "Per ordning",
        "Nedtelling",
        "Posteringer",
        "Koder",
    ]
    sources = list(book["Kilder"].iter_rows(min_row=2, values_only=True))
    *per_scheme, total = sources
    for column, expected in [(2, "received"), (3, "unallocated"), (4, "returned")]:
        figure = getattr(pot_overview(agreement=agreement), expected)
        assert D(str(sum(row[column] for row in per_scheme))).quantize(D("0.01")) == figure
        assert D(str(total[column])).quantize(D("0.01")) == figure
    overview = pot_overview(agreement=agreement)
    pot_rows = list(book["Potten"].iter_rows(min_row=2, values_only=True))
    data = [row for row in pot_rows if row[1] is not None]
    for column, expected in zip(
        range(2, 6),
        [
            overview.total.allocated,
            overview.total.committed,
            overview.total.paid,
            overview.total.remaining,
        ],
        strict=True,
    ):
        assert all(isinstance(row[column], int | float) for row in data)
        assert D(str(sum(row[column] for row in data))).quantize(D("0.01")) == expected
    totals = next(row for row in pot_rows if row[0] == "Sum delprosjekter")
    assert D(str(totals[2])).quantize(D("0.01")) == overview.total.allocated
    postings = list(book["Posteringer"].iter_rows(min_row=2, values_only=True))
    assert len(postings) == Leg.objects.filter(transaction__agreement=agreement).count()
    debit = sum(D(str(row[7])) for row in postings if row[7] is not None)
    credit = sum(D(str(row[8])) for row in postings if row[8] is not None)
    assert debit == credit


def test_accounting_csv_reconciles_with_the_ledger(client_for, agreement):
    response = client_for("okonom").get(reverse("funding:accounting_csv", args=[agreement.pk]))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    legs = Leg.objects.filter(transaction__agreement=agreement)
    assert len(rows) == legs.count()

    def amount(value):
        return D(value.replace(",", ".")) if value else D(0)

    assert sum(amount(r["debet"]) for r in rows) == sum(amount(r["kredit"]) for r in rows)
    paid = sum(amount(r["debet"]) - amount(r["kredit"]) for r in rows if r["konto"] == "utbetalt")
    assert paid == pot_overview(agreement=agreement).total.paid
    payment_rows = [r for r in rows if r["posteringstype"] == "utbetaling"]
    assert payment_rows and all(r["art"] == "470" and r["funksjon"] == "242" for r in payment_rows)
    receipts = sum(amount(r["kredit"]) for r in rows if r["posteringstype"] == "mottak")
    assert receipts == pot_overview(agreement=agreement).received
    assert legs.filter(direction=Direction.DEBIT).count() == sum(1 for r in rows if r["debet"])
    # A payment the bank sent back corrects the expense; a cancelled decision books nothing.
    returns = [r for r in rows if r["posteringstype"] == "retur_fra_bank"]
    assert returns and all(r["art"] == "470" for r in returns)
    assert all(r["art"] == "" for r in rows if r["posteringstype"] == "frigjoring")


def test_accounting_csv_codes_are_bokmal_and_in_the_workbook_legend(client_for, agreement):
    """The CSV said "payment", "receipt", "paid": its codes are bokmål words now, the same in
    both languages, and the workbook's sheet "Koder" explains each one."""
    client = client_for("okonom")
    client.post(reverse("set_language"), {"language": "en"})
    text = client.get(reverse("funding:accounting_csv", args=[agreement.pk])).content.decode(
        "utf-8-sig"
    )
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    types = {r["posteringstype"] for r in rows}
    accounts = {r["konto"] for r in rows}
    assert {"mottak", "fordeling", "forpliktelse", "utbetaling"} <= types
    assert not types & {"receipt", "allocation", "commitment", "payment", "release"}
    assert not accounts & {"income", "pot", "budget", "committed", "paid"}
    # The file goes to the ERP: Samskap's own posting texts are bokmål in it, never
    # "Support #12" or "Payment SAMSKAP-…", whatever language the economist reads.
    assert not any(r["tekst"].startswith(("Support #", "Payment ")) for r in rows)
    assert any(r["tekst"].startswith("Støtte, søknad #") for r in rows)

    client.post(reverse("set_language"), {"language": "nb"})
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("funding:workbook", args=[agreement.pk])).content)
    )
    legend = {(row[0], row[1]) for row in workbook["Koder"].iter_rows(min_row=2, values_only=True)}
    assert {("posteringstype", code) for code in types} <= legend
    assert {("konto", code) for code in accounts} <= legend


def test_kostra_codes_are_configurable(client_for, agreement, settings):
    settings.SAMSKAP_KOSTRA_CODES = {"payment": {"art": "471", "funksjon": "273"}}
    text = (
        client_for("okonom")
        .get(reverse("funding:accounting_csv", args=[agreement.pk]))
        .content.decode("utf-8-sig")
    )
    rows = [
        r
        for r in csv.DictReader(io.StringIO(text), delimiter=";")
        if r["posteringstype"] == "utbetaling"
    ]
    assert rows and all(r["art"] == "471" and r["funksjon"] == "273" for r in rows)


def test_pot_links_only_to_budget_pages_the_user_may_open(client_for, demo):
    html = client_for("kontakt").get(reverse("funding:pot")).content.decode()
    mine = demo["subprojects"]["Veien til førerkortet"]
    not_mine = demo["subprojects"]["Praktisk grunnskole"]
    assert reverse("funding:subproject", args=[mine.pk]) in html
    assert reverse("funding:subproject", args=[not_mine.pk]) not in html
    assert "Praktisk grunnskole" in html


def test_exports_never_run_user_text_as_formulas(client_for, demo, agreement):
    evil = '=HYPERLINK("http://evil.example","klikk")'
    economist = client_for("okonom")
    response = economist.post(
        reverse("funding:allocate", args=[agreement.pk]),
        {
            "token": uuid.uuid4().hex,
            "subproject": demo["subprojects"]["Stødig start"].pk,
            "year": agreement.years[1],
            "amount": "100",
            "earmarked_scheme": "",
            "reason": evil,
        },
    )
    assert response.status_code == 302
    book = load_workbook(
        io.BytesIO(economist.get(reverse("funding:workbook", args=[agreement.pk])).content)
    )
    cells = [cell for row in book["Posteringer"].iter_rows() for cell in row]
    assert any(cell.value == evil for cell in cells)
    assert not any(cell.data_type == "f" for cell in cells)
    text = economist.get(reverse("funding:accounting_csv", args=[agreement.pk])).content
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
    assert any(row[-1] == "'" + evil for row in rows)
    assert not any(row[-1].startswith("=") for row in rows)


def test_limits_are_set_on_their_own_page_by_the_right_people(client_for, demo):
    from samskap.funding import selectors

    sub = demo["subprojects"]["Veien til førerkortet"]  # leder leads it, kontakt sits on it
    url = reverse("funding:authority", args=[sub.pk])
    page = client_for("leder").get(reverse("funding:subproject", args=[sub.pk]))
    assert url in page.content.decode()
    response = client_for("leder").post(
        url,
        {
            "team_role": "contact_person",
            "max_per_decision": "7 500",
            "max_per_household_per_year": "20 000",
        },
    )
    assert response.status_code == 302
    limit = selectors.authority_limit_for(user=demo["users"]["kontakt"], subproject=sub)
    assert limit.max_per_decision == D("7500.00")
    own = {"team_role": "lead", "max_per_decision": "1", "max_per_household_per_year": "2"}
    assert client_for("leder").post(url, own).status_code == 403
    assert client_for("kontakt").post(url, own | {"team_role": "member"}).status_code == 403
    bad = client_for("okonom").post(
        url,
        {"team_role": "member", "max_per_decision": "9000", "max_per_household_per_year": "10"},
    )
    assert bad.status_code == 200
    assert "høyere enn grensen per husstand" in bad.content.decode()
