"""Audit actions of sub-projects and teams (see samskap.audit.registry)."""

ACTIONS = {
    "subproject.create": ["name", "agreement", "effect_goals"],
    "team_membership.create": ["subproject", "user", "team_role"],
    # Summary and target group are free text: only whether they changed.
    "subproject.update": [
        "name",
        "age_from",
        "age_to",
        "summary_changed",
        "target_group_changed",
    ],
    "team_membership.role": ["subproject", "user", "team_role"],
    "team_membership.delete": ["subproject", "user", "team_role"],
}
