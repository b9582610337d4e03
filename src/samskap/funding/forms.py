"""Forms for the economist: they check the shape of input; services check its meaning."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.core.forms import AmountField
from samskap.core.money import format_nok
from samskap.subprojects.models import TeamRole

AMOUNT_HELP = _("In kroner, e.g. 250000 or 250 000,50.")


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


def amount_field(label):
    return AmountField(label=label, max_length=30, help_text=AMOUNT_HELP)


class ReceiptForm(forms.Form):
    scheme = forms.ModelChoiceField(label=_("Grant scheme"), queryset=None)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput)
    amount = amount_field(_("Amount received (NOK)"))
    reference = forms.CharField(label=_("Payment reference"), max_length=100)

    def __init__(self, *args, schemes, confirming: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes
        if confirming:
            # Shown once the amount was found above the agreement's: the user confirms it.
            self.fields["confirm_above_agreement"] = forms.BooleanField(
                label=_("The amount is right: register it although it is above the agreement"),
                required=False,
            )


class FormToken(forms.CharField):
    """A one-time token put in the form when it is shown: a second post of the same page
    is recognised as a repeat instead of allocating twice."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_length=16, max_length=64, initial=lambda: uuid.uuid4().hex, **kwargs)


class AllocationForm(forms.Form):
    token = FormToken()
    subproject = forms.ModelChoiceField(label=_("Sub-project"), queryset=None)
    year = forms.TypedChoiceField(label=_("Budget year"), coerce=int)
    amount = amount_field(_("Amount (NOK)"))
    earmarked_scheme = forms.ModelChoiceField(
        label=_("Earmark to one grant scheme"),
        queryset=None,
        required=False,
        empty_label=_("No: in proportion to what each scheme has left in the pot"),
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea)

    def __init__(self, *args, subprojects, schemes, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subproject"].queryset = subprojects
        self.fields["earmarked_scheme"].queryset = schemes
        self.fields["year"].choices = [(year, str(year)) for year in years]


class ReallocationForm(forms.Form):
    source = forms.ModelChoiceField(label=_("From sub-project"), queryset=None)
    target = forms.ModelChoiceField(label=_("To sub-project"), queryset=None)
    year = forms.TypedChoiceField(label=_("Budget year"), coerce=int)
    amount = amount_field(_("Amount (NOK)"))
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea)

    def __init__(self, *args, subprojects, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = subprojects
        self.fields["target"].queryset = subprojects
        self.fields["year"].choices = [(year, str(year)) for year in years]


class AuthorityLimitForm(forms.Form):
    team_role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices)
    max_per_decision = amount_field(_("Most per decision (NOK)"))
    max_per_household_per_year = amount_field(_("Most per household per year (NOK)"))


class AuthorityCeilingForm(forms.Form):
    max_per_decision = amount_field(_("Ceiling per decision (NOK)"))
    max_per_household_per_year = amount_field(_("Ceiling per household per year (NOK)"))


REASON_HELP = _("Saved with the posting and shown to the auditor.")


def reason_field():
    return forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea, help_text=REASON_HELP
    )


class CarryOverForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Carry over unused budget from"), coerce=int)
    reason = reason_field()

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]


class CloseForm(forms.Form):
    reason = reason_field()


class ReverseForm(forms.Form):
    posting = forms.ModelChoiceField(label=_("Posting to correct"), queryset=None)
    reason = reason_field()

    def __init__(self, *args, postings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posting"].queryset = postings
        self.fields["posting"].label_from_instance = posting_label


def posting_label(txn) -> str:
    amount = format_nok(txn.amount)
    return f"{txn.booked_on:%d.%m.%Y} · {txn.get_kind_display()} · {amount} · {txn.reason_text}"


class AgreementForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    reference = forms.CharField(
        label=_("Reference"), max_length=50, help_text=_("The agreement's number or short name.")
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)


class GrantSchemeForm(forms.Form):
    name = forms.CharField(label=_("Name of the grant scheme"), max_length=200)
    ministry = forms.CharField(label=_("Ministry"), max_length=150)
    directorate = forms.CharField(label=_("Directorate"), max_length=150)
    # The budget line's shape (digits, how many) is the service's rule and its message:
    # a form `max_length` answered "abc" with Django's "at most 2 characters" instead.
    # `maxlength` stays on the input, for typing.
    budget_chapter = forms.CharField(
        label=_("State budget chapter"),
        help_text=_("Up to four digits, e.g. 846."),
        widget=forms.TextInput(attrs={"maxlength": 4, "inputmode": "numeric"}),
    )
    budget_post = forms.CharField(
        label=_("State budget post"),
        help_text=_("Two digits, e.g. 63."),
        widget=forms.TextInput(attrs={"maxlength": 2, "inputmode": "numeric"}),
    )


class SchemeAmountsForm(forms.Form):
    """One scheme's amount per year of the agreement; a blank year brings nothing."""

    scheme = forms.ModelChoiceField(label=_("Grant scheme"), queryset=None)

    def __init__(self, *args, schemes, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes
        self.years = list(years)
        for year in self.years:
            self.fields[f"year_{year}"] = AmountField(
                label=_("Amount in %(year)s (NOK)") % {"year": year},
                max_length=30,
                required=False,
                help_text=AMOUNT_HELP,
            )

    def yearly_amounts(self) -> dict[int, str]:
        return {year: self.cleaned_data[f"year_{year}"] for year in self.years}

    def passed_yearly_amounts(self) -> dict[int, str]:
        """The years this form did not refuse, for the service to check when it did."""
        return {
            year: self.cleaned_data[f"year_{year}"]
            for year in self.years
            if f"year_{year}" in self.cleaned_data and not self.has_error(f"year_{year}")
        }
