"""Funding models: the agreement and its schemes, the double-entry ledger, delegated limits."""

from samskap.funding.models.agreement import (
    GrantReceipt,
    GrantScheme,
    ProgrammeAgreement,
    ProgrammeEffectGoal,
    SchemeYearAmount,
)
from samskap.funding.models.authority import AuthorityCeiling, AuthorityLimit
from samskap.funding.models.ledger import (
    Account,
    AccountKind,
    AccountMonth,
    Direction,
    LedgerTransaction,
    Leg,
    TransactionKind,
)

__all__ = [
    "Account",
    "AccountKind",
    "AccountMonth",
    "AuthorityCeiling",
    "AuthorityLimit",
    "Direction",
    "GrantReceipt",
    "GrantScheme",
    "LedgerTransaction",
    "Leg",
    "ProgrammeAgreement",
    "ProgrammeEffectGoal",
    "SchemeYearAmount",
    "TransactionKind",
]
