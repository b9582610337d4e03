"""Audit actions of oversight (see samskap.audit.registry). Review notes stay in their rows."""

ACTIONS = {
    "ethics.acknowledge": ["version"],
    "signal.review": ["signal", "kind", "outcome", "subprojects"],
    "signal.thresholds": [
        "staff_factor",
        "staff_min_count",
        "repeat_count",
        "repeat_amount",
        "split_window_days",
        "mutual_min_count",
        "mutual_factor",
        "account_days",
        "account_large_amount",
        "account_households",
        "target_margin_years",
        "several_subprojects",
        "several_window_days",
    ],
}
