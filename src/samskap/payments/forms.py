from django import forms
from django.utils.translation import gettext_lazy as _


class ReturnsForm(forms.Form):
    file = forms.FileField(
        label=_("File of returned payments (CSV)"),
        help_text=_("One line per payment: end-to-end id, status (RJCT or ACCP), reason."),
    )
