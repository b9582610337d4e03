"""Form helpers shared by every app's views."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext

from samskap.core.errors import DomainError

# The example in every account-number hint: a valid MOD11 number that belongs to no demo
# household, supplier or programme account (an example must never be someone's account).
ACCOUNT_EXAMPLE = "1503.27.00028"


def _account_hint() -> str:
    return gettext("Eleven digits, e.g. %(example)s.") % {"example": ACCOUNT_EXAMPLE}


ACCOUNT_HINT = lazy(_account_hint, str)()


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the field it names, or above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
