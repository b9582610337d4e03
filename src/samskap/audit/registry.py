"""The trail's allow-list: which keys each audit action may store.

The trail is append-only and outlives erasure, so it keeps ids, amounts, dates, choices
and flags, never names, national ids, full account numbers or free text. Each app
declares its actions in its own `<app>/audit_actions.py`:

    ACTIONS = {"household.create": ["subproject", "has_bank_account", "first_member.role"]}

and the audit app loads every such module when Django starts (`AuditConfig.ready`).
A key inside a nested dict, or inside the dicts of a list, is named "parent.child".
`audit_record_create` refuses an action nobody declared, a key outside its list, and a
value that looks like a national id or an account number (eleven digits).
"""

import re
from collections.abc import Iterable, Mapping
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

MODULE = "audit_actions"

_actions: dict[str, frozenset[str]] = {}
_declared_in: dict[str, str] = {}

# Eleven digits, perhaps grouped with spaces or dots ("1234 56 78903", "150586 00019"):
# a national id, a D-number or a Norwegian account number.
_ELEVEN_DIGITS = re.compile(r"\d{11}")


class AuditNotAllowed(ValueError):
    """A programming error: an action or key that is not on the allow-list."""


def register_actions(actions: Mapping[str, Iterable[str]], *, source: str) -> None:
    for action, keys in actions.items():
        if action in _actions and _declared_in[action] != source:
            raise AuditNotAllowed(
                f"Audit action {action!r} is declared twice ({_declared_in[action]}, {source})"
            )
        if isinstance(keys, str):
            raise AuditNotAllowed(f"Audit action {action!r}: give a list of keys, not a string")
        _actions[action] = frozenset(keys)
        _declared_in[action] = source


def autodiscover() -> None:
    """Import `audit_actions` from every installed app and register its ACTIONS."""
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, MODULE):
            module = import_module(f"{config.name}.{MODULE}")
            register_actions(module.ACTIONS, source=module.__name__)


def registered_actions() -> dict[str, frozenset[str]]:
    return dict(_actions)


def allowed_keys(action: str) -> frozenset[str]:
    try:
        return _actions[action]
    except KeyError:
        raise AuditNotAllowed(
            f"Unknown audit action {action!r}: declare it in its app's audit_actions.py"
        ) from None


def looks_like_identity_number(value: str) -> bool:
    return bool(_ELEVEN_DIGITS.fullmatch(re.sub(r"[\s.]", "", value)))


def check_values(action: str, values: Mapping | None) -> None:
    """Raise AuditNotAllowed unless every key of `values` is allowed for `action`."""
    allowed = allowed_keys(action)
    if values is not None:
        _check(action, allowed, values, prefix="")


def _check(action: str, allowed: frozenset[str], value, *, prefix: str) -> None:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            path = f"{prefix}{key}"
            if path not in allowed:
                raise AuditNotAllowed(f"Audit action {action!r} may not store {path!r}")
            _check(action, allowed, inner, prefix=f"{path}.")
    elif isinstance(value, list | tuple):
        for inner in value:
            _check(action, allowed, inner, prefix=prefix)
    elif isinstance(value, str) and looks_like_identity_number(value):
        raise AuditNotAllowed(
            f"Audit action {action!r}: {prefix.rstrip('.')!r} looks like a national id or "
            "an account number; store a flag or the last four digits"
        )
