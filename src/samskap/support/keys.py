"""Ledger idempotency keys of the support flow; payouts are told which key they settle."""


def commitment_key(decision) -> str:
    """The key of the money a final decision put aside; its payouts settle it."""
    return f"support-decision:{decision.pk}:commit"
