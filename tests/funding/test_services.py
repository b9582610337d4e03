"""Receipts, allocation, reallocation, carry-over, closing and corrections."""

import datetime
from decimal import Decimal

import pytest

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.funding import selectors, services
from samskap.funding.checks import ledger_breaches
from samskap.funding.errors import NotEnoughLeft
from samskap.funding.models import Account, AccountKind, GrantReceipt, LedgerTransaction
from samskap.funding.reports import pot_overview, scheme_report

from .conftest import DAY

D = Decimal


def pot(world):
    return pot_overview(agreement=world.agreement)


def test_receipt_goes_into_the_pot_with_audit(world):
    receipt = world.receive("250000.50")
    overview = pot(world)
    assert overview.received == D("250000.50")
    assert overview.unallocated == D("250000.50")
    assert overview.received_by_year == [D("0"), D("250000.50"), D("0")]
    audit = AuditRecord.objects.get(action="grant_receipt.create", municipality=world.municipality)
    assert audit.object_id == str(receipt.transaction_id)
    assert audit.actor == world.users["okonom"]
    assert receipt.transaction.acting_user == world.users["okonom"]
    assert ledger_breaches(agreement=world.agreement) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "-1"}, "amount"),
        ({"amount": "1.005"}, "amount"),
        ({"received_on": datetime.date(2024, 12, 31)}, "received_on"),
        ({"received_on": datetime.date(2028, 1, 1)}, "received_on"),
        ({"reference": "  "}, "reference"),
    ],
)
def test_bad_receipts_post_nothing(world, changes, field):
    arguments = {
        "acting_user": world.users["okonom"],
        "agreement": world.agreement,
        "scheme": world.schemes[0],
        "received_on": DAY,
        "amount": "100",
        "reference": "ref",
    } | changes
    with pytest.raises(DomainError) as error:
        services.grant_receipt_create(**arguments)
    assert error.value.field == field
    assert LedgerTransaction.objects.filter(agreement=world.agreement).count() == 0
    assert GrantReceipt.objects.filter(agreement=world.agreement).count() == 0


def test_receipt_for_a_scheme_outside_the_agreement_is_refused(world):
    stranger = services.grant_scheme_create(
        acting_user=None,
        name="Fremmed ordning",
        ministry="x",
        directorate="y",
        budget_chapter="999",
        budget_post="99",
    )
    with pytest.raises(DomainError) as error:
        services.grant_receipt_create(
            acting_user=world.users["okonom"],
            agreement=world.agreement,
            scheme=stranger,
            received_on=DAY,
            amount="100",
            reference="r",
        )
    assert error.value.field == "scheme"
    assert LedgerTransaction.objects.filter(agreement=world.agreement).count() == 0


@pytest.mark.parametrize("username", ["kontakt", "leder", "team", "fremmed"])
def test_only_the_municipalitys_economist_or_admin_manages_the_pot(world, username):
    world.receive("1000")
    with pytest.raises(DomainError):
        services.allocation_create(
            acting_user=world.users[username],
            subproject=world.subprojects[0],
            year=2026,
            amount="100",
            reason="x",
        )
    assert pot(world).unallocated == D("1000.00")


def test_admin_can_allocate(world):
    world.receive("1000")
    services.allocation_create(
        acting_user=world.users["admin"],
        subproject=world.subprojects[0],
        year=2026,
        amount="100",
        reason="x",
    )
    assert pot(world).unallocated == D("900.00")


def test_allocation_beyond_the_pot_is_refused(world):
    world.receive("1000")
    world.allocate("600")
    with pytest.raises(NotEnoughLeft) as error:
        world.allocate("400.01", index=1)
    assert error.value.remaining == D("400.00")
    assert pot(world).total.allocated == D("600.00")


@pytest.mark.parametrize("year", [2024, 2028])
def test_allocation_outside_the_period_is_refused(world, year):
    world.receive("1000")
    with pytest.raises(DomainError) as error:
        world.allocate("100", year=year)
    assert error.value.field == "year"
    assert pot(world).unallocated == D("1000.00")


