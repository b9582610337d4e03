"""Panels that contexts above support add to the support request page, so support never
imports them (effects: the goal the decision and each help task serve).

An app registers `function(*, support_request, decision, user) -> RequestSection | None`
in its `AppConfig.ready()`; the page calls each in registration order and includes what
it gets. `decision` is the request's decision or None.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from samskap.core.errors import NotFoundOrForbidden


@dataclass(frozen=True)
class RequestSection:
    """A template included on the request page; it sees the page's context plus `panel`,
    this section's own context."""

    template_name: str
    context: dict = field(default_factory=dict)


SectionFunction = Callable[..., RequestSection | None]

_sections: list[SectionFunction] = []


def register_request_section(function: SectionFunction) -> SectionFunction:
    """Add a section to the page; a second registration of the same function is ignored."""
    if function not in _sections:
        _sections.append(function)
    return function


def unregister_request_section(function: SectionFunction) -> None:
    """Take a registered function off the page again (for tests)."""
    if function in _sections:
        _sections.remove(function)


def request_sections(*, support_request, decision, user) -> list[RequestSection]:
    """The sections to show; one that finds the user may not see it is left out."""
    sections = []
    for function in _sections:
        try:
            section = function(support_request=support_request, decision=decision, user=user)
        except NotFoundOrForbidden:
            section = None
        if section is not None:
            sections.append(section)
    return sections
