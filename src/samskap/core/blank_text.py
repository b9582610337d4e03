"""No text of Samskap's is made only of invisible characters.

A name, reason or rationale typed as a lone zero-width space (U+200B) looks empty on every
page, list and bank file, yet passes a "required" check. Many forms guard their own
fields (`core.banktext`); this is the catch-all where the write happens: before any
Samskap model row is saved, every text field that is not empty must hold at least one
visible character, or the save raises DomainError naming the field. Services run inside
a transaction, so nothing of the action is stored.
"""

from django.db import models
from django.db.models.signals import pre_save
from django.utils.translation import gettext as _

from samskap.core.banktext import is_invisible
from samskap.core.errors import DomainError


def has_visible(text: str) -> bool:
    """True when `text` holds a character that shows: not a space, control or format mark."""
    return any(not char.isspace() and not is_invisible(char) for char in text)


def refuse_invisible_text(sender, instance, raw=False, **kwargs) -> None:
    app = sender._meta.app_config  # None for Django's own migration recorder
    if raw or app is None or not app.name.startswith("samskap."):
        return
    for field in sender._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or field.choices:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str) and value and not has_visible(value):
            raise DomainError(
                _("%(field)s cannot be made only of spaces or invisible characters.")
                % {"field": str(field.verbose_name).capitalize()},
                field=field.name,
            )


def connect() -> None:
    pre_save.connect(refuse_invisible_text, dispatch_uid="samskap.core.blank_text")
