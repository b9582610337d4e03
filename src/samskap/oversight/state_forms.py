"""The state view's filters: one calendar year and, optionally, one municipality.

Periods are calendar years only, on purpose: no offered period lies inside another or
overlaps it. Each year suppresses its own small cells; if a quarter, the whole programme
or free from–to dates were offered too, a year's shown total minus the figures of a
period inside it (or two windows a day apart) would give a hidden cell back by
subtraction. Disjoint years share no support, so no difference between two of them is a
cell. A value that is not an offered year (an old quarter or whole-programme link,
nonsense) answers 400 with a message on the page, never an error page; no value at all
opens on the default year (this year, kept within the programme's years)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _


def period_choices(first_year: int, last_year: int) -> list[tuple[str, str]]:
    """Each programme year, newest first."""
    return [(str(year), str(year)) for year in range(last_year, first_year - 1, -1)]


def default_year(first_year: int, last_year: int, *, today: datetime.date) -> int:
    """This year, kept within the programme's years."""
    return min(max(today.year, first_year), last_year)


def period_dates(value: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a calendar year ("2026")."""
    return datetime.date(int(value), 1, 1), datetime.date(int(value), 12, 31)


class StateFilterForm(forms.Form):
    # Not marked required: the select always holds a year. An empty value (an old link to
    # the whole programme) is refused in clean().
    periode = forms.ChoiceField(
        label=_("Period"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "Choose one of the calendar years in the list. The state's view shows one "
                "calendar year at a time, never a quarter or the whole programme, so that "
                "no figure can be worked out by subtracting one period from another."
            ),
        },
    )
    kommune = forms.TypedChoiceField(
        label=_("Municipality"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, data, *, municipalities, years, today: datetime.date, **kwargs):
        if "periode" not in data:  # a first visit: the default year, shown in the select
            data = data.copy()
            data["periode"] = str(default_year(*years, today=today))
        super().__init__(data, **kwargs)
        self.fields["periode"].choices = period_choices(*years)
        self.fields["kommune"].choices = [("", _("All municipalities"))] + [
            (municipality.pk, municipality.name) for municipality in municipalities
        ]

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("periode"):
            self.add_error("periode", _("Choose a calendar year."))
        if self.errors:
            return data
        data["fra"], data["til"] = period_dates(data["periode"])
        return data
