"""`samskap generate --scale national` at a tiny size, through the same code path as the
full 356 municipalities: the bulk rows (COPY) hold every ledger invariant, the counts are
what was asked, and the same seed gives the same data (issue 14)."""

import io
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction

from samskap.core.errors import DomainError
from samskap.funding import selectors as funding_selectors
from samskap.funding.models import LedgerTransaction, TransactionKind
from samskap.payments.models import Payment, PaymentStatus
from samskap.people.models import Enrolment, Household
from samskap.subprojects.models import SubProject
from samskap.support.keys import commitment_key
from samskap.support.models import Decision, Meeting, Outcome, RequestStatus
from samskap.web.generate import Progress, national

pytestmark = pytest.mark.postgres

SIZE = national.National(municipalities=2, households=30, supports_per_household=8, meeting_size=5)
GENERATED = {"agreement__municipality__number__gte": "6000"}


def make(seed: int) -> dict:
    return national.generate_national(
        seed=seed, progress=Progress(0, "test", io.StringIO()), size=SIZE
    )


def snapshot() -> list:
    """What the seed decides, without database ids and clocks."""
    decisions = Decision.objects.filter(
        request__subproject__agreement__municipality__number__gte="6000"
    )
    return sorted(
        (
            d.request.subproject.agreement.municipality.number,
            d.request.household.alias,
            d.request.household.bank_account,
            d.request.household.members.get().birth_year,
            str(d.request.lines.get().amount),
            d.outcome,
            str(d.amount),
            "".join(
                p.end_to_end_id.rsplit("-", 1)[1]
                for p in Payment.objects.filter(support_line__request=d.request)
            ),
        )
        for d in decisions.select_related(
            "request__household", "request__subproject__agreement__municipality"
        )
    )


def test_national_at_a_tiny_size_holds_the_ledger_counts_and_seed(demo, monkeypatch):
    # Two meetings per transaction, so the tiny size also crosses transactions.
    monkeypatch.setattr(national, "MEETINGS_PER_TRANSACTION", 2)
    sid = transaction.savepoint()
    made = make(seed=5)
    first = snapshot()
    assert made["municipalities"] == 2 and made["households"] == 30
    assert made["decisions"] == 30 * 8 == len(first)
    households = Household.objects.filter(municipality__number__gte="6000")
    assert households.count() == 30
    assert Enrolment.objects.filter(household__in=households).count() == 30
    assert SubProject.objects.filter(**GENERATED).count() == 2 * 8
    decisions = Decision.objects.filter(request__household__in=households)
    outcomes = Counter(decisions.values_list("outcome", flat=True))
    assert outcomes[Outcome.APPROVED] == made["commitments"] == made["payments"]
    assert 0 < outcomes[Outcome.DECLINED] < 240
    assert not decisions.filter(decided_at=None).exists()
    assert (
        Meeting.objects.filter(subproject__agreement__municipality__number__gte="6000").count() > 16
    )
    # Each approved decision: its commitment under the service's key, a waiting payment
    # that settles it for the decided amount; declined ones commit and pay nothing.
    for decision in decisions.filter(outcome=Outcome.APPROVED)[:40]:
        commitment = LedgerTransaction.objects.get(idempotency_key=commitment_key(decision))
        assert commitment.kind == TransactionKind.COMMITMENT
        assert commitment.amount == decision.amount
        (payment,) = Payment.objects.filter(support_line__request=decision.request)
        assert payment.settles == commitment_key(decision)
        assert payment.amount == decision.amount and payment.status == PaymentStatus.PENDING
        assert payment.creditor_account == decision.request.household.bank_account
        assert decision.request.status == RequestStatus.APPROVED
    assert not Payment.objects.filter(
        support_line__request__decision__outcome=Outcome.DECLINED,
        support_line__request__household__in=households,
    ).exists()
    # The budgets were allocated exactly what the approved decisions commit.
    committed = sum(
        (
            funding_selectors.subproject_budget(subproject=subproject).committed
            for subproject in SubProject.objects.filter(**GENERATED)
        ),
        Decimal("0"),
    )
    assert committed == sum(decisions.values_list("amount", flat=True), Decimal("0"))
    call_command("ledger_check", stdout=io.StringIO())
    # Built again with the same seed: the same data.
    with pytest.raises(DomainError, match="already here"):
        make(seed=5)
    transaction.savepoint_rollback(sid)
    assert not Household.objects.filter(municipality__number__gte="6000").exists()
    sid = transaction.savepoint()
    make(seed=5)
    assert snapshot() == first
    call_command("ledger_check", stdout=io.StringIO())
    # Another seed: other families and amounts.
    transaction.savepoint_rollback(sid)
    make(seed=6)
    assert snapshot() != first
