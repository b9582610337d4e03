"""Audit actions of the outside account and the keys each may carry (ids, amounts, years)."""

ACTIONS: dict[str, list[str]] = {
    "outside_account.result_save": [
        "subproject",
        "target_group",
        "npv",
        "break_even_year_discounted",
        "break_even_year_undiscounted",
        "unit_costs",
        "draws",
    ],
    "outside_account.unit_cost_revise": [
        "unit_cost",
        "target_group",
        "category",
        "payer",
        "version",
        "amount",
        "price_year",
        "effective_from",
    ],
}
