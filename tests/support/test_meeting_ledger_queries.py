"""A meeting moves the money of all its decisions at once: the ledger's queries are the
same for 5 and for 50 decisions (issue 14: each decision committed through the ledger
one by one, about 15 statements each), and every krone still lands where it did."""

import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from samskap.funding import selectors as funding_selectors
from samskap.funding.models import LedgerTransaction, TransactionKind
from samskap.payments.models import Payment
from samskap.support import services
from samskap.support.keys import commitment_key
from samskap.support.models import RequestStatus, SupportRequest
from tests.support.factories import SUBPROJECT, fund, organisations, set_limits
from tests.support.test_meeting_queries import add_requests

LEDGER = re.compile(r'"funding_(account|leg|ledgertransaction|programmeagreement)"')


def hold(demo, requests, key: str):
    with CaptureQueriesContext(connection) as queries:
        result = services.meeting_hold(
            acting_user=demo["users"]["leder"],
            subproject=demo["subprojects"][SUBPROJECT],
            services_present=organisations(demo),
            decisions=[
                services.DecisionInput(r.pk, "approved", "Godt begrunnet") for r in requests
            ],
            idempotency_key=key,
        )
    ledger = [query["sql"] for query in queries if LEDGER.search(query["sql"])]
    return result, len(ledger), len(queries)


def test_the_ledger_queries_of_a_meeting_do_not_grow_from_5_to_50_decisions(demo):
    subproject = demo["subprojects"][SUBPROJECT]
    fund(demo, subproject, Decimal("100000"))
    set_limits(demo, per_decision="100000", per_year="10000000")
    pending = SupportRequest.objects.filter(subproject=subproject, status=RequestStatus.PENDING)
    demo_pending = set(pending.values_list("pk", flat=True))
    before = funding_selectors.subproject_budget(subproject=subproject)

    add_requests(demo, 5)
    few_requests = list(pending.exclude(pk__in=demo_pending).order_by("pk"))
    few, few_ledger, few_all = hold(demo, few_requests, "five")
    add_requests(demo, 50, start=5)
    many_requests = list(
        pending.exclude(pk__in=demo_pending).exclude(pk__in=[r.pk for r in few_requests])
    )
    many, many_ledger, many_all = hold(demo, many_requests, "fifty")

    assert len(few.decisions) == 5 and len(many.decisions) == 50
    # On SQLite the bulk INSERTs split at its parameter limit; PostgreSQL needs no split.
    slack = 2 if connection.vendor == "sqlite" else 0
    assert many_ledger <= few_ledger + slack, (few_ledger, many_ledger)
    # The whole meeting too (issue 14: about 16 queries per decision were left): the
    # decisions, their requests' status, the bank payments and their audit records are
    # written in bulk, the chair's authority and each family's year read once.
    assert many_all <= few_all + 4 * slack, (few_all, many_all)

    # Each request of 1 000 kr: 700 in cash to the bank, a voucher of 300 paid at once.
    after = funding_selectors.subproject_budget(subproject=subproject)
    assert after.committed - before.committed == Decimal("700") * 55
    assert after.paid - before.paid == Decimal("300") * 55
    for decision in few.decisions + many.decisions:
        commitment = LedgerTransaction.objects.get(idempotency_key=commitment_key(decision))
        assert commitment.kind == TransactionKind.COMMITMENT
        assert commitment.amount == Decimal("1000.00")
        (payment,) = Payment.objects.filter(support_line__request=decision.request)
        assert payment.amount == Decimal("700.00")
        assert payment.settles == commitment_key(decision)
        assert decision.request.status == RequestStatus.APPROVED
