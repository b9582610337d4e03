"""Two people confirming at once on PostgreSQL: row locks let exactly one decision through."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from samskap.core.errors import DomainError
from samskap.funding import selectors as funding_selectors
from samskap.payments import services as payment_services
from samskap.payments.models import Payment, PaymentBatch
from samskap.support import services
from samskap.support.models import Decision, Meeting
from samskap.web.demo import load_demo
from tests.races import assert_ledger_holds, post_together
from tests.support.factories import SUBPROJECT, fund, organisations, request, set_limits


def run_together(*actions) -> tuple[list, list]:
    barrier = threading.Barrier(len(actions))
    results, refusals, crashes = [], [], []

    def run(action):
        try:
            barrier.wait()
            results.append(action())
        except DomainError as error:
            refusals.append(error)
        except Exception as error:
            crashes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert crashes == []
    return results, refusals


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_chairs_confirming_the_same_agenda_decide_once():
    demo = load_demo()
    subproject = demo["subprojects"][SUBPROJECT]
    fund(demo, subproject, Decimal("20000"))
    set_limits(demo)
    support = request(demo, amount="4000")
    present = organisations(demo)

    def chair(username, key):
        return lambda: services.meeting_hold(
            acting_user=demo["users"][username],
            subproject=subproject,
            services_present=present,
            decisions=[services.DecisionInput(support.pk, "approved", "Enige")],
            idempotency_key=key,
        )

    before = funding_selectors.subproject_budget(subproject=subproject).committed
    results, refusals = run_together(chair("leder", "a"), chair("nav.berg", "b"))
    assert len(results) == 1 and len(refusals) == 1
    assert Decision.objects.filter(request=support).count() == 1
    after = funding_selectors.subproject_budget(subproject=subproject).committed
    assert after == before + Decimal("4000.00")

    # Two economists exporting at once: one batch, each payment in it once.
    okonom = demo["users"]["okonom"]
    batches_before = PaymentBatch.objects.count()
    export = lambda: payment_services.payment_batch_export(  # noqa: E731
        acting_user=okonom, municipality=demo["municipality"]
    )
    results, _refusals = run_together(export, export)
    made = [batch for batch in results if batch is not None]
    assert len(made) == 1
    assert PaymentBatch.objects.count() == batches_before + 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_meeting_form_eight_times_at_once_decides_once():
    demo = load_demo()
    subproject = demo["subprojects"][SUBPROJECT]
    fund(demo, subproject, Decimal("20000"))
    set_limits(demo)
    support = request(demo, amount="4000")
    form = {
        "token": "eight-clicks-at-once",
        "services_present": [organisations(demo)[0].pk],
        f"r{support.pk}-outcome": "approved",
        f"r{support.pk}-rationale": "Enige",
    }
    before = funding_selectors.subproject_budget(subproject=subproject).committed
    statuses = post_together(
        demo["users"]["leder"], reverse("support:meeting", args=[subproject.pk]), [form] * 8
    )
    # One records the meeting and moves on; the seven others land on "already recorded".
    assert statuses == [200] * 7 + [302]
    assert Meeting.objects.filter(idempotency_key="eight-clicks-at-once").count() == 1
    assert Decision.objects.filter(request=support).count() == 1
    assert Payment.objects.filter(support_line__request=support).count() == 1
    after = funding_selectors.subproject_budget(subproject=subproject).committed
    assert after == before + Decimal("4000.00")
    assert_ledger_holds()
