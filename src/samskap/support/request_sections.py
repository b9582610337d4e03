"""Panels that contexts above support add to the support request page, so support never
imports them (effects: the goal the decision and each help task serve).

An app registers `function(*, support_request, decision, user) -> RequestSection | None`
in its `AppConfig.ready()`; the page calls each in registration order and includes what
it gets. `decision` is the request's decision or None.
"""

from samskap.core.errors import NotFoundOrForbidden
from samskap.core.registry import PageSection, Registry

RequestSection = PageSection

_sections = Registry()
register_request_section = _sections.register
unregister_request_section = _sections.unregister


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
