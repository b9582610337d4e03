from django.apps import AppConfig


class EffectsCitizenConfig(AppConfig):
    """The target group's participation page (propose, vote, see the team's answers)."""

    name = "samskap.effects.citizen"
    label = "effects_citizen"
    # The citizen reads these strings: complete catalogues in every citizen language.
    citizen_facing = True