def test_earmarked_allocation_takes_from_one_scheme_only(world):
    world.receive("600", 0)
    world.receive("400", 1)
    world.allocate("300", earmarked_scheme=world.schemes[1])
    sections = {s.scheme.pk: s for s in scheme_report(agreement=world.agreement)}
    assert sections[world.schemes[1].pk].total.allocated == D("300.00")
    assert sections[world.schemes[0].pk].total.allocated == D("0.00")
    with pytest.raises(NotEnoughLeft):
        world.allocate("100.01", earmarked_scheme=world.schemes[1])


def test_default_allocation_is_proportional_to_the_schemes(world):
    world.receive("600", 0)
    world.receive("400", 1)
    world.allocate("500")
    sections = {s.scheme.pk: s for s in scheme_report(agreement=world.agreement)}
    assert sections[world.schemes[0].pk].total.allocated == D("300.00")
    assert sections[world.schemes[1].pk].total.allocated == D("200.00")
    assert sections[world.schemes[0].pk].unallocated == D("300.00")


def test_reallocation_needs_a_reason_and_moves_budget(world):
    world.receive("1000")
    world.allocate("500")
    alpha, beta = world.subprojects[:2]
    with pytest.raises(DomainError) as error:
        services.reallocation_create(
            acting_user=world.users["okonom"],
            source=alpha,
            target=beta,
            year=2026,
            amount="100",
            reason=" ",
            booked_on=DAY,
        )
    assert error.value.field == "reason"
    services.reallocation_create(
        acting_user=world.users["okonom"],
        source=alpha,
        target=beta,
        year=2026,
        amount="200",
        reason="Beta har flere deltakere",
        booked_on=DAY,
    )
    assert selectors.subproject_budget(subproject=alpha, year=2026).remaining == D("300.00")
    assert selectors.subproject_budget(subproject=beta, year=2026).remaining == D("200.00")
    with pytest.raises(NotEnoughLeft):
        services.reallocation_create(
            acting_user=world.users["okonom"],
            source=alpha,
            target=beta,
            year=2026,
            amount="300.01",
            reason="Mer",
            booked_on=DAY,
        )


def test_reallocation_cannot_move_committed_money(world):
    world.receive("1000")
    world.allocate("500")
    services.money_commit(
        acting_user=None,
        subproject=world.subprojects[0],
        amount="450",
        idempotency_key="k",
        reason="Vedtak",
        booked_on=DAY,
    )
    with pytest.raises(NotEnoughLeft):
        services.reallocation_create(
            acting_user=world.users["okonom"],
            source=world.subprojects[0],
            target=world.subprojects[1],
            year=2026,
            amount="51",
            reason="Flytt",
            booked_on=DAY,
        )


def test_carry_over_moves_unused_budget_to_next_year(world):
    world.receive("1000", day=datetime.date(2025, 2, 1))
    world.allocate("400", year=2025)
    world.allocate("100", index=1, year=2025)
    with pytest.raises(DomainError):
        services.carry_over_create(
            acting_user=world.users["okonom"],
            agreement=world.agreement,
            year=2025,
            booked_on=datetime.date(2025, 12, 1),
        )
    services.carry_over_create(
        acting_user=world.users["okonom"],
        agreement=world.agreement,
        year=2025,
        booked_on=datetime.date(2026, 1, 2),
    )
    alpha = world.subprojects[0]
    assert selectors.subproject_budget(subproject=alpha, year=2025).remaining == D("0.00")
    assert selectors.subproject_budget(subproject=alpha, year=2026).remaining == D("400.00")
    with pytest.raises(DomainError):
        services.carry_over_create(
            acting_user=world.users["okonom"],
            agreement=world.agreement,
            year=2027,
            booked_on=datetime.date(2028, 1, 2),
        )
    assert ledger_breaches(agreement=world.agreement) == []


