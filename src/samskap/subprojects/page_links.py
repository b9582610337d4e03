"""Links and sections on the sub-project page from contexts above this floor (effects:
goals, participants, the evaluation; its effect goals with their indicators). A higher app
registers a function in its AppConfig.ready(); the page calls each with the sub-project and
the user and lists the (label, url) pairs, or includes the section's template."""

from samskap.core.registry import PageSection, Registry

SubprojectSection = PageSection

# function(*, subproject, user) -> [(label, url)]
_functions = Registry()
register_subproject_links = _functions.register


def subproject_links(*, subproject, user) -> list[tuple[str, str]]:
    return [link for function in _functions for link in function(subproject=subproject, user=user)]


# function(*, subproject, user) -> SubprojectSection | None (effects: its effect goals)
_sections = Registry()
register_subproject_section = _sections.register


def subproject_sections(*, subproject, user) -> list[SubprojectSection]:
    sections = (function(subproject=subproject, user=user) for function in _sections)
    return [section for section in sections if section is not None]
