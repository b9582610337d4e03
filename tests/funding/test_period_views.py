"""The economist's screens for carry-over, closing and correcting: figures, then confirm."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from samskap.funding import guards
from samskap.funding.checks import ledger_breaches
from samskap.funding.models import TransactionKind

from .test_periods import END, paid_out

D = Decimal


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name, world):
    return reverse(f"funding:{name}", kwargs={"agreement_id": world.agreement.pk})


def postings(world, kind):
    return world.agreement.transactions.filter(kind=kind).count()


def test_carry_over_shows_the_figures_then_posts_on_confirm(world):
    world.receive("1000", day=datetime.date(2025, 2, 1))
    world.allocate("400", year=2025, booked_on=datetime.date(2025, 3, 1))
    economist = client_of(world.users["okonom"])
    assert economist.get(url("carry_over", world)).status_code == 200
    data = {"year": "2025", "reason": "Årsskifte"}
    preview = economist.post(url("carry_over", world), data)
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Saldo før og etter" in page
    assert "400,00" in page and 'name="confirm"' in page
    assert postings(world, TransactionKind.CARRY_OVER) == 0
    done = economist.post(url("carry_over", world), {**data, "confirm": "yes"})
    assert done.status_code == 302
    txn = world.agreement.transactions.get(kind=TransactionKind.CARRY_OVER)
    assert txn.reason == "Årsskifte"
    assert ledger_breaches(agreement=world.agreement) == []


@pytest.mark.parametrize("name", ["carry_over", "close", "reverse"])
def test_a_reason_is_required_and_nothing_is_posted_without_it(world, name):
    world.receive("1000", day=datetime.date(2025, 2, 1))
    txn = world.allocate("400", year=2025, booked_on=datetime.date(2025, 3, 1))
    before = world.agreement.transactions.count()
    data = {"year": "2025", "posting": txn.pk, "reason": "", "confirm": "yes"}
    answer = client_of(world.users["okonom"]).post(url(name, world), data)
    assert answer.status_code == 400
    assert world.agreement.transactions.count() == before


def test_close_before_the_end_is_refused_on_the_page(world):
    paid_out(world)
    answer = client_of(world.users["okonom"]).post(url("close", world), {"reason": "Slutt"})
    assert answer.status_code == 400
    assert "31.12.2027" in answer.content.decode()
    world.agreement.refresh_from_db()
    assert world.agreement.closed_at is None


def test_close_shows_what_goes_back_per_scheme_then_closes(world, monkeypatch):
    paid_out(world)
    monkeypatch.setattr(guards, "today", lambda: END)
    economist = client_of(world.users["okonom"])
    preview = economist.post(url("close", world), {"reason": "Slutt"})
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "540,00" in page and "360,00" in page  # returned per scheme, after
    world.agreement.refresh_from_db()
    assert world.agreement.closed_at is None
    done = economist.post(url("close", world), {"reason": "Slutt", "confirm": "yes"})
    assert done.status_code == 302
    world.agreement.refresh_from_db()
    assert world.agreement.closed_at is not None
    assert ledger_breaches(agreement=world.agreement) == []


def test_reverse_shows_the_mirror_then_posts_it(world):
    world.receive("1000")
    txn = world.allocate("300")
    economist = client_of(world.users["okonom"])
    form = economist.get(url("reverse", world) + f"?posting={txn.pk}").content.decode()
    assert f'value="{txn.pk}" selected' in form
    data = {"posting": txn.pk, "reason": "Feil delprosjekt"}
    preview = economist.post(url("reverse", world), data)
    assert preview.status_code == 200 and "300,00" in preview.content.decode()
    assert postings(world, TransactionKind.REVERSAL) == 0
    assert economist.post(url("reverse", world), {**data, "confirm": "yes"}).status_code == 302
    assert world.agreement.transactions.get(kind=TransactionKind.REVERSAL).reverses == txn


@pytest.mark.parametrize("name", ["carry_over", "close", "reverse"])
def test_only_the_economy_may_open_the_screens(world, name):
    assert client_of(world.users["leder"]).get(url(name, world)).status_code == 403
    assert client_of(world.users["fremmed"]).get(url(name, world)).status_code == 404
