"""Writes of the support flow: map needs, write and confirm the letter, request, decide.

Each action is one transaction with its audit row; money moves through the ledger
(samskap.funding.services) inside the same transaction, so a decision and its posting
commit together or not at all. One module per concept; this package re-exports the
public names, so callers import `samskap.support.services` and nothing deeper.
"""

from samskap.support.services.approvals import (
    decision_confirm,
    decision_refuse,
    needs_second_approval,
)
from samskap.support.services.cancelling import decision_cancel
from samskap.support.services.letters import (
    letter_confirm,
    letter_from_token,
    letter_link_issue,
    letter_write,
    refuse_staff_session,
)
from samskap.support.services.mapping import needs_mapping_record
from samskap.support.services.meetings import (
    AgendaError,
    DecisionInput,
    MeetingResult,
    meeting_check,
    meeting_hold,
)
from samskap.support.services.payouts import (
    decision_pay_again,
    returned_payment_task_open,
    returned_payment_tasks_open,
)
from samskap.support.services.repayments import repayable, repayment_check, repayment_record
from samskap.support.services.requests import (
    MAX_HELP,
    MAX_LINES,
    HelpInput,
    LineInput,
    support_line_check,
    support_request_check,
    support_request_create,
)
from samskap.support.services.tasks import help_task_done

__all__ = [
    "MAX_HELP",
    "MAX_LINES",
    "AgendaError",
    "DecisionInput",
    "HelpInput",
    "LineInput",
    "MeetingResult",
    "decision_cancel",
    "decision_confirm",
    "decision_pay_again",
    "decision_refuse",
    "help_task_done",
    "letter_confirm",
    "letter_from_token",
    "letter_link_issue",
    "letter_write",
    "meeting_check",
    "meeting_hold",
    "needs_mapping_record",
    "needs_second_approval",
    "refuse_staff_session",
    "repayable",
    "repayment_check",
    "repayment_record",
    "returned_payment_task_open",
    "returned_payment_tasks_open",
    "support_line_check",
    "support_request_check",
    "support_request_create",
]
