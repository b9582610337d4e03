"""The interface the support flow uses: commit, pay and release against a budget."""

from decimal import Decimal

import pytest

from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.core.money import format_nok
from samskap.funding import selectors, services
from samskap.funding.errors import NotEnoughLeft
from samskap.funding.models import AccountKind, LedgerTransaction

from .conftest import DAY

D = Decimal


@pytest.fixture
def funded(world):
    world.receive("600000", 0)
    world.receive("400000", 1)
    world.allocate("100000", 0)
    return world


def commit(world, amount, key, index=0, by="kontakt", **kwargs):
    return services.money_commit(
        acting_user=world.users[by],
        subproject=world.subprojects[index],
        amount=amount,
        idempotency_key=key,
        reason="Vedtak",
        booked_on=DAY,
        **kwargs,
    )


def test_commit_pay_release_moves_money_through_the_budget(funded):
    sub = funded.subprojects[0]
    commit(funded, "30000", "c1")
    services.money_pay(
        acting_user=None, subproject=sub, amount=D("20000"), idempotency_key="p1", reason="Betalt"
    )
    services.money_release(
        acting_user=None, subproject=sub, amount=D("10000"), idempotency_key="r1", reason="Avlyst"
    )
    services.money_release(
        acting_user=None,
        subproject=sub,
        amount=D("5000"),
        idempotency_key="r2",
        reason="Retur",
        from_paid=True,
    )
    budget = selectors.subproject_budget(subproject=sub, year=2026)
    assert budget.committed == D("0.00")
    assert budget.paid == D("15000.00")
    assert budget.remaining == D("85000.00")
    assert budget.allocated == D("100000.00")


def test_commit_splits_in_proportion_to_the_schemes(funded):
    txn = commit(funded, "1000.01", "c1")
    parts = sorted(
        leg.amount for leg in txn.legs.all() if leg.account.kind == AccountKind.COMMITTED
    )
    # The budget is 60/40 from the two schemes; the odd øre goes to the larger remainder.
    assert parts == [D("400.00"), D("600.01")]
    assert sum(parts) == D("1000.01")


def test_same_idempotency_key_posts_once(funded):
    first = commit(funded, "1000", "same")
    again = commit(funded, "1000", "same")
    assert again.pk == first.pk
    assert LedgerTransaction.objects.filter(idempotency_key="same").count() == 1
    assert selectors.subproject_budget(subproject=funded.subprojects[0]).committed == D("1000")


def test_reused_key_with_other_content_is_refused(funded):
    commit(funded, "1000", "same")
    with pytest.raises(DomainError):
        commit(funded, "2000", "same")


def test_commit_beyond_budget_says_how_much_is_left(funded):
    commit(funded, "99000", "c1")
    count = LedgerTransaction.objects.count()
    with pytest.raises(NotEnoughLeft) as error:
        commit(funded, "1000.01", "c2")
    assert error.value.remaining == D("1000.00")
    assert format_nok(D("1000")) in str(error.value.message)
    assert LedgerTransaction.objects.count() == count


def test_commit_without_any_budget_is_not_enough(funded):
    with pytest.raises(NotEnoughLeft) as error:
        commit(funded, "1", "c1", index=1, by="okonom")
    assert error.value.remaining == D("0.00")


def test_only_the_team_or_the_economy_moves_a_subprojects_money(funded):
    count = LedgerTransaction.objects.count()
    with pytest.raises(NotFoundOrForbidden):
        commit(funded, "10", "outsider", index=1)  # kontakt sits on the first team only
    assert LedgerTransaction.objects.count() == count
    commit(funded, "10", "economist", by="okonom")
    assert LedgerTransaction.objects.count() == count + 1


@pytest.mark.parametrize("amount", ["0", "-5", "10.001", "abc"])
def test_bad_amounts_post_nothing(funded, amount):
    count = LedgerTransaction.objects.count()
    with pytest.raises(DomainError):
        commit(funded, amount, "bad")
    assert LedgerTransaction.objects.count() == count


def test_pay_more_than_committed_is_refused(funded):
    commit(funded, "100", "c1")
    with pytest.raises(NotEnoughLeft):
        services.money_pay(
            acting_user=None,
            subproject=funded.subprojects[0],
            amount=D("100.01"),
            idempotency_key="p",
            reason="x",
        )


def test_other_municipality_cannot_commit(funded):
    with pytest.raises(DomainError):
        services.money_commit(
            acting_user=funded.users["fremmed"],
            subproject=funded.subprojects[0],
            amount=D("10"),
            idempotency_key="x",
            reason="x",
        )


