"""The programme's own paying account, which a household's payee account must never be.

The account a municipality's payment files pay from belongs to payments; people and
payments never import each other, so support registers payments' function here in its
`AppConfig.ready()` (`payments.debtor_services.paying_account`) and people asks it
before storing an account.
"""

from django.utils.translation import gettext as _

from samskap.core.errors import DomainError
from samskap.core.registry import Registry

# function(*, municipality_id: int) -> str: an account the municipality pays from ("" if none)
_paying_accounts = Registry()
register_paying_account = _paying_accounts.register
unregister_paying_account = _paying_accounts.unregister


def is_paying_account(*, municipality_id: int, account: str) -> bool:
    """Whether `account` is an account `municipality_id`'s programme pays from."""
    if not account:
        return False
    return any(
        account == function(municipality_id=municipality_id) for function in _paying_accounts
    )


def refuse_paying_account(*, municipality_id: int, account: str, field: str) -> None:
    """DomainError on `field` when `account` is the municipality's own paying account."""
    if is_paying_account(municipality_id=municipality_id, account=account):
        raise DomainError(
            _(
                "This is the municipality's own account, the one the programme pays from. "
                "Enter the account the money should be paid to."
            ),
            field=field,
        )
