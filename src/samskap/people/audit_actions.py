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
    # User ids only: who followed the household up before and after, and how many tasks
    # waiting for the old contact person moved along.
    "household.contact_person": ["contact_person", "tasks_moved"],
    "consent.give": [
        "household",
        "given_by",
        "given_by_role",
        "method",
        "given_on",
        "valid_until",
        "services",
        "purposes",
    ],
    "consent.withdraw": ["withdrawn_at", "was_expired"],
    # Never the law's name as typed: only the code of the basis.
    "legal_basis.record": ["household", "basis", "services", "purposes"],
    "legal_basis.end": ["ended_at"],
}
