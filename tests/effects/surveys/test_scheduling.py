"""Surveys are made after a payout (4 and 12 weeks), sent once per channel, retried, and
their reminders skipped once answered."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from samskap.audit.models import AuditRecord
from samskap.core.sms.backends import locmem
from samskap.effects.surveys import services
from samskap.effects.surveys.links import survey_token
from samskap.effects.surveys.models import MessageKind, MessageStatus, Survey, SurveyMessage
from tests.effects.surveys.conftest import EMAIL, PHONE, weeks_after

SMS = "samskap.core.sms.backends.locmem.LocMemBackend"


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    settings.SAMSKAP_SMS_BACKEND = SMS
    locmem.outbox.clear()
    return locmem.outbox


def surveys_of(payment):
    return Survey.objects.filter(decision__request=payment.support_line.request)


def test_a_paid_decision_gets_a_survey_at_4_and_12_weeks(paid):
    made = services.surveys_schedule(now=weeks_after(paid, 0))
    surveys = list(surveys_of(paid).order_by("weeks_after"))
    assert made >= 2
    assert [survey.weeks_after for survey in surveys] == [4, 12]
    assert surveys[0].due_at.date() == paid.paid_on + datetime.timedelta(weeks=4)
    assert surveys[0].language == "nb"  # the factory's letter is in bokmål
    assert {(m.channel, m.kind) for m in surveys[0].messages.all()} == {
        ("email", "invitation"),
        ("sms", "invitation"),
    }
    audit = AuditRecord.objects.filter(action="survey.schedule", object_id=str(surveys[0].pk))
    assert audit.get().new_values["weeks_after"] == 4


def test_scheduling_twice_makes_each_survey_once(paid):
    services.surveys_schedule(now=weeks_after(paid, 0))
    assert services.surveys_schedule(now=weeks_after(paid, 0)) == 0
    assert surveys_of(paid).count() == 2


@override_settings(SAMSKAP_SURVEY_WEEKS=[2])
def test_the_weeks_are_configurable(paid):
    services.surveys_schedule(now=weeks_after(paid, 0))
    assert list(surveys_of(paid).values_list("weeks_after", flat=True)) == [2]


def test_nothing_is_sent_before_it_is_due(paid, sms_outbox):
    services.surveys_schedule(now=weeks_after(paid, 0))
    counts = services.survey_messages_send_due(now=weeks_after(paid, 4, hours=9))
    assert counts == {}
    assert mail.outbox == [] and sms_outbox == []


def test_due_messages_go_out_once_by_email_and_sms_in_the_familys_language(paid, sms_outbox):
    services.surveys_schedule(now=weeks_after(paid, 0))
    survey = surveys_of(paid).get(weeks_after=4)
    Survey.objects.filter(pk=survey.pk).update(language="uk")
    now = weeks_after(paid, 4)
    services.survey_messages_send_due(now=now)
    services.survey_messages_send_due(now=now)  # cron again: nothing twice
    mine = [m for m in mail.outbox if m.to == [EMAIL]]
    assert len(mine) == 1
    assert "Кілька тижнів тому" in mine[0].body
    assert f"/svar/{survey.nonce}:" in mine[0].body
    texts = [m for m in sms_outbox if m.to == PHONE]
    assert len(texts) == 1
    assert texts[0].length.encoding == "UCS-2" and texts[0].length.segments <= 3
    assert set(survey.messages.filter(kind="invitation").values_list("status", flat=True)) == {
        "sent"
    }
    # Each sent invitation brings one reminder a week later.
    reminders = survey.messages.filter(kind=MessageKind.REMINDER)
    assert reminders.count() == 2
    assert reminders.first().next_attempt_at == now + datetime.timedelta(days=7)


def test_a_reminder_is_sent_when_unanswered_and_skipped_when_answered(paid, sms_outbox):
    services.surveys_schedule(now=weeks_after(paid, 0))
    four, _twelve = surveys_of(paid).order_by("weeks_after")
    services.survey_messages_send_due(now=weeks_after(paid, 4))
    services.survey_answer(
        token=survey_token(four), answer=services.SurveyAnswer(helped="yes", how_much=4)
    )
    sms_outbox.clear()
    services.survey_messages_send_due(now=weeks_after(paid, 5))
    assert sms_outbox == []
    assert set(four.messages.filter(kind="reminder").values_list("status", flat=True)) == {
        "skipped"
    }
    services.survey_messages_send_due(now=weeks_after(paid, 12))
    services.survey_messages_send_due(now=weeks_after(paid, 13))
    kinds = [m.body.startswith("Påminnelse") for m in sms_outbox if m.to == PHONE]
    assert kinds == [False, True]  # twelve weeks: the invitation, then one reminder


class Flaky:
    """An SMS gateway that fails the first `failures` times."""

    failures = 0
    calls = 0

    def send_messages(self, messages):
        Flaky.calls += 1
        if Flaky.calls <= Flaky.failures:
            raise ConnectionError("gateway down")
        locmem.outbox.extend(messages)
        return len(messages)


def test_a_failed_sms_is_retried_later_then_sent_once(paid, sms_outbox, settings):
    settings.SAMSKAP_SMS_BACKEND = "tests.effects.surveys.test_scheduling.Flaky"
    Flaky.failures, Flaky.calls = 2, 0
    services.surveys_schedule(now=weeks_after(paid, 0))
    survey = surveys_of(paid).get(weeks_after=4)
    sms = survey.messages.get(channel="sms", kind="invitation")
    now = weeks_after(paid, 4)
    assert services.survey_message_send(message_id=sms.pk, now=now) == "pending"
    sms.refresh_from_db()
    assert sms.attempts == 1 and sms.last_error == "ConnectionError"
    assert sms.next_attempt_at == now + datetime.timedelta(minutes=5)
    # Not before the retry time; then a longer wait after the second failure.
    assert services.survey_message_send(message_id=sms.pk, now=now) == "not_due"
    later = now + datetime.timedelta(minutes=5)
    assert services.survey_message_send(message_id=sms.pk, now=later) == "pending"
    sms.refresh_from_db()
    assert sms.next_attempt_at == later + datetime.timedelta(minutes=10)
    final = later + datetime.timedelta(minutes=10)
    assert services.survey_message_send(message_id=sms.pk, now=final) == "sent"
    assert services.survey_message_send(message_id=sms.pk, now=final) == "sent"
    assert len([m for m in sms_outbox if m.to == PHONE]) == 1
    failed = AuditRecord.objects.filter(action="survey.message_failed", object_id=str(survey.pk))
    assert failed.count() == 2
    assert "gateway" not in str(list(failed.values_list("new_values", flat=True)))


@override_settings(SAMSKAP_SURVEY_MAX_ATTEMPTS=2)
def test_a_message_that_keeps_failing_gives_up(paid, settings):
    settings.SAMSKAP_SMS_BACKEND = "tests.effects.surveys.test_scheduling.Flaky"
    Flaky.failures, Flaky.calls = 99, 0
    services.surveys_schedule(now=weeks_after(paid, 0))
    sms = SurveyMessage.objects.get(
        survey__in=surveys_of(paid).filter(weeks_after=4), channel="sms"
    )
    now = weeks_after(paid, 4)
    services.survey_message_send(message_id=sms.pk, now=now)
    status = services.survey_message_send(message_id=sms.pk, now=now + datetime.timedelta(hours=1))
    assert status == MessageStatus.FAILED
    assert Flaky.calls == 2


def test_a_message_interrupted_while_sending_is_never_sent_again(paid, sms_outbox):
    services.surveys_schedule(now=weeks_after(paid, 0))
    sms = SurveyMessage.objects.get(
        survey__in=surveys_of(paid).filter(weeks_after=4), channel="sms"
    )
    SurveyMessage.objects.filter(pk=sms.pk).update(status=MessageStatus.SENDING, attempts=1)
    assert services.survey_message_send(message_id=sms.pk, now=weeks_after(paid, 6)) == "sending"
    assert sms_outbox == []


def test_no_address_means_skipped_not_failed(paid, sms_outbox):
    from samskap.people.models import Member

    Member.objects.filter(household=paid.support_line.request.household).update(phone="")
    services.surveys_schedule(now=weeks_after(paid, 0))
    sms = SurveyMessage.objects.get(
        survey__in=surveys_of(paid).filter(weeks_after=4), channel="sms"
    )
    assert services.survey_message_send(message_id=sms.pk, now=weeks_after(paid, 4)) == "skipped"
    assert sms_outbox == []


def test_a_round_whose_link_would_already_be_old_is_not_made(paid):
    services.surveys_schedule(now=weeks_after(paid, 4 + 5))
    assert list(surveys_of(paid).values_list("weeks_after", flat=True)) == [12]


def test_the_command_runs_due_work_once(paid, capsys, monkeypatch):
    monkeypatch.setattr(
        "samskap.effects.surveys.services.sending.timezone.now", lambda: weeks_after(paid, 4)
    )
    monkeypatch.setattr(
        "samskap.effects.surveys.services.scheduling.timezone.now", lambda: weeks_after(paid, 4)
    )
    call_command("survey_work")
    out = capsys.readouterr().out
    assert "Survey work done:" in out and "sent" in out
    assert surveys_of(paid).get(weeks_after=4).messages.filter(status="sent").count() == 2


def test_the_demo_leaves_no_survey_to_make(db):
    """The #11 trial: Frøya's "Familier i sentrum" was paid after the demo's survey step
    ran, so its surveys waited for cron (`survey_work` made 4). Every paid decision of the
    demo has its surveys when `load_demo` ends. (`db`, not `demo`: the session's one load,
    as `make demo` runs it; a second load would make them.)"""
    from samskap.subprojects.models import SubProject

    assert services.surveys_schedule() == 0
    families = SubProject.objects.get(name="Familier i sentrum")
    assert Survey.objects.filter(subproject=families).count() > 0


def test_an_export_hands_the_worker_the_survey_work_once_it_commits(
    demo, settings, django_capture_on_commit_callbacks
):
    """The worker `make demo` starts only ran what was enqueued: a payout made while the
    demo ran got its surveys only from cron's `survey_work`. Now the export enqueues the
    survey work when it commits, and the worker's run makes the surveys."""
    from django_tasks_db.models import DBTaskResult

    from samskap.effects.surveys.tasks import run_survey_work
    from tests.effects.surveys.conftest import pay

    before = DBTaskResult.objects.filter(task_path__endswith="run_survey_work").count()
    with django_capture_on_commit_callbacks(execute=True):
        payment = pay(demo, alias="Familien Eksport", key="export-meeting")
    queued = DBTaskResult.objects.filter(task_path__endswith="run_survey_work")
    assert queued.count() == before + 1
    decision = payment.support_line.request.decision
    assert not Survey.objects.filter(decision=decision).exists()
    run_survey_work.call()  # what the worker runs for the queued task
    assert Survey.objects.filter(decision=decision).count() == len(settings.SAMSKAP_SURVEY_WEEKS)