def test_close_returns_unspent_money_per_scheme_and_locks_the_ledger(world, monkeypatch):
    from samskap.funding import guards

    world.receive("600", 0)
    world.receive("400", 1)
    world.allocate("500")
    sub = world.subprojects[0]
    services.money_commit(
        acting_user=None,
        subproject=sub,
        amount="100",
        idempotency_key="c",
        reason="Vedtak",
        booked_on=DAY,
    )
    monkeypatch.setattr(guards, "today", lambda: world.agreement.ends_on)
    with pytest.raises(DomainError):
        services.agreement_close(
            acting_user=world.users["okonom"], agreement=world.agreement, reason="Slutt"
        )
    services.money_pay(
        acting_user=None, subproject=sub, amount="100", idempotency_key="p", reason="Betalt"
    )
    monkeypatch.setattr(guards, "today", lambda: DAY)
    with pytest.raises(DomainError):
        services.agreement_close(
            acting_user=world.users["okonom"], agreement=world.agreement, reason="For tidlig"
        )
    world.agreement.refresh_from_db()
    assert world.agreement.closed_at is None
    monkeypatch.setattr(guards, "today", lambda: world.agreement.ends_on)
    services.agreement_close(
        acting_user=world.users["okonom"],
        agreement=world.agreement,
        reason="Perioden er slutt",
    )
    sections = {s.scheme.pk: s for s in scheme_report(agreement=world.agreement)}
    assert sections[world.schemes[0].pk].returned == D("540.00")
    assert sections[world.schemes[1].pk].returned == D("360.00")
    assert pot(world).total.paid == D("100.00")
    world.agreement.refresh_from_db()
    with pytest.raises(DomainError):
        world.receive("1")
    assert ledger_breaches(agreement=world.agreement) == []


def test_reversal_mirrors_the_original_and_keeps_it(world):
    receipt = world.receive("1000")
    txn = world.allocate("300")
    reversal = services.transaction_reverse(
        acting_user=world.users["okonom"], original=txn, reason="Feil delprosjekt"
    )
    assert reversal.reverses == txn
    assert pot(world).unallocated == D("1000.00")
    assert pot(world).total.allocated == D("0.00")
    assert LedgerTransaction.objects.filter(pk=txn.pk).exists()
    with pytest.raises(DomainError):
        services.transaction_reverse(acting_user=world.users["okonom"], original=txn, reason="x")
    services.transaction_reverse(
        acting_user=world.users["okonom"], original=receipt.transaction, reason="Feil beløp"
    )
    assert pot(world).received == D("0.00")
    assert ledger_breaches(agreement=world.agreement) == []


def test_reversal_refused_when_the_money_has_moved_on(world):
    world.receive("1000")
    txn = world.allocate("300")
    services.money_commit(
        acting_user=None,
        subproject=world.subprojects[0],
        amount="200",
        idempotency_key="k",
        reason="Vedtak",
        booked_on=DAY,
    )
    with pytest.raises(DomainError):
        services.transaction_reverse(acting_user=world.users["okonom"], original=txn, reason="x")
    assert pot(world).total.committed == D("200.00")


def test_no_account_is_ever_negative_after_the_services(world):
    world.receive("1000")
    world.allocate("1000")
    assert not Account.objects.filter(balance__lt=0).exists()
    assert Account.objects.get(kind=AccountKind.POT, scheme=world.schemes[0]).balance == 0


def test_authority_limit_subproject_overrides_default(world):
    alpha, beta = world.subprojects[:2]
    services.authority_limit_set(
        acting_user=world.users["okonom"],
        municipality=world.municipality,
        team_role="contact_person",
        max_per_decision="10000",
        max_per_household_per_year="30000",
    )
    # The lead has no limit for their role yet.
    assert selectors.authority_limit_for(user=world.users["leder"], subproject=alpha) is None
    services.authority_limit_set(
        acting_user=world.users["okonom"],
        municipality=world.municipality,
        team_role="lead",
        max_per_decision="20000",
        max_per_household_per_year="50000",
    )
    services.authority_limit_set(
        acting_user=world.users["leder"],
        municipality=world.municipality,
        subproject=alpha,
        team_role="contact_person",
        max_per_decision="15000",
        max_per_household_per_year="40000",
    )
    limit = selectors.authority_limit_for(user=world.users["kontakt"], subproject=alpha)
    assert limit.max_per_decision == D("15000.00")
    assert limit.max_per_household_per_year == D("40000.00")
    # Not on Beta's team: no authority to decide alone there.
    assert selectors.authority_limit_for(user=world.users["kontakt"], subproject=beta) is None


