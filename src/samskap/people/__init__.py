"""Households and their members: the minimum Samskap stores about citizens."""
