"""Audit actions of the perceived-effect survey: ids, rounds, channels and the closed
answers; never the free-text answers, an address or a phone number."""

ACTIONS = {
    "survey.schedule": ["decision", "weeks_after", "due_at"],
    "survey.message_sent": ["channel", "kind", "attempts"],
    "survey.message_failed": ["channel", "kind", "attempts", "error"],
    "survey.answer": ["via", "helped", "how_much", "what_changed_given", "anything_else_given"],
}
