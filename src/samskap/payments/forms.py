from django import forms
from django.utils.translation import gettext_lazy as _


class ReturnsForm(forms.Form):
    file = forms.FileField(
        label=_("File of returned payments (CSV)"),
        help_text=_("One line per payment: end-to-end id, status (RJCT or ACCP), reason."),
    )


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
        help_text=_("Eleven digits, e.g. 1234.56.78903."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    bic = forms.CharField(
        label=_("BIC (SWIFT code) of the bank"),
        max_length=11,
        help_text=_("For example DNBANOKKXXX."),
    )
