"""Domain errors: raised by services, shown to users by views in their language."""


class DomainError(Exception):
    """A business rule refused the action; `message` is safe to show the user."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class NotFoundOrForbidden(DomainError):
    """Same error for "does not exist" and "not yours", so ids leak nothing."""
