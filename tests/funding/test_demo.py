"""The demo gives a newcomer a living budget, and loading it twice changes nothing."""

from decimal import Decimal

from samskap.funding import selectors
from samskap.funding.checks import ledger_breaches
from samskap.funding.models import AuthorityLimit, GrantReceipt, LedgerTransaction
from samskap.funding.reports import pot_overview
from samskap.web.demo import load_demo


def test_demo_records_receipts_and_allocates_to_all_eight(demo):
    agreement = demo["agreement"]
    assert GrantReceipt.objects.filter(agreement=agreement).count() >= 10
    overview = pot_overview(agreement=agreement)
    assert len(overview.rows) == 8
    assert all(row.total.allocated > 0 for row in overview.rows)
    assert overview.total.paid > 0
    assert overview.unallocated > 0
    assert ledger_breaches(agreement=agreement) == []


def test_demo_sets_delegated_limits(demo):
    sub = demo["subprojects"]["Veien til førerkortet"]
    limit = selectors.authority_limit_for(user=demo["users"]["kontakt"], subproject=sub)
    assert limit.max_per_decision == Decimal("20000.00")
    other = demo["subprojects"]["Stødig start"]
    limit = selectors.authority_limit_for(user=demo["users"]["kontakt"], subproject=other)
    assert limit.max_per_decision == Decimal("10000.00")
    assert limit.max_per_household_per_year == Decimal("30000.00")


def test_second_demo_load_changes_nothing(demo):
    counts = (
        LedgerTransaction.objects.count(),
        GrantReceipt.objects.count(),
        AuthorityLimit.objects.count(),
    )
    load_demo()
    assert (
        LedgerTransaction.objects.count(),
        GrantReceipt.objects.count(),
        AuthorityLimit.objects.count(),
    ) == counts
