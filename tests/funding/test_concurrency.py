"""Decisions racing for the last kroner on PostgreSQL: row locks let exactly the right ones in."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from samskap.funding import selectors, services
from samskap.funding.errors import NotEnoughLeft
from samskap.funding.models import GrantReceipt, LedgerTransaction
from samskap.funding.reports import pot_overview
from samskap.web.demo import load_demo
from tests.races import assert_ledger_holds, post_together

from .conftest import DAY, make_world

D = Decimal


def race(world, amounts: list[str], index: int = 0) -> tuple[list, list]:
    """Commit each amount from its own thread and connection, all released at once."""
    barrier = threading.Barrier(len(amounts))
    successes, refusals, crashes = [], [], []
    subproject = world.subprojects[index]

    def decide(number: int, amount: str) -> None:
        try:
            barrier.wait()
            txn = services.money_commit(
                acting_user=world.users["kontakt"],
                subproject=subproject,
                amount=D(amount),
                idempotency_key=f"race-{number}",
                reason="Vedtak i teammøte",
                booked_on=DAY,
            )
            successes.append(txn.pk)
        except NotEnoughLeft as error:
            refusals.append(error)
        except Exception as error:
            crashes.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(number, amount))
        for number, amount in enumerate(amounts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert crashes == []
    return successes, refusals


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_decisions_for_the_last_kroner_exactly_one_wins():
    world = make_world("race2")
    world.receive("1000", 0)
    world.allocate("1000")
    successes, refusals = race(world, ["700", "700"])
    assert len(successes) == 1
    assert len(refusals) == 1
    assert refusals[0].remaining == D("300.00")
    budget = selectors.subproject_budget(subproject=world.subprojects[0], year=2026)
    assert budget.committed == D("700.00")
    assert budget.remaining == D("300.00")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_many_threads_never_overdraw():
    world = make_world("race8")
    world.receive("600", 0)
    world.receive("400", 1)
    world.allocate("1000")
    successes, refusals = race(world, ["150"] * 10)
    # 6 x 150 = 900 fits in 1000; the other four must be refused, never overdraw.
    assert len(successes) == 6
    assert len(refusals) == 4
    budget = selectors.subproject_budget(subproject=world.subprojects[0], year=2026)
    assert budget.committed == D("900.00")
    assert budget.remaining == D("100.00")
    assert LedgerTransaction.objects.filter(kind="commitment").count() == 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_receipt_sent_twice_at_once_is_registered_once():
    demo = load_demo()
    agreement = demo["agreement"]
    scheme = selectors.schemes_of(agreement=agreement).order_by("pk").first()
    received = pot_overview(agreement=agreement).received
    form = {
        "scheme": scheme.pk,
        "received_on": timezone.localdate().isoformat(),
        "amount": "250 000",
        "reference": "NB-2026-RACE",
        "confirm_above_agreement": "on",  # the demo has received this year's plan already
    }
    statuses = post_together(
        demo["users"]["okonom"], reverse("funding:receipt", args=[agreement.pk]), [form] * 2
    )
    assert statuses == [200, 302]
    assert GrantReceipt.objects.filter(reference="NB-2026-RACE").count() == 1
    assert pot_overview(agreement=agreement).received == received + D("250000")
    assert_ledger_holds()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_allocation_form_four_times_at_once_allocates_once():
    demo = load_demo()
    agreement = demo["agreement"]
    subproject = demo["subprojects"]["Stødig start"]
    allocated = pot_overview(agreement=agreement).total.allocated
    form = {
        "token": "allocation-clicked-four-times",
        "subproject": subproject.pk,
        "year": selectors.budget_year(agreement=agreement),
        "amount": "1000",
        "earmarked_scheme": "",
        "reason": "Flere unge",
    }
    statuses = post_together(
        demo["users"]["okonom"], reverse("funding:allocate", args=[agreement.pk]), [form] * 4
    )
    assert statuses == [200, 200, 200, 302]
    assert pot_overview(agreement=agreement).total.allocated == allocated + D("1000")
    assert_ledger_holds()
