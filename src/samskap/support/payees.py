"""Support tells payments about payees: who a cash payment would go to today (the
household's account), and whether an account is a household's or a supplier's.

Registered in `SupportConfig.ready()` (payments never imports people or support).
"""

from samskap.payments.payees import Payee
from samskap.people.models import Household
from samskap.support.models import SupportForm, SupportLine


def household_payee(payment) -> Payee | None:
    """For a cash line: the household's current account holder (or alias) and account.
    A purchase is paid to the supplier on the line, which the household page never
    changes, so there is nothing to correct from."""
    line = SupportLine.objects.select_related("request__household").get(pk=payment.support_line_id)
    if line.form != SupportForm.CASH:
        return None
    household = line.request.household
    if not household.bank_account:
        return None
    return Payee(name=household.account_holder or household.alias, account=household.bank_account)


def is_payee_account(*, municipality_id: int, account: str) -> bool:
    """Whether a household of `municipality_id` is paid to `account`, or a purchase of its
    programme names `account` as the supplier's."""
    return (
        Household.objects.filter(municipality_id=municipality_id, bank_account=account).exists()
        or SupportLine.objects.filter(
            request__subproject__agreement__municipality_id=municipality_id,
            supplier_account=account,
        ).exists()
    )
