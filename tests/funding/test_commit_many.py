"""`money_commit_many`: a meeting's commitments at once, each exactly as `money_commit`
would post it, all or nothing, and in a number of queries that does not grow with the
number of commitments (issue 14: 12.4 commitments/s one by one, 15 statements each)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.funding import selectors, services
from samskap.funding.errors import NotEnoughLeft
from samskap.funding.models import LedgerTransaction

from .conftest import DAY

D = Decimal


@pytest.fixture
def funded(world):
    world.receive("600000", 0)
    world.receive("400000", 1)
    world.allocate("100000", 0)
    world.allocate("50000", 1)
    return world


def commit_many(world, items, by="okonom"):
    return services.money_commit_many(
        acting_user=world.users[by],
        commitments=[
            services.Commitment(
                subproject=world.subprojects[index],
                amount=D(amount),
                idempotency_key=key,
                reason="Vedtak",
            )
            for index, amount, key in items
        ],
        booked_on=DAY,
    )


def legs(txn) -> list[tuple[str, int, str, Decimal]]:
    return sorted(
        (leg.account.kind, leg.account.scheme_id, leg.direction, leg.amount)
        for leg in txn.legs.select_related("account")
    )


def test_each_commitment_is_posted_as_money_commit_posts_it(funded, world):
    one = services.money_commit(
        acting_user=world.users["okonom"],
        subproject=world.subprojects[0],
        amount=D("1000.01"),
        idempotency_key="alone",
        reason="Vedtak",
        booked_on=DAY,
    )
    # The same amount again from the same (now smaller) budget, and a second commitment
    # after it: the split of each follows the balances the ones before it left.
    many = commit_many(world, [(0, "1000.01", "m1"), (0, "333.33", "m2"), (1, "700", "m3")])
    services.money_commit(
        acting_user=world.users["okonom"],
        subproject=world.subprojects[0],
        amount=D("1000.01"),
        idempotency_key="alone-2",
        reason="Vedtak",
        booked_on=DAY,
    )
    assert legs(many["m1"]) == legs(LedgerTransaction.objects.get(idempotency_key="alone-2"))
    assert legs(many["m1"]) == legs(one)
    assert [many[key].amount for key in ("m1", "m2", "m3")] == [D("1000.01"), D("333.33"), D("700")]
    assert {many[key].kind for key in many} == {"commitment"}
    assert selectors.subproject_budget(subproject=world.subprojects[0]).committed == D("3333.36")
    assert selectors.subproject_budget(subproject=world.subprojects[1]).committed == D("700.00")
    records = AuditRecord.objects.filter(action="money.commit", actor=world.users["okonom"])
    assert records.count() == 5


def test_the_first_commitment_the_budget_cannot_cover_refuses_them_all(funded, world):
    count = LedgerTransaction.objects.count()
    with pytest.raises(NotEnoughLeft) as error:
        commit_many(world, [(0, "60000", "a"), (0, "40000", "b"), (0, "0.01", "c")])
    # What is left after the ones before it: 100,000 - 60,000 - 40,000.
    assert error.value.remaining == D("0.00")
    assert LedgerTransaction.objects.count() == count
    assert selectors.subproject_budget(subproject=world.subprojects[0]).committed == D("0.00")


def test_a_key_already_posted_returns_its_transaction_and_a_reused_key_is_refused(funded, world):
    first = commit_many(world, [(0, "1000", "same")])["same"]
    again = commit_many(world, [(0, "1000", "same"), (0, "500", "new")])
    assert again["same"].pk == first.pk
    assert LedgerTransaction.objects.filter(idempotency_key="same").count() == 1
    assert selectors.subproject_budget(subproject=world.subprojects[0]).committed == D("1500")
    with pytest.raises(DomainError):
        commit_many(world, [(0, "2000", "same")])


def test_bad_amounts_and_strangers_post_nothing(funded, world):
    count = LedgerTransaction.objects.count()
    with pytest.raises(DomainError):
        commit_many(world, [(0, "100", "ok"), (0, "-5", "bad")])
    with pytest.raises(NotFoundOrForbidden):
        commit_many(world, [(0, "100", "x")], by="fremmed")
    # The contact person sits on the first sub-project's team only.
    with pytest.raises(NotFoundOrForbidden):
        commit_many(world, [(0, "100", "y"), (1, "100", "z")], by="kontakt")
    assert LedgerTransaction.objects.count() == count


def queries_to_commit(world, count: int, tag: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        done = commit_many(
            world, [(index % 2, "10.01", f"{tag}-{index}") for index in range(count)]
        )
    assert len(done) == count
    assert all(txn.kind == "commitment" for txn in done.values())
    return len(queries)


def test_queries_do_not_grow_from_5_to_50_commitments(funded, world):
    queries_to_commit(world, 2, "warm")  # the committed accounts exist from here on
    few = queries_to_commit(world, 5, "few")
    many = queries_to_commit(world, 50, "many")
    # On SQLite the bulk INSERTs split at its parameter limit; PostgreSQL needs no split.
    assert many <= few + (2 if connection.vendor == "sqlite" else 0), (few, many)
    committed = selectors.subproject_budget(subproject=world.subprojects[0]).committed
    assert committed == D("10.01") * (1 + 3 + 25)
