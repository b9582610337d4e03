"""Random sequences of ledger operations: every invariant holds after every step."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samskap.core.errors import DomainError
from samskap.funding import services
from samskap.funding.checks import ledger_breaches
from samskap.funding.models import Account, LedgerTransaction
from samskap.funding.reports import pot_overview

from .conftest import DAY, make_world

D = Decimal
amounts = st.decimals(min_value=D("0.01"), max_value=D("5000"), places=2)
subproject_index = st.integers(min_value=0, max_value=2)
days = st.dates(min_value=datetime.date(2025, 1, 1), max_value=datetime.date(2027, 12, 31))

operations = st.one_of(
    st.tuples(st.just("receive"), st.integers(0, 1), amounts, days),
    st.tuples(st.just("allocate"), subproject_index, amounts, st.sampled_from([2025, 2026, 2027])),
    st.tuples(st.just("reallocate"), subproject_index, subproject_index, amounts),
    st.tuples(st.just("commit"), subproject_index, amounts, days),
    st.tuples(st.just("pay"), subproject_index, amounts),
    st.tuples(st.just("release"), subproject_index, amounts, st.booleans()),
    st.tuples(st.just("carry_over"), st.sampled_from([2025, 2026])),
    st.tuples(st.just("reverse"), st.integers(0, 50)),
)


def apply(world, step, operation) -> None:
    economist = world.users["okonom"]
    name, *args = operation
    key = f"step-{step}"
    sub = world.subprojects
    if name == "receive":
        world.receive(args[1], args[0], day=args[2], reference=key)
    elif name == "allocate":
        world.allocate(args[1], index=args[0], year=args[2])
    elif name == "reallocate":
        services.reallocation_create(
            acting_user=economist,
            source=sub[args[0]],
            target=sub[args[1]],
            year=2026,
            amount=args[2],
            reason="Omfordeling",
            booked_on=DAY,
        )
    elif name == "commit":
        services.money_commit(
            acting_user=economist,
            subproject=sub[args[0]],
            amount=args[1],
            idempotency_key=key,
            reason="Vedtak",
            booked_on=args[2],
        )
    elif name == "pay":
        services.money_pay(
            acting_user=economist,
            subproject=sub[args[0]],
            amount=args[1],
            idempotency_key=key,
            reason="Utbetalt",
        )
    elif name == "release":
        services.money_release(
            acting_user=economist,
            subproject=sub[args[0]],
            amount=args[1],
            idempotency_key=key,
            reason="Avlyst",
            from_paid=args[2],
        )
    elif name == "carry_over":
        services.carry_over_create(
            acting_user=economist,
            agreement=world.agreement,
            year=args[0],
            booked_on=datetime.date(args[0] + 1, 1, 5),
        )
    elif name == "reverse":
        candidates = list(
            LedgerTransaction.objects.filter(
                agreement=world.agreement, reverses__isnull=True, reversed_by__isnull=True
            ).exclude(kind="reversal")
        )
        if candidates:
            original = candidates[args[0] % len(candidates)]
            services.transaction_reverse(acting_user=economist, original=original, reason="Feil")


def state(world):
    return (
        LedgerTransaction.objects.count(),
        sorted(Account.objects.values_list("pk", "balance")),
    )


@pytest.mark.django_db
@settings(
    max_examples=35,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(operations, min_size=1, max_size=15))
def test_random_operations_keep_every_invariant(steps):
    from django.db import transaction

    with transaction.atomic():
        world = make_world("prop")
        for step, operation in enumerate(steps):
            before = state(world)
            try:
                apply(world, step, operation)
            except DomainError:
                # A refused operation posts nothing at all.
                assert state(world) == before
            assert ledger_breaches(agreement=world.agreement) == []
            overview = pot_overview(agreement=world.agreement)
            assert overview.received == (
                overview.unallocated + overview.total.allocated + overview.returned
            )
            assert overview.total.allocated == (
                overview.total.committed + overview.total.paid + overview.total.remaining
            )
        transaction.set_rollback(True)
