"""Perceived effect, asked of the citizen: a short survey some weeks after a payout.

A nested app of the effects context (label ``effects_surveys``) with its own models and
migrations, and catalogues in every citizen language (docs/perceived-effect.md).
"""
