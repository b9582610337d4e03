"""Audit actions of the effects context and the keys each may carry (ids, values, flags)."""

ACTIONS: dict[str, list[str]] = {}
