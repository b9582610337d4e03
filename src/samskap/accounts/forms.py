from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from samskap.accounts.models import OrganisationKind, Role
from samskap.core.forms import EMAIL_INVALID


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. Check both and try again."),
        "inactive": _("This account is deactivated. Contact your administrator."),
    }


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)


class UserForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and . - _ only; used to log in."),
    )
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        max_length=254,
        error_messages={"invalid": EMAIL_INVALID},
    )
    role = forms.ChoiceField(label=_("Role"))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, required=False, empty_label=_("None")
    )

    def __init__(self, *args, roles, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Role.choices)
        self.fields["role"].choices = [(role, labels[role]) for role in roles]
        self.fields["organisation"].queryset = organisations


class InvitationForm(forms.Form):
    password = forms.CharField(
        label=_("New password"), widget=forms.PasswordInput, strip=False, max_length=128
    )
    password_repeat = forms.CharField(
        label=_("The same password again"), widget=forms.PasswordInput, strip=False, max_length=128
    )
