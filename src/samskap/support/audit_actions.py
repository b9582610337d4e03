"""Audit actions of the support flow (see samskap.audit.registry).

Letters, notes, descriptions and rationales are free text: they stay in their own rows.
"""

ACTIONS = {
    "needs_mapping.create": ["household", "place", "services_present", "basic_needs", "supersedes"],
    "motivation_letter.create": ["household", "subproject", "language", "supersedes"],
    "motivation_letter.link": ["link_sent_at"],
    "motivation_letter.confirm": ["confirmed_at", "by"],
    "support_request.create": ["household", "subproject", "letter", "lines", "kids", "other_help"],
    "meeting.hold": [
        "subproject",
        "services_present",
        "decisions",
        "decisions.request",
        "decisions.outcome",
        "decisions.amount",
        "decisions.needs_second_approval",
    ],
    "decision.confirm": ["second_approver", "amount", "level", "reason_given"],
    "decision.refuse": ["second_approver", "outcome", "amount", "reason_given"],
    "decision.cancel": ["status", "amount", "released", "payments_cancelled", "reason_given"],
    "help_task.done": ["status"],
    "returned_payment_task.open": ["payment", "request"],
    "decision.repayment": ["repayment", "amount", "received_on", "late_return", "note_given"],
    "decision.pay_again": ["returned_payments", "payments", "amount"],
}
