"""Background tasks (django-tasks, database backend): `samskap db_worker` runs them."""

from django.db import transaction
from django_tasks import task

from samskap.effects.surveys import services


@task()
def send_survey_message(message_id: int) -> str:
    """Send one survey message when due; a second run for the same message does nothing."""
    return services.survey_message_send(message_id=message_id)


@task()
def run_survey_work() -> dict:
    """Make the surveys of newly paid support and send whatever is due."""
    return services.survey_work()


def survey_work_after_export(*, batch, acting_user) -> None:
    """Payments went to the bank (payments.hooks): once the export commits, the worker
    makes the new surveys at once instead of waiting for cron's next `survey_work`."""
    transaction.on_commit(run_survey_work.enqueue)
