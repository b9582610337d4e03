"""Domain errors: raised by services, shown to users by views in their language."""


class DomainError(Exception):
    """A business rule refused the action; `message` is safe to show the user."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class Problems:
    """A service's independent refusals, collected so the user gets all of them in one
    answer instead of one per try: `check` runs one check and keeps its refusal, `refuse`
    raises the first with every problem in its `problems` (the views put each at its field).

    "Forbidden or missing" and "already recorded" are never collected: they end the action.
    """

    def __init__(self):
        self.items: list[DomainError] = []

    def check(self, check, *args, **kwargs):
        """`check(*args, **kwargs)`, or None with its refusal kept."""
        try:
            return check(*args, **kwargs)
        except (NotFoundOrForbidden, AlreadyRecorded):
            raise
        except DomainError as error:
            self.items.extend(getattr(error, "problems", None) or [error])
            return None

    def add(self, message, *, field: str | None = None) -> None:
        self.items.append(DomainError(message, field=field))

    def refuse(self) -> None:
        if self.items:
            first = self.items[0]
            first.problems = list(self.items)
            raise first


class NotFoundOrForbidden(DomainError):
    """Same error for "does not exist" and "not yours", so ids leak nothing."""


class AlreadyRecorded(DomainError):
    """The same form came again (a double click, a retry, a second tab): the first one was
    recorded and this one changed nothing. `recorded` is what the first one made."""

    def __init__(self, message, *, recorded=None):
        super().__init__(message)
        self.recorded = recorded


def full_clean_or_refuse(instance, *, exclude=None) -> None:
    """Run the model's own checks; the first problem becomes a DomainError on its field,
    so a service refuses bad input the same way whoever calls it."""
    from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(
            " ".join(messages), field=None if field == NON_FIELD_ERRORS else field
        ) from error
