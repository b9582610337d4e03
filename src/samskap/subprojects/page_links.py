"""Links and sections on the sub-project page from contexts above this floor (effects:
goals, participants, the evaluation; its effect goals with their indicators). A higher app
registers a function in its AppConfig.ready(); the page calls each with the sub-project and
the user and lists the (label, url) pairs, or includes the section's template."""

from collections.abc import Callable
from dataclasses import dataclass, field

LinkFunction = Callable[..., list[tuple[str, str]]]

_functions: list[LinkFunction] = []


def register_subproject_links(function: LinkFunction) -> LinkFunction:
    if function not in _functions:
        _functions.append(function)
    return function


def subproject_links(*, subproject, user) -> list[tuple[str, str]]:
    links: list[tuple[str, str]] = []
    for function in _functions:
        links += function(subproject=subproject, user=user)
    return links


@dataclass(frozen=True)
class SubprojectSection:
    """A template included on the sub-project page; it sees the page's context plus
    `panel`, this section's own context."""

    template_name: str
    context: dict = field(default_factory=dict)


SectionFunction = Callable[..., SubprojectSection | None]

_sections: list[SectionFunction] = []


def register_subproject_section(function: SectionFunction) -> SectionFunction:
    """Add `function(*, subproject, user) -> SubprojectSection | None` to the page (effects:
    its effect goals in place of the old free-text ones); a second registration is ignored."""
    if function not in _sections:
        _sections.append(function)
    return function


def subproject_sections(*, subproject, user) -> list[SubprojectSection]:
    sections = []
    for function in _sections:
        section = function(subproject=subproject, user=user)
        if section is not None:
            sections.append(section)
    return sections
