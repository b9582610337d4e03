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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_meetings_in_two_subprojects_and_a_rival_for_the_last_kroner_at_once():
    """Three meetings of five decisions at once: two in one sub-project whose budget has
    room for one of them, one in another sub-project. Each meeting commits its decisions
    together (`money_commit_many`): the other sub-project's meeting goes through, exactly
    one of the rivals does, the budget is never overspent and nobody deadlocks."""
    from benchmarks import data
    from samskap.funding import services as funding_services
    from samskap.funding.errors import NotEnoughLeft

    demo = load_demo()
    data.set_limits(demo)
    mine = demo["subprojects"][SUBPROJECT]
    other = demo["subprojects"]["Veien til førerkortet"]
    data.fund(demo, mine, Decimal("8000"))
    data.fund(demo, other, Decimal("50000"))
    # Exactly 8 000 kr left here: room for one meeting of 5 × 1 000 kr, not two.
    extra = funding_selectors.subproject_budget(subproject=mine).remaining - Decimal("8000")
    if extra > 0:
        funding_services.money_commit(
            acting_user=None,
            subproject=mine,
            amount=extra,
            idempotency_key="race-take-the-rest",
            reason="Test",
        )
    rival_a = data.agenda(demo, mine, 5, tag="a")
    rival_b = data.agenda(demo, mine, 5, tag="b")
    theirs = data.agenda(demo, other, 5, tag="c")
    before = {
        sub.pk: funding_selectors.subproject_budget(subproject=sub).committed
        for sub in (mine, other)
    }

    results, refusals = run_together(
        lambda: data.meeting(demo, mine, rival_a, key="race-rival-a"),
        lambda: data.meeting(demo, other, theirs, key="race-theirs"),
        lambda: data.meeting(demo, mine, rival_b, key="race-rival-b"),
    )
    assert len(results) == 2
    (refusal,) = refusals
    assert isinstance(refusal, NotEnoughLeft)
    # The loser's first three fit in the 3 000 kr the winner left; its fourth does not.
    assert refusal.remaining == Decimal("0.00")
    won = {result.meeting.idempotency_key for result in results}
    assert "race-theirs" in won and len(won & {"race-rival-a", "race-rival-b"}) == 1
    mine_after = funding_selectors.subproject_budget(subproject=mine)
    assert mine_after.committed == before[mine.pk] + Decimal("5000.00")
    assert mine_after.remaining == Decimal("3000.00")
    other_after = funding_selectors.subproject_budget(subproject=other)
    assert other_after.committed == before[other.pk] + Decimal("5000.00")
    lost = rival_b if "race-rival-a" in won else rival_a
    assert not Decision.objects.filter(request__in=lost).exists()
    assert_ledger_holds()
