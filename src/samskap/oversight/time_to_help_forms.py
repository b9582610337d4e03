"""Forms of the time-to-help page. Values arrive as typed; the services check them and
refuse bad ones with a message on the field."""

from django import forms
from django.utils.translation import gettext_lazy as _


def _decimal(label, help_text=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class BaselineForm(forms.Form):
    ordinary_days = forms.CharField(
        label=_("Days from need to decision in the ordinary route"),
        help_text=_("The brief: about 4 weeks of case processing for an individual decision."),
        max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    hours_per_ordinary_decision = forms.CharField(
        label=_("Hours of case work per individual decision"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    hours_per_person_per_case = forms.CharField(
        label=_("Hours per staff member involved in a case here"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class UnitIndicatorForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Unit"))
    year = forms.CharField(
        label=_("Year"), max_length=4, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    quarter = forms.ChoiceField(label=_("Quarter"), choices=[(str(q), str(q)) for q in range(1, 5)])
    sick_leave_percent = _decimal(
        _("Sick leave (%)"), _("For example 7,5. Leave empty if unknown.")
    )
    substitute_costs = _decimal(
        _("Substitute costs (NOK)"), _("For the quarter. Leave empty if unknown.")
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]
