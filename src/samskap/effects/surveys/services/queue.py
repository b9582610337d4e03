"""Hand a message to the background worker once the transaction that made it commits."""

from django.db import transaction


def enqueue_message(message) -> None:
    from samskap.effects.surveys.tasks import send_survey_message

    when, message_id = message.next_attempt_at, message.pk
    transaction.on_commit(
        lambda: send_survey_message.using(run_after=when).enqueue(message_id=message_id)
    )
