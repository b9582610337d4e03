"""Links on the sub-project page from contexts above this floor (effects: goals,
participants, the evaluation). A higher app registers a function in its AppConfig.ready();
the page calls each with the sub-project and the user and lists the (label, url) pairs."""

from collections.abc import Callable

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
