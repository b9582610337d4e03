"""Samskap: effect-based, trust-based pooled funding for Norwegian municipalities."""
