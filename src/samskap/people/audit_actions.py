"""Audit actions of the household register (see samskap.audit.registry).

Never a name, an alias, a national id or a full account number: flags and the last
four digits of an account only.
"""

_MEMBER = ["member", "role", "has_national_id"]

ACTIONS = {
    "household.create": [
        "subproject",
        "has_bank_account",
        "first_member",
        *(f"first_member.{key}" for key in _MEMBER),
        "duplicate_confirmed",
    ],
    "household_member.create": ["household", *_MEMBER, "duplicate_confirmed"],
    "household.bank_account": [
        "bank_account_last4",
        "account_holder_changed",
        "duplicate_confirmed",
    ],
    "consent.give": ["household", "service", "legal_basis"],
    "consent.withdraw": ["withdrawn_at"],
}
