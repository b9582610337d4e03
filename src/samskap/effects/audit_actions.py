"""Audit actions of the effects context and the keys each may carry (ids, values, flags)."""

ACTIONS: dict[str, list[str]] = {
    "plan_goal.create": ["code"],
    "effect_goal.create": ["agreement", "subproject", "sdg_targets", "plan_goals"],
    "effect_goal.update": ["sdg_targets", "plan_goals"],
    "indicator.create": [
        "goal",
        "kind",
        "target",
        "direction",
        "baseline_value",
        "baseline_date",
    ],
    "indicator.update": ["kind", "target", "direction", "baseline_value", "baseline_date"],
    "participant.enrol": ["subproject", "group", "role", "starts_on", "ends_on"],
    "participant.end": ["ends_on"],
    "outcome.record": ["participant", "indicator", "value", "measured_on", "source"],
    "outcome.correct": ["outcome", "value", "measured_on", "source"],
    "goal_link.set": ["goal", "decision", "help_task"],
    "goal_link.clear": ["goal", "decision", "help_task"],
    "proposal_round.create": ["subproject", "opens_on", "closes_on"],
    "proposal.create": ["round"],
    "proposal.respond": ["response"],
    "vote.cast": ["round", "proposal"],
}
