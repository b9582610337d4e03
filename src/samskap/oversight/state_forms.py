"""The state view's filters: a period and, optionally, one municipality. Nonsense values
give a message on the page, never an error page."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

# Beyond this the filter is surely a typing error (and a report of everything since 1900
# says nothing the programme's own period does not).
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if isinstance(value, datetime.date) else value


class StateFilterForm(forms.Form):
    fra = forms.DateField(label=_("From"), widget=DateInput, required=False)
    til = forms.DateField(label=_("To"), widget=DateInput, required=False)
    kommune = forms.TypedChoiceField(
        label=_("Municipality"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, municipalities, default_period, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommune"].choices = [("", _("All municipalities"))] + [
            (municipality.pk, municipality.name) for municipality in municipalities
        ]
        self.default_period = default_period
        self.fields["fra"].initial, self.fields["til"].initial = default_period

    def clean(self):
        data = super().clean()
        starts_on = data.get("fra") or self.default_period[0]
        ends_on = data.get("til") or self.default_period[1]
        for day in (starts_on, ends_on):
            if not EARLIEST <= day <= LATEST:
                raise forms.ValidationError(
                    _("Choose a period between %(first)s and %(last)s.")
                    % {"first": f"{EARLIEST:%d.%m.%Y}", "last": f"{LATEST:%d.%m.%Y}"}
                )
        if ends_on < starts_on:
            raise forms.ValidationError(_("The period cannot end before it starts."))
        data["fra"], data["til"] = starts_on, ends_on
        return data
