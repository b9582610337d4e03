"""PostgreSQL races: two workers on the same survey message send it once; two schedulers
make each survey once."""

import threading
import time

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from samskap.core.sms.backends import locmem
from samskap.effects.surveys import services
from samskap.effects.surveys.models import Survey, SurveyMessage
from samskap.effects.surveys.tasks import send_survey_message
from samskap.web.demo import load_demo
from tests.effects.surveys.conftest import PHONE, pay, weeks_after
from tests.races import run_together

calls = []
lock = threading.Lock()


class SlowGateway:
    """Takes its time, so a second worker would have every chance to send as well."""

    def send_messages(self, messages):
        time.sleep(0.5)
        with lock:
            calls.extend(messages)
        return len(messages)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_a_message_once(settings):
    settings.SAMSKAP_SMS_BACKEND = "tests.effects.surveys.test_concurrency.SlowGateway"
    demo = load_demo()
    paid = pay(demo)
    calls.clear()

    # Two schedulers at once: each survey and message is made once.
    now = weeks_after(paid, 0)
    run_together(*[lambda: services.surveys_schedule(now=now)] * 2)
    surveys = Survey.objects.filter(decision__request=paid.support_line.request)
    assert sorted(surveys.values_list("weeks_after", flat=True)) == [4, 12]
    sms = SurveyMessage.objects.get(survey__in=surveys.filter(weeks_after=4), channel="sms")

    # Four senders on the same message at the same moment: one claims it, one SMS leaves.
    due = weeks_after(paid, 4)
    results, refusals = run_together(
        *[lambda: services.survey_message_send(message_id=sms.pk, now=due)] * 4
    )
    assert refusals == []
    assert sorted(results).count("sent") >= 1
    assert len([message for message in calls if message.to == PHONE]) == 1
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == ("sent", 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_db_workers_running_the_same_task_twice_send_once(settings):
    """The message's task enqueued twice (scheduling and a retry, or cron), two
    `db_worker --batch` processes at once: one SMS."""
    settings.SAMSKAP_SMS_BACKEND = "tests.effects.surveys.test_concurrency.SlowGateway"
    demo = load_demo()
    paid = pay(demo, alias="Familien Arbeider", key="survey-worker-meeting")
    calls.clear()
    services.surveys_schedule(now=weeks_after(paid, 0))
    sms = SurveyMessage.objects.get(
        survey__decision__request=paid.support_line.request,
        survey__weeks_after=4,
        channel="sms",
    )
    # Due now: move the round back so the worker (real clock) finds it due.
    SurveyMessage.objects.filter(survey__weeks_after__gt=0).update(
        next_attempt_at=weeks_after(paid, -1)
    )
    # Only this message's task: the export also queued the survey work, which would send
    # the 12-week round moved back above as well.
    DBTaskResult.objects.filter(task_path__endswith="run_survey_work").delete()
    send_survey_message.enqueue(message_id=sms.pk)
    send_survey_message.enqueue(message_id=sms.pk)

    def worker(number):
        # The worker of `samskap db_worker --batch`, without its signal handlers (threads).
        return lambda: Worker(
            queue_names=["default"],
            interval=0.1,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"w{number}",
            excluded_queue_names=[],
        ).run()

    run_together(worker(1), worker(2))
    assert len([message for message in calls if message.to == PHONE]) == 1
    sms.refresh_from_db()
    assert sms.status == "sent"
    locmem.outbox.clear()
