"""The participation page's forms; their labels and errors are citizen text."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ProposalForm(forms.Form):
    text = forms.CharField(
        label=_("Your proposal"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VoteForm(forms.Form):
    proposal = forms.TypedChoiceField(
        label=_("Which proposal do you vote for?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the proposal you vote for.")},
    )

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].choices = [(proposal.pk, proposal.text) for proposal in proposals]
