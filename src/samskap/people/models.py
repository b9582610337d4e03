"""Models arrive with the support flow (issue #4)."""
