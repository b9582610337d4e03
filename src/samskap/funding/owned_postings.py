"""Postings that belong to a flow above funding, so `transaction_reverse` leaves them alone.

A decision's commitment and a payment's postings are undone through their own flow
(cancelling the decision, cancelling or returning the payment), which keeps the decision,
the payment and the ledger in step; a reversal would leave a decision approved and its
payment waiting on money that is gone. Funding never imports those apps: each registers
the idempotency-key prefixes it owns in its `AppConfig.ready()`, with the message to show.
"""

_owners: dict[str, object] = {}


def register_owned_postings(prefix: str, message) -> None:
    """Postings whose idempotency key starts with `prefix` belong to the caller's flow;
    `message` (a lazy translation) says what to do instead of reversing one."""
    if not prefix:
        raise ValueError("An owner needs a key prefix")
    _owners[prefix] = message


def owner_message(idempotency_key: str | None):
    """The registered message for a posting owned by another flow, or None."""
    for prefix, message in _owners.items():
        if idempotency_key and idempotency_key.startswith(prefix):
            return message
    return None
