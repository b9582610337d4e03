"""The burn-down, the receipts per year and a sub-project's budget per year are summed in
the database (issue 14: the burn-down looped over every leg in Python). Old against new
on the same data, and the same number of queries with few and with many postings."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from benchmarks import data
from samskap.funding import reports, selectors
from samskap.funding import services as funding_services
from samskap.funding.models import AccountKind, Direction, Leg, SchemeYearAmount
from samskap.payments import services as payment_services

ZERO = Decimal("0.00")
SUBPROJECT = "Stødig start"


def python_decided_by_month(agreement):
    """The old burn-down's loop over every leg, kept here as the reference."""
    by_month = defaultdict(lambda: ZERO)
    legs = Leg.objects.filter(
        account__agreement=agreement,
        account__kind__in=[AccountKind.COMMITTED, AccountKind.PAID],
    ).values_list("transaction__booked_on", "direction", "amount")
    for booked_on, direction, amount in legs:
        by_month[(booked_on.year, booked_on.month)] += (
            amount if direction == Direction.DEBIT else -amount
        )
    return by_month


def python_received_by_year(agreement):
    totals = defaultdict(lambda: ZERO)
    legs = Leg.objects.filter(
        account__agreement=agreement, account__kind=AccountKind.INCOME
    ).values_list("transaction__booked_on", "direction", "amount")
    for booked_on, direction, amount in legs:
        totals[booked_on.year] += amount if direction == Direction.CREDIT else -amount
    return totals


def python_burn_down(agreement, today):
    planned = sum(
        SchemeYearAmount.objects.filter(agreement=agreement).values_list("amount", flat=True),
        ZERO,
    )
    by_month = python_decided_by_month(agreement)
    months = reports._month_ends(agreement.starts_on, agreement.ends_on)
    elapsed = [m for m in months if (m.year, m.month) <= (today.year, today.month)]
    points, decided = [], ZERO
    for month in elapsed:
        decided += by_month[(month.year, month.month)]
        points.append((month, planned - decided))
    return planned, decided, points


def grow(demo, count: int) -> None:
    """Commitments booked in every month of this year so far, and paid and waiting
    payments: more legs in more months."""
    subproject = demo["subprojects"][SUBPROJECT]
    data.fund(demo, subproject, Decimal(count) * 5000)
    today = timezone.localdate()
    for index in range(count):
        month = index % today.month + 1
        funding_services.money_commit(
            acting_user=None,
            subproject=subproject,
            amount=Decimal("100.10") + index,
            idempotency_key=f"test-aggregate:{count}:{index}",
            reason="Test",
            booked_on=datetime.date(today.year, month, min(today.day, 28)),
        )
    data.pending_payments(demo, count, subprojects=[subproject])
    payment_services.payment_batch_export(
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )


def test_burn_down_and_receipts_are_the_sums_the_python_loops_gave(demo):
    grow(demo, 24)
    agreement = demo["agreement"]
    today = timezone.localdate()
    burn = reports.burn_down(agreement=agreement, today=today)
    planned, decided, points = python_burn_down(agreement, today)
    assert burn.planned == planned
    assert [(p.month, p.left) for p in burn.points if not p.forecast] == points
    assert burn.decided == decided
    assert decided > 0
    expected = {k: v for k, v in python_decided_by_month(agreement).items() if v}
    assert {k: v for k, v in reports._decided_by_month(agreement).items() if v} == expected
    assert len(expected) >= 2  # spread over months, or the test proves little
    received = {k: v for k, v in python_received_by_year(agreement).items() if v}
    assert received and reports._received_by_year(agreement) == received
    overview = reports.pot_overview(agreement=agreement)
    assert overview.received_by_year == [received.get(y, ZERO) for y in agreement.years]


def test_budget_per_year_in_one_query_is_the_same_as_year_by_year(demo):
    grow(demo, 6)
    subproject = demo["subprojects"][SUBPROJECT]
    with CaptureQueriesContext(connection) as queries:
        together = selectors.subproject_budgets(subproject=subproject)
    assert len(queries) == 1
    apart = [
        selectors.subproject_budget(subproject=subproject, year=year)
        for year in subproject.agreement.years
    ]
    assert together == apart
    assert any(budget.paid > 0 for budget in together)


def queries(demo) -> int:
    agreement = demo["agreement"]
    with CaptureQueriesContext(connection) as captured:
        reports.burn_down(agreement=agreement)
        reports.pot_overview(agreement=agreement)
        reports.scheme_report(agreement=agreement)
        selectors.subproject_budgets(subproject=demo["subprojects"][SUBPROJECT])
    return len(captured)


def test_reports_run_as_many_queries_with_many_postings_as_with_few(demo):
    grow(demo, 3)
    small = queries(demo)
    grow(demo, 60)
    assert queries(demo) == small


