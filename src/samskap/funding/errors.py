"""Errors other apps may catch when they move money."""

from decimal import Decimal

from samskap.core.errors import DomainError


class NotEnoughLeft(DomainError):
    """The budget (or commitment) is smaller than the amount asked for; nothing was posted."""

    def __init__(self, message, *, remaining: Decimal, field: str | None = "amount"):
        super().__init__(message, field=field)
        self.remaining = remaining


class AboveAgreement(DomainError):
    """A receipt would bring a scheme's receipts for a year above what the agreement says
    that scheme pays that year; posted only when the user confirms. `over` is by how much
    (NOK)."""

    def __init__(self, message, *, over: Decimal):
        super().__init__(message, field="amount")
        self.over = over
