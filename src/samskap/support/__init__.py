"""Needs mapping, motivation letters, support requests and team decisions."""
