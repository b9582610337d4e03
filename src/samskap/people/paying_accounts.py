"""The programmes' paying accounts, which a payee account must never be.

The account a municipality's payment files pay from belongs to payments; people and
payments never import each other, so support registers payments' function here in its
`AppConfig.ready()` (`payments.debtor_services.paying_account_owner`) and people asks
it before storing an account. An account belongs to one legal entity: paying a family
to a municipality's own account, this one's or another's, pays a municipality.
"""

from django.utils.translation import gettext as _

from samskap.core.errors import DomainError
from samskap.core.registry import Registry

OWN = "own"
OTHER = "other"

# function(*, municipality_id: int, account: str) -> str: OWN when `municipality_id`'s
# programme pays from `account`, OTHER when another municipality's does, else "".
_paying_accounts = Registry()
register_paying_account = _paying_accounts.register
unregister_paying_account = _paying_accounts.unregister


def paying_account_owner(*, municipality_id: int, account: str) -> str:
    """OWN, OTHER or "": whose programme pays from `account`, seen from `municipality_id`."""
    if not account:
        return ""
    for function in _paying_accounts:
        if owner := function(municipality_id=municipality_id, account=account):
            return owner
    return ""


def refuse_paying_account(*, municipality_id: int, account: str, field: str) -> None:
    """DomainError on `field` when a programme pays from `account`: the municipality's
    own paying account or another municipality's."""
    owner = paying_account_owner(municipality_id=municipality_id, account=account)
    if owner == OWN:
        raise DomainError(
            _(
                "This is the municipality's own account, the one the programme pays from. "
                "Enter the account the money should be paid to."
            ),
            field=field,
        )
    if owner == OTHER:
        raise DomainError(
            _(
                "This is another municipality's account, the one its programme pays from. "
                "Enter the account the money should be paid to."
            ),
            field=field,
        )
