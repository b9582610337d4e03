"""Errors other apps may catch when they move money."""

from decimal import Decimal

from samskap.core.errors import DomainError


class NotEnoughLeft(DomainError):
    """The budget (or commitment) is smaller than the amount asked for; nothing was posted."""

    def __init__(self, message, *, remaining: Decimal, field: str | None = "amount"):
        super().__init__(message, field=field)
        self.remaining = remaining
