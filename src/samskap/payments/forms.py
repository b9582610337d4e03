from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.core.forms import ACCOUNT_HINT


class ReturnsForm(forms.Form):
    """The bank's answer as a file, or a few lines pasted from it."""

    file = forms.FileField(
        label=_("The bank's file"),
        required=False,
        help_text=_(
            "A pain.002 status report, a camt.054 notification, or a CSV with one line per "
            "payment: end-to-end id; status (RJCT or ACCP); reason."
        ),
    )
    lines = forms.CharField(
        label=_("Or paste the lines"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("lines") or "").strip() and not self.errors:
            self.add_error("file", _("Choose the bank's file, or paste its lines."))
        return data

    @property
    def source_field(self) -> str:
        """Where a refusal of the content belongs: the file, or the pasted lines."""
        return "file" if self.cleaned_data.get("file") else "lines"


class PaymentActionForm(forms.Form):
    """Hold, release, correct or cancel a waiting payment; each with a reason."""

    ACTIONS = (
        ("hold", _("Hold")),
        ("release", _("Release for the next file")),
        ("correct", _("Correct from the household's current account")),
        ("cancel", _("Cancel the payment")),
    )
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("A few words for the record. Do not write health details."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the file withdrawn?"),
        max_length=200,
        help_text=_("For example: the file was never uploaded to the bank."),
    )


class DebtorAccountForm(forms.Form):
    name = forms.CharField(
        label=_("Account holder"),
        max_length=70,
        help_text=_("The name the bank knows the account by, e.g. Trondheim kommune."),
    )
    organisation_number = forms.CharField(
        label=_("Organisation number"),
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    account = forms.CharField(
        label=_("Account number"),
        max_length=20,
        help_text=ACCOUNT_HINT,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    bic = forms.CharField(
        label=_("BIC (SWIFT code) of the bank"),
        max_length=11,
        help_text=_("For example DNBANOKKXXX."),
    )