def test_a_payout_settles_its_own_commitment_and_a_return_its_own_payout(funded):
    import datetime

    world = funded
    world.allocate("5000", 0, year=2025, earmarked_scheme=world.schemes[1])
    services.money_commit(  # 2025, scheme 1 only
        acting_user=world.users["kontakt"],
        subproject=world.subprojects[0],
        amount="1000",
        idempotency_key="old",
        reason="Vedtak",
        booked_on=datetime.date(2025, 6, 1),
    )
    commit(world, "3000", "new")  # 2026: both schemes, 60/40
    services.money_pay(
        acting_user=world.users["kontakt"],
        subproject=world.subprojects[0],
        amount="3000",
        idempotency_key="pay-new",
        reason="Utbetalt",
        settles="new",
    )
    budget_2025 = selectors.subproject_budget(subproject=world.subprojects[0], year=2025)
    budget_2026 = selectors.subproject_budget(subproject=world.subprojects[0], year=2026)
    assert budget_2025.committed == D("1000.00") and budget_2025.paid == 0
    assert budget_2026.paid == D("3000.00") and budget_2026.committed == 0
    payout = LedgerTransaction.objects.get(idempotency_key="pay-new")
    by_scheme = {leg.scheme_id: leg.amount for leg in payout.legs.filter(direction="D")}
    assert by_scheme == {world.schemes[0].pk: D("1800.00"), world.schemes[1].pk: D("1200.00")}
    services.money_release(
        acting_user=world.users["okonom"],
        subproject=world.subprojects[0],
        amount="3000",
        idempotency_key="return-new",
        reason="Returnert",
        from_paid=True,
        settles="pay-new",
    )
    assert selectors.subproject_budget(subproject=world.subprojects[0], year=2026).paid == 0
    with pytest.raises(NotEnoughLeft):  # nothing is left of that payout to send back
        services.money_release(
            acting_user=world.users["okonom"],
            subproject=world.subprojects[0],
            amount="1",
            idempotency_key="return-again",
            reason="Returnert",
            from_paid=True,
            settles="pay-new",
        )


def test_settling_in_parts_never_spills_into_another_decisions_money(funded):
    world = funded

    def pay(amount, key, settles):
        services.money_pay(
            acting_user=world.users["kontakt"],
            subproject=world.subprojects[0],
            amount=amount,
            idempotency_key=key,
            reason="Utbetalt",
            settles=settles,
        )

    commit(world, "100.01", "a")
    commit(world, "100.01", "b")
    for index, part in enumerate(["33.33", "33.33", "33.35"]):
        pay(part, f"a-{index}", "a")
    with pytest.raises(NotEnoughLeft):
        pay("0.01", "a-more", "a")
    pay("100.01", "b-all", "b")
    budget = selectors.subproject_budget(subproject=world.subprojects[0], year=2026)
    assert budget.committed == 0 and budget.paid == D("200.02")


def test_unpay_puts_a_payout_back_to_committed_so_it_can_be_paid_again(funded):
    world = funded
    sub = world.subprojects[0]
    commit(world, "3000", "decision")
    pay = dict(acting_user=world.users["okonom"], subproject=sub, amount="3000", reason="Fil")
    services.money_pay(**pay, idempotency_key="pay-1", settles="decision")
    undo = dict(acting_user=world.users["okonom"], subproject=sub, reason="Fil trukket")
    first = services.money_unpay(**undo, idempotency_key="withdraw-1", settles="pay-1")
    # The same key again (a double click) posts nothing more.
    assert services.money_unpay(**undo, idempotency_key="withdraw-1", settles="pay-1") == first
    budget = selectors.subproject_budget(subproject=sub, year=2026)
    assert (budget.committed, budget.paid) == (D("3000.00"), D("0.00"))
    assert first.reverses == LedgerTransaction.objects.get(idempotency_key="pay-1")
    # The commitment can be paid again in full (what the undone payout took is back) ...
    services.money_pay(**pay, idempotency_key="pay-2", settles="decision")
    budget = selectors.subproject_budget(subproject=sub, year=2026)
    assert (budget.committed, budget.paid) == (D("0.00"), D("3000.00"))
    # ... but not twice, and a payout is undone once only.
    with pytest.raises(NotEnoughLeft):
        services.money_pay(**pay, idempotency_key="pay-3", settles="decision")
    with pytest.raises(DomainError):
        services.money_unpay(**undo, idempotency_key="withdraw-2", settles="pay-1")


def test_unpay_after_cancel_in_the_same_commitment_releases_the_rest(funded):
    world = funded
    sub = world.subprojects[0]
    commit(world, "3000", "decision")
    services.money_pay(
        acting_user=None,
        subproject=sub,
        amount="3000",
        idempotency_key="pay-1",
        reason="Fil",
        settles="decision",
    )
    services.money_unpay(
        acting_user=None, subproject=sub, idempotency_key="w-1", reason="Trukket", settles="pay-1"
    )
    services.money_release(
        acting_user=None,
        subproject=sub,
        amount="3000",
        idempotency_key="cancel-1",
        reason="Kansellert",
        settles="decision",
    )
    budget = selectors.subproject_budget(subproject=sub, year=2026)
    assert (budget.committed, budget.paid, budget.remaining) == (0, 0, D("100000.00"))


def test_a_payout_partly_returned_cannot_be_unpaid(funded):
    world = funded
    sub = world.subprojects[0]
    commit(world, "3000", "decision")
    services.money_pay(
        acting_user=None,
        subproject=sub,
        amount="3000",
        idempotency_key="pay-1",
        reason="Fil",
        settles="decision",
    )
    services.money_release(
        acting_user=None,
        subproject=sub,
        amount="3000",
        idempotency_key="ret-1",
        reason="Retur",
        from_paid=True,
        settles="pay-1",
    )
    with pytest.raises(DomainError):
        services.money_unpay(
            acting_user=None, subproject=sub, idempotency_key="w", reason="x", settles="pay-1"
        )


def test_only_the_subprojects_people_may_unpay(funded):
    world = funded
    commit(world, "3000", "decision")
    services.money_pay(
        acting_user=None,
        subproject=world.subprojects[0],
        amount="3000",
        idempotency_key="pay-1",
        reason="Fil",
        settles="decision",
    )
    with pytest.raises(NotFoundOrForbidden):
        services.money_unpay(
            acting_user=world.users["fremmed"],
            subproject=world.subprojects[0],
            idempotency_key="w",
            reason="x",
            settles="pay-1",
        )
