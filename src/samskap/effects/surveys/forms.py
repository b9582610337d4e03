"""The four questions, as a form: shape only; the services judge the meaning."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.effects.surveys import texts
from samskap.effects.surveys.models import Helped

SCALE = [
    ("1", _("1 – not at all")),
    ("2", _("2 – a little")),
    ("3", _("3 – somewhat")),
    ("4", _("4 – a lot")),
    ("5", _("5 – very much")),
]


class SurveyForm(forms.Form):
    helped = forms.ChoiceField(
        label=_("Did the help make a difference for you?"),
        choices=Helped.choices,
        widget=forms.RadioSelect,
        error_messages={"required": texts.CHOOSE_HELPED, "invalid_choice": texts.CHOOSE_HELPED},
    )
    how_much = forms.ChoiceField(
        label=_("How much did it help?"),
        choices=SCALE,
        widget=forms.RadioSelect,
        error_messages={
            "required": texts.CHOOSE_HOW_MUCH,
            "invalid_choice": texts.CHOOSE_HOW_MUCH,
        },
    )
    what_changed = forms.CharField(
        label=_("What changed? (you may leave this empty)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    anything_else = forms.CharField(
        label=_("Anything else you want to tell us? (you may leave this empty)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
