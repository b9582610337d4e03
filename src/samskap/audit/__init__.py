"""Append-only audit trail written inside the same transaction as every service action."""
