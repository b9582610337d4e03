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
    "route_baseline.set": [
        "ordinary_days",
        "hours_per_ordinary_decision",
        "hours_per_person_per_case",
    ],
    "unit_indicator.record": [
        "organisation",
        "year",
        "quarter",
        "sick_leave_percent",
        "substitute_costs",
    ],
    "continuation_plan.set": [
        "participant",
        "subproject",
        "service",
        "organisation",
        "responsible_role",
        "starts_on",
    ],
}
