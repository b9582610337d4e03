"""Audit actions of payments and bank files (see samskap.audit.registry).

The last four digits of an account at most; the typed reason for a hold, release,
correction or cancellation stays on the payment, the bank's return text likewise.
"""

ACTIONS = {
    "payment.instruct": [
        "support_line",
        "attempt",
        "amount",
        "end_to_end_id",
        "account_last4",
        "kid",
    ],
    "payment_batch.export": [
        "message_id",
        "payments",
        "total",
        "requested_execution_date",
        "set_aside",
    ],
    "payment_batch.withdraw": ["message_id", "payments", "payments_pending_again"],
    "payment.set_aside": ["end_to_end_id"],
    "payment_batch.download": ["message_id", "payments"],
    "payment.return": ["status", "status_code"],
    "payment.paid": ["status", "status_code"],
    # Counts only: the file's digest and the bank's texts stay on the stored file.
    "returns_file.import": ["kind", "returned", "paid", "unchanged"],
    "payment.hold": ["status"],
    "payment.release": ["status"],
    "payment.correct": ["account_last4", "had_problem"],
    "payment.cancel": ["status", "amount"],
    "debtor_account.set": ["account_last4", "bic", "organisation_number"],
}