def test_authority_limit_bad_input_and_permissions(world):
    with pytest.raises(DomainError):
        services.authority_limit_set(
            acting_user=world.users["okonom"],
            municipality=world.municipality,
            team_role="contact_person",
            max_per_decision="50000",
            max_per_household_per_year="30000",
        )
    with pytest.raises(DomainError):
        services.authority_limit_set(
            acting_user=world.users["kontakt"],
            municipality=world.municipality,
            team_role="contact_person",
            max_per_decision="50000",
            max_per_household_per_year="80000",
        )
    with pytest.raises(DomainError):
        services.authority_limit_set(
            acting_user=world.users["fremmed"],
            municipality=world.municipality,
            team_role="lead",
            max_per_decision="5",
            max_per_household_per_year="8",
        )
    assert not selectors.authority_limits_for_subproject(subproject=world.subprojects[0])[0][1]


def test_a_lead_sets_the_others_limits_but_never_their_own(world):
    alpha = world.subprojects[0]
    arguments = {
        "acting_user": world.users["leder"],
        "municipality": world.municipality,
        "subproject": alpha,
        "max_per_decision": "9000000",
        "max_per_household_per_year": "9000000",
    }
    with pytest.raises(NotFoundOrForbidden):
        services.authority_limit_set(team_role="lead", **arguments)
    assert selectors.authority_limit_for(user=world.users["leder"], subproject=alpha) is None
    services.authority_limit_set(
        **arguments | {"acting_user": world.users["okonom"]}, team_role="lead"
    )
    services.authority_limit_set(
        team_role="contact_person", **arguments | {"max_per_decision": "5000"}
    )
    limit = selectors.authority_limit_for(user=world.users["kontakt"], subproject=alpha)
    assert limit.max_per_decision == D("5000.00")


def test_every_posting_has_its_audit_record_with_actor_and_its_reason_in_the_ledger(world):
    world.receive("1000")
    world.allocate("500")
    services.money_commit(
        acting_user=world.users["kontakt"],
        subproject=world.subprojects[0],
        amount="100",
        idempotency_key="k",
        reason="Vedtak i teammøte",
        booked_on=DAY,
    )
    transactions = LedgerTransaction.objects.filter(agreement=world.agreement)
    audited = AuditRecord.objects.filter(
        object_type="funding.ledgertransaction", municipality=world.municipality
    )
    assert sorted(int(pk) for pk in audited.values_list("object_id", flat=True)) == sorted(
        transactions.values_list("pk", flat=True)
    )
    commitment = transactions.get(kind="commitment")
    record = audited.get(object_id=str(commitment.pk))
    assert record.actor == world.users["kontakt"]
    # The reason is free text: it stays in the ledger, the trail points at the transaction.
    assert commitment.reason == "Vedtak i teammøte"
    assert "Vedtak i teammøte" not in str(record.new_values)
    assert commitment.acting_user == world.users["kontakt"]
    assert commitment.created_at is not None


def test_allocations_outside_the_period_post_nothing(world):
    world.receive("1000")
    before = LedgerTransaction.objects.filter(agreement=world.agreement).count()
    for day in (datetime.date(2024, 12, 31), datetime.date(2028, 1, 1)):
        with pytest.raises(DomainError) as error:
            world.allocate("100", booked_on=day)
        assert error.value.field == "booked_on"
    assert LedgerTransaction.objects.filter(agreement=world.agreement).count() == before
