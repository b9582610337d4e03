"""How a lower floor reacts to a higher one without importing it (docs/architecture.md):
the lower app keeps a `Registry` of functions, the higher app adds to it in its
`AppConfig.ready()`, and the lower app calls what is registered, in registration order.
Pages that take parts from higher apps include them as `PageSection`s."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


class Registry:
    """Functions registered once each, in registration order."""

    def __init__(self) -> None:
        self._functions: list[Callable] = []

    def register(self, function: Callable) -> Callable:
        """Add `function`; a second registration of the same function is ignored. Usable
        as a decorator."""
        if function not in self._functions:
            self._functions.append(function)
        return function

    def unregister(self, function: Callable) -> None:
        """Take a registered function off again (for tests)."""
        if function in self._functions:
            self._functions.remove(function)

    def __iter__(self) -> Iterator[Callable]:
        # A copy: a function may (un)register while the caller iterates.
        return iter(tuple(self._functions))


@dataclass(frozen=True)
class PageSection:
    """A template included on a page from a higher app; it sees the page's context plus
    `panel`, this section's own context."""

    template_name: str
    context: dict = field(default_factory=dict)
