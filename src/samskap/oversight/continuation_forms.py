"""Forms of the after-the-pilot pages; the service checks every value again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.core.numbers import TypedIntegerField
from samskap.oversight.continuation import DEFAULT_MONTHS, MAX_MONTHS
from samskap.oversight.models.continuation import OrdinaryService, ResponsibleRole


class WindowForm(forms.Form):
    maaneder = TypedIntegerField(
        label=_("Pilot ends within (months)"),
        min_value=1,
        max_value=MAX_MONTHS,
        initial=DEFAULT_MONTHS,
    )


class PlanForm(forms.Form):
    service = forms.ChoiceField(
        label=_("Ordinary service that takes over"), choices=OrdinaryService.choices
    )
    organisation = forms.ChoiceField(label=_("Organisation responsible"))
    responsible_role = forms.ChoiceField(
        label=_("Role responsible"),
        choices=ResponsibleRole.choices,
        help_text=_("A role, not a person: the plan must hold when people change jobs."),
    )
    starts_on = forms.DateField(
        label=_("Takes over from"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]
