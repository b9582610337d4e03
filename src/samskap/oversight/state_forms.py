"""The state view's filters: a fixed reporting period and, optionally, one municipality.

Periods are fixed on purpose: the whole programme, a calendar year or a quarter. With
free from–to dates two overlapping windows (1 March–30 June and 1 March–29 June) differ
by one day's supports, and their difference could give a small group back however well
each window suppresses its own small cells. Nonsense values give a message on the page,
never an error page."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

QUARTERS = {1: (1, 3, 31), 2: (4, 6, 30), 3: (7, 9, 30), 4: (10, 12, 31)}


def period_choices(first_year: int, last_year: int) -> list[tuple[str, str]]:
    """ "" (the whole programme), then each programme year and its quarters, newest first."""
    choices = [("", _("The whole programme so far"))]
    for year in range(last_year, first_year - 1, -1):
        choices.append((str(year), str(year)))
        choices += [
            (
                f"{year}-K{quarter}",
                _("Quarter %(quarter)s %(year)s") % {"quarter": quarter, "year": year},
            )
            for quarter in QUARTERS
        ]
    return choices


def period_dates(value: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a period value ("2026" or "2026-K3")."""
    if "-K" in value:
        year, quarter = value.split("-K")
        first_month, last_month, last_day = QUARTERS[int(quarter)]
        return (
            datetime.date(int(year), first_month, 1),
            datetime.date(int(year), last_month, last_day),
        )
    return datetime.date(int(value), 1, 1), datetime.date(int(value), 12, 31)


class StateFilterForm(forms.Form):
    periode = forms.ChoiceField(label=_("Period"), required=False)
    kommune = forms.TypedChoiceField(
        label=_("Municipality"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, municipalities, default_period, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode"].choices = period_choices(*years)
        self.fields["kommune"].choices = [("", _("All municipalities"))] + [
            (municipality.pk, municipality.name) for municipality in municipalities
        ]
        self.default_period = default_period

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        chosen = data.get("periode")
        data["fra"], data["til"] = period_dates(chosen) if chosen else self.default_period
        return data
