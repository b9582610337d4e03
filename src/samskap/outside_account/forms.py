"""Forms of the outside account: the live scenario's assumptions and a unit cost revision."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from samskap.core.money import amounts_unbroken
from samskap.core.numbers import TypedDecimalField, TypedIntegerField
from samskap.funding.forms import DateInput
from samskap.outside_account import engine
from samskap.outside_account.models import Payer

DISCOUNT_CHOICES = [
    (engine.R109, _("R-109: 4 % for years 0–40, 3 % to 75, then 2 %")),
    ("0.04", "4 %"),
    ("0.03", "3 %"),
    ("0.02", "2 %"),
    ("0.06", "6 %"),
]


def percent(label, help_text=""):
    return TypedDecimalField(
        label=label, min_value=0, max_value=100, decimal_places=1, help_text=help_text
    )


class ScenarioForm(forms.Form):
    """Read with GET: changing an assumption recalculates and stores nothing."""

    target_group = forms.ChoiceField(label=_("Target group"))
    outcome = forms.ChoiceField(
        label=_("Participants and successes"),
        help_text=_("An indicator of the sub-project's goals, or numbers you enter."),
    )
    participants = TypedIntegerField(
        label=_("Participants (N), if entered"), min_value=1, max_value=100000, required=False
    )
    successes = TypedIntegerField(
        label=_("Successes (k), if entered"), min_value=0, max_value=100000, required=False
    )
    cost_basis = forms.ChoiceField(
        label=_("Costs from the ledger"),
        choices=[
            ("allocated", _("The sub-project's whole budget, every year of the agreement")),
            ("used", _("What it has committed and paid so far")),
        ],
    )
    ledger_payer = forms.ChoiceField(
        label=_("Who pays what the ledger shows"),
        choices=Payer.choices,
        help_text=_("The pooled grant schemes are state money."),
    )
    other_cost_per_year = TypedDecimalField(
        label=_("Other costs per year of the agreement (NOK, municipality)"),
        min_value=0,
        max_value=10**10,
        decimal_places=0,
        help_text=_("For example staff time not paid from the pot."),
    )
    discount_rate = forms.ChoiceField(label=_("Discount rate"), choices=DISCOUNT_CHOICES)
    horizon_years = TypedIntegerField(
        label=_("Horizon (years from the start)"), min_value=1, max_value=engine.MAX_HORIZON
    )
    deadweight = percent(_("Deadweight (%)"), _("Share who would have succeeded anyway."))
    attribution = percent(_("Attribution (%)"), _("Share of the success due to this measure."))
    displacement = percent(_("Displacement (%)"), _("Share of the gain taken from others."))
    drop_off = percent(_("Drop-off per year (%)"))
    effect_duration = TypedIntegerField(
        label=_("Effect duration (years)"), min_value=1, max_value=engine.MAX_HORIZON
    )
    optimism_bias = percent(_("Optimism bias: cost uplift (%)"))
    tax_financing = forms.BooleanField(
        # "20 %" stays on one line (amounts_unbroken, in the language of the request).
        label=lazy(amounts_unbroken, str)(
            _("Show the socio-economic view (tax financing cost 20 %)")
        ),
        required=False,
    )
    draws = TypedIntegerField(label=_("Monte Carlo draws"), min_value=100, max_value=20000)
    seed = TypedIntegerField(label=_("Seed"), min_value=0, max_value=2**31)

    def __init__(self, *args, target_groups=(), indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_group"].choices = [(group.key, group.name) for group in target_groups]
        self.fields["outcome"].choices = [("entered", _("Entered below"))] + [
            (f"indicator:{count.indicator_id}", count.name) for count in indicators
        ]

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "entered":
            # A number refused for its form ("10.000") already says why; not also "enter".
            if data.get("participants") is None and "participants" not in self.errors:
                self.add_error("participants", _("Enter the number of participants."))
            if data.get("successes") is None and "successes" not in self.errors:
                self.add_error("successes", _("Enter the number of successes."))
        n, k = data.get("participants"), data.get("successes")
        if n is not None and k is not None and k > n:
            self.add_error("successes", _("Successes cannot exceed participants."))
        return data


class UnitCostForm(forms.Form):
    amount = TypedDecimalField(
        label=_("Amount per person per year (NOK)"), max_digits=12, decimal_places=2, kroner=True
    )
    price_year = TypedIntegerField(label=_("Price year"), min_value=1900, max_value=2200, year=True)
    effective_from = forms.DateField(label=_("In force from"), widget=DateInput)
    source = forms.CharField(label=_("Source"), widget=forms.Textarea(attrs={"rows": 3}))
