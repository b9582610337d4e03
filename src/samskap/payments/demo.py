"""Demo step for payments: Trondheim's programme bank account.

The SAMSKAP_DEBTOR_* settings are only the demo's default; every other municipality
registers its own account on the payments page. Runs before the support step, which
makes the demo's first payment file. A second run changes nothing.
"""

from django.conf import settings

from samskap.payments.models import DebtorAccount
from samskap.payments.services import debtor_account_set


def load(context: dict) -> None:
    municipality = context["municipality"]
    context["debtor_account"] = DebtorAccount.objects.filter(municipality=municipality).first()
    if context["debtor_account"] is not None:
        return
    values = settings.SAMSKAP_DEBTOR
    context["debtor_account"] = debtor_account_set(
        acting_user=None,
        municipality=municipality,
        name=values["name"],
        organisation_number=values["organisation_number"],
        account=values["account"],
        bic=values["bic"],
    )
