"""Ledger idempotency keys of the support flow; payouts are told which key they settle."""


def commitment_key(decision) -> str:
    """The key of the money a final decision put aside; its payouts settle it."""
    return f"support-decision:{decision.pk}:commit"


# Every ledger key the support flow writes starts with one of these.
OWNED_KEY_PREFIXES = ("support-decision:", "support-line:")


def cancel_key(decision) -> str:
    """The key of what cancelling a decision released of its commitment."""
    return f"support-decision:{decision.pk}:cancel"


def pay_again_key(returned_payment) -> str:
    """The key of the money committed again to pay a line whose payment the bank returned;
    the new payment settles it. One per returned payment, so a double click commits once."""
    return f"support-line:{returned_payment.support_line_id}:pay-again:{returned_payment.pk}"


def voucher_key(line) -> str:
    """The key of the payout of a voucher or card handed over in the meeting."""
    return f"support-line:{line.pk}:voucher"


def repayment_key(repayment, index: int) -> str:
    """The key of one part of a repayment: one part per payout it goes back through."""
    return f"support-decision:{repayment.decision_id}:repayment:{repayment.pk}:{index}"
