"""Ledger idempotency keys of the support flow; payouts are told which key they settle."""


def commitment_key(decision) -> str:
    """The key of the money a final decision put aside; its payouts settle it."""
    return f"support-decision:{decision.pk}:commit"


# Every ledger key the support flow writes starts with one of these.
OWNED_KEY_PREFIXES = ("support-decision:", "support-line:")


def cancel_key(decision) -> str:
    """The key of what cancelling a decision released of its commitment."""
    return f"support-decision:{decision.pk}:cancel"