def test_the_pot_page_reads_once_what_the_overview_and_burn_down_read_apart(demo):
    """Issue 14: the pot page read the planned amounts twice and the receipts from every
    income leg; `pot_with_burn_down` shares the balances and reads receipts and decisions
    per month in one query. The same figures as the two reports apart and as the
    receipts summed from their legs, a reversed receipt included."""
    grow(demo, 24)
    agreement = demo["agreement"]
    scheme = SchemeYearAmount.objects.filter(agreement=agreement).first().scheme
    economist = demo["users"]["okonom"]

    def receive(amount: str):
        return funding_services.grant_receipt_create(
            acting_user=economist,
            agreement=agreement,
            scheme=scheme,
            received_on=timezone.localdate(),
            amount=Decimal(amount),
            reference=f"test-aggregate:{amount}",
            confirm_above_agreement=True,
        )

    wrong = receive("1234.56")
    funding_services.transaction_reverse(
        acting_user=economist, original=wrong.transaction, reason="Feil beløp"
    )
    receive("1000.00")
    today = timezone.localdate()
    plan = selectors.pot_plan(agreement=agreement)
    with CaptureQueriesContext(connection) as shared:
        overview, burn = reports.pot_with_burn_down(
            agreement=agreement, today=today, planned=plan.planned
        )
    assert overview == reports.pot_overview(agreement=agreement)
    assert burn == reports.burn_down(agreement=agreement, today=today)
    reference = {k: v for k, v in python_received_by_year(agreement).items() if v}
    assert overview.received_by_year == [reference.get(y, ZERO) for y in agreement.years]
    assert len([amount for amount in overview.received_by_year if amount]) >= 2
    assert plan.planned == overview.planned == burn.planned
    assert burn.decided > 0
    # The balances with the sub-projects, then the months (the planned amounts come
    # with the plan).
    assert len(shared) == 2


def test_the_pot_pages_written_out_reads_equal_the_orms(demo):
    """Issue 14: the pot page reads the balances with the sub-projects, and the months,
    in written-out statements; the same rows as the ORM's `_balances`, the agreement's
    sub-projects and `_months`, for every agreement of the demo (a reversed receipt
    included, and an agreement whose sub-project has no account yet)."""
    from samskap.funding.models import ProgrammeAgreement
    from samskap.subprojects.models import SubProject

    grow(demo, 6)
    agreement = demo["agreement"]
    economist = demo["users"]["okonom"]
    scheme = SchemeYearAmount.objects.filter(agreement=agreement).first().scheme
    receipt = funding_services.grant_receipt_create(
        acting_user=economist,
        agreement=agreement,
        scheme=scheme,
        received_on=timezone.localdate(),
        amount=Decimal("1234.56"),
        reference="test-written-out",
        confirm_above_agreement=True,
    )
    funding_services.transaction_reverse(
        acting_user=economist, original=receipt.transaction, reason="Feil beløp"
    )
    SubProject.objects.create(
        agreement=agreement,
        name="Uten kontoer ennå",
        summary="-",
        target_group="-",
        age_from=0,
        age_to=24,
    )
    for each in ProgrammeAgreement.objects.all():
        balances, subprojects = reports._balances_and_subprojects(each)
        assert sorted(balances) == sorted(reports._balances(each))
        assert sorted((sub.pk, sub.name) for sub in subprojects) == sorted(
            each.subprojects.values_list("pk", "name")
        )
        received, decided = reports._months(balances)
        assert {k: v for k, v in received.items() if v} == {
            k: v for k, v in python_received_by_year(each).items() if v
        }
        assert {k: v for k, v in decided.items() if v} == {
            k: v for k, v in python_decided_by_month(each).items() if v
        }
    assert any(
        reports._months(reports._balances(each))[0] for each in ProgrammeAgreement.objects.all()
    )


def test_the_scheme_reports_written_out_reads_equal_the_orms(demo):
    """Issue 14: the scheme report reads the balances with the sub-projects' names, and
    the yearly amounts with their schemes, in written-out statements; the same as the
    ORM's for every demo agreement (an agreement-level account has no sub-project)."""
    from samskap.funding.models import Account, GrantScheme, ProgrammeAgreement

    grow(demo, 3)
    for agreement in ProgrammeAgreement.objects.all():
        orm = Account.objects.filter(agreement=agreement).values_list(
            "pk", "kind", "scheme_id", "subproject_id", "subproject__name", "year", "balance"
        )
        balances = reports._balances_named(agreement)
        assert sorted(balances, key=lambda row: row[0]) == sorted(orm, key=lambda row: row[0])
        assert any(row[3] is None for row in balances)
        planned, schemes = reports._planned_by_scheme(agreement)
        lines = SchemeYearAmount.objects.filter(agreement=agreement)
        expected: dict = {}
        for line in lines:
            expected[line.scheme_id] = expected.get(line.scheme_id, ZERO) + line.amount
        assert dict(planned) == expected
        assert schemes == GrantScheme.objects.in_bulk(expected)
        for pk, scheme in schemes.items():
            fresh = GrantScheme.objects.get(pk=pk)
            assert [getattr(scheme, f.attname) for f in GrantScheme._meta.concrete_fields] == [
                getattr(fresh, f.attname) for f in GrantScheme._meta.concrete_fields
            ]
