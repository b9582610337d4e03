"""Audit actions of payments and bank files (see samskap.audit.registry)."""

ACTIONS = {
    "payment.instruct": ["support_line", "amount", "end_to_end_id", "account_last4"],
    "payment_batch.export": ["message_id", "payments", "total"],
    "payment_batch.download": ["message_id", "payments"],
    # The bank's status code only: its free-text reason stays on the payment.
    "payment.return": ["status", "status_code"],
}
