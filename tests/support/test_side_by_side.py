"""A meeting never waits for another sub-project's meeting or payment export (issue 14: a
meeting in one sub-project took 3.2 s instead of 0.2 s while another was open, and waited
44 s for an export).

While the other sub-project's meeting or export holds its locks (its transaction left
open), a meeting here must finish with `lock_timeout` set: any wait on their rows fails
it at once instead of passing slowly."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction

from benchmarks import data
from samskap.payments import services as payment_services
from samskap.payments.models import Payment, PaymentStatus
from samskap.support.models import RequestStatus
from samskap.web.demo import load_demo
from tests.races import assert_ledger_holds

MINE, OTHER = "Stødig start", "Veien til førerkortet"


def hold_open(work, ready: threading.Event, release: threading.Event, errors: list):
    """Run `work` in a transaction on its own connection and keep it open until released."""

    def run():
        try:
            with transaction.atomic():
                work()
                ready.set()
                release.wait(60)
        except Exception as error:
            errors.append(error)
            ready.set()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("other_work", ["meeting", "export"])
def test_a_meeting_does_not_wait_for_another_subprojects_work(other_work):
    demo = load_demo()
    data.clear_pending(demo)
    data.set_limits(demo)
    mine, other = demo["subprojects"][MINE], demo["subprojects"][OTHER]
    for subproject in (mine, other):
        data.fund(demo, subproject, Decimal("50000"))
    here = data.agenda(demo, mine, 2, tag="her")
    there = data.agenda(demo, other, 2, tag="der")
    waiting = data.pending_payments(demo, 5, subprojects=[other])

    def work():
        if other_work == "meeting":
            data.meeting(demo, other, there, key="other-meeting")
        else:
            payment_services.payment_batch_export(
                acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
            )

    ready, release, errors = threading.Event(), threading.Event(), []
    thread = hold_open(work, ready, release, errors)
    try:
        assert ready.wait(60)
        assert errors == []
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            result = data.meeting(demo, mine, here, key="my-meeting")
    finally:
        release.set()
        thread.join(60)
    assert errors == []
    assert [d.request.status for d in result.decisions] == [RequestStatus.APPROVED] * 2
    if other_work == "export":
        assert Payment.objects.filter(pk__in=waiting, status=PaymentStatus.EXPORTED).count() == 5
    assert_ledger_holds()
