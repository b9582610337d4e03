"""Forms of the signal pages: shape only; the services decide meaning."""

from django import forms
from django.utils.translation import gettext_lazy as _

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


class ThresholdsForm(forms.ModelForm):
    class Meta:
        model = SignalThresholds
        fields = THRESHOLD_FIELDS
