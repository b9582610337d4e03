"""Forms of the effects pages: shape only; the services check meaning."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.effects.models import ProposalResponse


class DateInput(forms.DateInput):
    input_type = "date"


class PeriodForm(forms.Form):
    starts_on = forms.DateField(label=_("From"), widget=DateInput)
    ends_on = forms.DateField(label=_("To"), widget=DateInput)

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            raise forms.ValidationError(_("The period cannot end before it starts."))
        return data


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Question to the target group"), max_length=200)
    opens_on = forms.DateField(label=_("Opens"), widget=DateInput)
    closes_on = forms.DateField(label=_("Closes"), widget=DateInput)


class RespondForm(forms.Form):
    proposal = forms.IntegerField(widget=forms.HiddenInput)
    response = forms.ChoiceField(label=_("What the team did"), choices=ProposalResponse.choices)
    note = forms.CharField(label=_("Note to the target group"), max_length=500, required=False)


class ProposalForm(forms.Form):
    text = forms.CharField(
        label=_("Your proposal"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VoteForm(forms.Form):
    proposal = forms.TypedChoiceField(
        label=_("Which proposal do you vote for?"), coerce=int, widget=forms.RadioSelect
    )

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].choices = [
            (proposal.pk, proposal.text) for proposal in round_.proposals.order_by("id")
        ]
