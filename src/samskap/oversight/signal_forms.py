"""Forms of the signal pages: shape only; the services decide meaning."""

from django import forms
from django.db.models import DecimalField
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from samskap.core.numbers import TypedDecimalField, TypedIntegerField
from samskap.oversight.models import ReviewOutcome, SignalThresholds
from samskap.oversight.services.signals import NOTE_LENGTH, THRESHOLD_FIELDS


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", _("Choose")), *ReviewOutcome.choices]
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=NOTE_LENGTH,
        help_text=_(
            "What you looked at and found. Stays on the review, never in the audit trail; "
            "write no more about the family than is needed."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ThresholdsForm(forms.Form):
    """The thresholds as people type them (core.numbers): "1,5" is one and a half and
    comes back as "1,5"; "45 000" is an amount. The service checks the ranges and answers
    in words on the field."""

    def __init__(self, *args, instance, **kwargs):
        super().__init__(*args, **kwargs)
        for name in THRESHOLD_FIELDS:
            model_field = SignalThresholds._meta.get_field(name)
            kind = TypedDecimalField if isinstance(model_field, DecimalField) else TypedIntegerField
            self.fields[name] = kind(
                label=capfirst(model_field.verbose_name), initial=getattr(instance, name)
            )
