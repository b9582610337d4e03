"""Forms of the time-to-help page. Values arrive as typed; the services check them and
refuse bad ones with a message on the field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.core.numbers import TypedNumberField


def _decimal(label, help_text=""):
    return TypedNumberField(label=label, help_text=help_text, required=False)


class BaselineForm(forms.Form):
    ordinary_days = TypedNumberField(
        label=_("Days from need to decision in the ordinary route"),
        help_text=_("The brief: about 4 weeks of case processing for an individual decision."),
        inputmode="numeric",
    )
    hours_per_ordinary_decision = TypedNumberField(
        label=_("Hours of case work per individual decision")
    )
    hours_per_person_per_case = TypedNumberField(
        label=_("Hours per staff member involved in a case here")
    )


class UnitIndicatorForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Unit"))
    year = TypedNumberField(label=_("Year"), year=True)
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
