"""Audit actions of the pot and delegated authority (see samskap.audit.registry).

A posting's row names its transaction (the target) and the figures; the reason typed
for it is free text and stays in the ledger transaction, not in the trail.
"""

_POSTING = ["kind", "booked_on"]

ACTIONS = {
    "grant_scheme.create": ["name", "budget_line"],
    "agreement.create": ["reference", "starts_on", "ends_on", "yearly_amounts"],
    "agreement.scheme_set": ["scheme", "yearly_amounts"],
    "agreement.update": ["reference", "starts_on", "ends_on", "name_changed"],
    "agreement.close": ["closed_at", "returned", "transaction"],
    "authority_limit.set": [
        "team_role",
        "subproject",
        "max_per_decision",
        "max_per_household_per_year",
    ],
    "authority_ceiling.set": ["subproject", "max_per_decision", "max_per_household_per_year"],
    "grant_receipt.create": [*_POSTING, "amount", "scheme"],
    "allocation.create": [*_POSTING, "amount", "subproject", "year"],
    "reallocation.create": [*_POSTING, "amount", "source", "target", "year"],
    "carry_over.create": [*_POSTING, "year"],
    "transaction.reverse": [*_POSTING, "original"],
    "money.commit": [*_POSTING, "amount", "subproject"],
    "money.payment": [*_POSTING, "amount", "subproject"],
    "money.release": [*_POSTING, "amount", "subproject"],
    "money.unpay": [*_POSTING, "amount", "subproject"],
    # A payout that came back from the bank after the close, to the closing balance.
    "money.late_return": [*_POSTING, "amount", "subproject"],
}
