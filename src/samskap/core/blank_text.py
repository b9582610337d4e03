"""No text of Samskap's is made only of invisible characters.

A name, reason or rationale typed as a lone zero-width space (U+200B) looks empty on every
page, list and bank file, yet passes a "required" check. Many forms guard their own
fields (`core.banktext`); this is the catch-all where the write happens: before any
Samskap model row is saved, every text field that is not empty must hold at least one
visible character, or the save raises DomainError naming the field. Bulk inserts go
through `bulk_create` here, which checks the same. Services run inside a transaction, so
nothing of the action is stored.
"""

import functools

from django.db import models
from django.db.models.signals import pre_save
from django.utils.translation import gettext as _

from samskap.core.banktext import invisible_character_message, is_invisible
from samskap.core.errors import DomainError


def has_visible(text: str) -> bool:
    """True when `text` holds a character that shows: not a space, control or format mark."""
    return any(not char.isspace() and not is_invisible(char) for char in text)


def check_text_fields(instance) -> None:
    """DomainError (on the field) when a text field of `instance` is not empty yet holds
    nothing visible; Samskap's models only."""
    for field in _text_fields(type(instance)):
        value = getattr(instance, field.attname)
        if isinstance(value, str) and value and not has_visible(value):
            label = str(field.verbose_name).capitalize()
            hidden = next((n for n, char in enumerate(value, start=1) if not char.isspace()), None)
            if hidden is None:  # only spaces
                raise DomainError(_("%(field)s is empty.") % {"field": label}, field=field.name)
            raise DomainError(
                invisible_character_message(position=hidden, label=label), field=field.name
            )


@functools.cache
def _text_fields(model) -> tuple:
    """The free-text fields of a Samskap model (none for Django's own models), once per
    model: a bulk write checks thousands of rows."""
    app = model._meta.app_config  # None for Django's own migration recorder
    if app is None or not app.name.startswith("samskap."):
        return ()
    return tuple(
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    )


def refuse_invisible_text(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        check_text_fields(instance)


def bulk_create(queryset, rows: list, **kwargs) -> list:
    """`queryset.bulk_create(rows)` with the same check: Django sends no pre_save for bulk
    inserts, so Samskap's code never calls bulk_create directly (a test keeps it so)."""
    rows = list(rows)
    for row in rows:
        check_text_fields(row)
    return queryset.bulk_create(rows, **kwargs)


def connect() -> None:
    pre_save.connect(refuse_invisible_text, dispatch_uid="samskap.core.blank_text")
