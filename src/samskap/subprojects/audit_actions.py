"""Audit actions of sub-projects and teams (see samskap.audit.registry)."""

ACTIONS = {
    "subproject.create": ["name", "agreement", "effect_goals"],
    "team_membership.create": ["subproject", "user", "team_role"],
}
