"""Closing a programme period: today decides, waiting payments block it, late returns land."""

import datetime
from decimal import Decimal

import pytest

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError
from samskap.core.registry import Registry
from samskap.funding import closing, guards, services
from samskap.funding.checks import ledger_breaches
from samskap.funding.models import Account, AccountKind, TransactionKind
from samskap.funding.reports import pot_overview, scheme_report

from .conftest import DAY

D = Decimal
END = datetime.date(2027, 12, 31)


def on(monkeypatch, day: datetime.date) -> None:
    """Make `day` today for the funding services."""
    monkeypatch.setattr(guards, "today", lambda: day)


def paid_out(world, amount="100", key="c"):
    """Receive, allocate, decide and pay `amount` for Alfa; the rest stays unspent."""
    world.receive("600", 0)
    world.receive("400", 1)
    world.allocate("500")
    sub = world.subprojects[0]
    services.money_commit(
        acting_user=None,
        subproject=sub,
        amount=amount,
        idempotency_key=key,
        reason="Vedtak",
        booked_on=DAY,
    )
    services.money_pay(
        acting_user=None,
        subproject=sub,
        amount=amount,
        idempotency_key=f"{key}-pay",
        reason="Betalt",
        booked_on=DAY,
        settles=key,
    )
    return sub


def close(world, **kwargs):
    kwargs.setdefault("reason", "Perioden er slutt")
    return services.agreement_close(
        acting_user=world.users["okonom"], agreement=world.agreement, **kwargs
    )


@pytest.mark.parametrize("today", [datetime.date(2026, 11, 29), datetime.date(2027, 12, 30)])
def test_closing_before_the_period_has_ended_by_today_is_refused(world, monkeypatch, today):
    """The quoted case: a chosen booking date after the end closed a running period; now
    there is no date to choose, and today decides."""
    paid_out(world)
    on(monkeypatch, today)
    with pytest.raises(TypeError):
        close(world, booked_on=END)
    with pytest.raises(DomainError) as refused:
        close(world)
    assert "31.12.2027" in str(refused.value)
    world.agreement.refresh_from_db()
    assert world.agreement.closed_at is None
    assert not world.agreement.transactions.filter(kind=TransactionKind.RETURN).exists()


@pytest.mark.parametrize("today", [END, datetime.date(2028, 2, 1)])
def test_closing_on_or_after_the_last_day_returns_the_unspent_money(world, monkeypatch, today):
    paid_out(world)
    on(monkeypatch, today)
    txn = close(world)
    assert txn.booked_on == today
    world.agreement.refresh_from_db()
    assert world.agreement.closed_at is not None
    assert pot_overview(agreement=world.agreement).returned == D("900.00")
    assert ledger_breaches(agreement=world.agreement) == []


def test_carry_over_is_refused_before_the_year_has_ended_by_today(world, monkeypatch):
    world.receive("1000", day=datetime.date(2025, 2, 1))
    world.allocate("400", year=2026)
    on(monkeypatch, datetime.date(2026, 11, 29))
    with pytest.raises(DomainError):
        services.carry_over_create(
            acting_user=world.users["okonom"],
            agreement=world.agreement,
            year=2026,
            reason="Årsskifte",
            booked_on=datetime.date(2027, 1, 2),
        )
    assert not world.agreement.transactions.filter(kind=TransactionKind.CARRY_OVER).exists()


def test_a_close_blocker_stops_the_close_with_its_reasons(world, monkeypatch):
    paid_out(world)
    on(monkeypatch, END)
    seen = []

    def waiting_payments(agreement):
        seen.append(agreement.pk)
        return ["2 betalinger venter på svar fra banken"]

    # Only this test's blocker: the payments context's own would stop the close too.
    blockers = Registry()
    monkeypatch.setattr(closing, "_blockers", blockers)
    monkeypatch.setattr(closing, "register_close_blocker", blockers.register)
    monkeypatch.setattr(closing, "unregister_close_blocker", blockers.unregister)
    closing.register_close_blocker(waiting_payments)
    closing.register_close_blocker(waiting_payments)  # registered once
    with pytest.raises(DomainError) as refused:
        close(world)
    assert "2 betalinger venter på svar fra banken" in str(refused.value)
    assert seen == [world.agreement.pk]
    world.agreement.refresh_from_db()
    assert world.agreement.closed_at is None
    closing.unregister_close_blocker(waiting_payments)
    close(world)
    world.agreement.refresh_from_db()
    assert world.agreement.closed_at is not None


def test_payout_returned_after_close_goes_to_the_closing_balance(world, monkeypatch):
    sub = paid_out(world, amount="100")
    on(monkeypatch, END)
    close(world)
    world.agreement.refresh_from_db()
    on(monkeypatch, datetime.date(2028, 1, 10))
    txn = services.money_release(
        acting_user=None,
        subproject=sub,
        amount="100",
        idempotency_key="c-return",
        reason="Returned payment",
        from_paid=True,
        settles="c-pay",
    )
    assert txn.kind == TransactionKind.LATE_RETURN
    assert txn.booked_on == datetime.date(2028, 1, 10)
    kinds = {leg.account.kind for leg in txn.legs.select_related("account")}
    assert kinds == {AccountKind.PAID, AccountKind.RETURNED}
    overview = pot_overview(agreement=world.agreement)
    assert overview.total.paid == D("0.00")
    assert overview.returned == D("1000.00")
    assert overview.returned_after_close == D("100.00")
    sections = {s.scheme.pk: s for s in scheme_report(agreement=world.agreement)}
    assert sections[world.schemes[0].pk].returned_after_close == D("60.00")
    assert sections[world.schemes[1].pk].returned_after_close == D("40.00")
    # Nothing lands in an open account of the closed period.
    assert not Account.objects.filter(
        agreement=world.agreement,
        kind__in=[AccountKind.POT, AccountKind.BUDGET, AccountKind.COMMITTED],
        balance__gt=0,
    ).exists()
    assert AuditRecord.objects.filter(action="money.late_return", object_id=str(txn.pk)).exists()
    # The same return again is the same posting, not a second one.
    again = services.money_release(
        acting_user=None,
        subproject=sub,
        amount="100",
        idempotency_key="c-return",
        reason="Returned payment",
        from_paid=True,
        settles="c-pay",
    )
    assert again.pk == txn.pk
    assert ledger_breaches(agreement=world.agreement) == []


def test_after_close_only_a_returned_payout_may_be_posted(world, monkeypatch):
    sub = paid_out(world, amount="100")
    on(monkeypatch, END)
    close(world)
    world.agreement.refresh_from_db()
    with pytest.raises(DomainError):
        world.receive("1", day=END)
    with pytest.raises(DomainError):
        services.money_release(
            acting_user=None, subproject=sub, amount="1", idempotency_key="x", reason="Avlyst"
        )
    assert ledger_breaches(agreement=world.agreement) == []


def test_the_state_report_shows_what_came_back_after_the_close(world, monkeypatch, client):
    sub = paid_out(world, amount="100")
    on(monkeypatch, END)
    close(world)
    services.money_release(
        acting_user=None,
        subproject=sub,
        amount="100",
        idempotency_key="c-return",
        reason="Returned payment",
        from_paid=True,
        settles="c-pay",
    )
    client.force_login(world.users["okonom"])
    page = client.get(f"/potten/{world.agreement.pk}/ordninger/").content.decode()
    assert "Av dette kom tilbake fra banken etter avslutningen" in page
    assert "60,00" in page and "40,00" in page
