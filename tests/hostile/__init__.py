"""Generators for the hostile-input corpus (tests/test_hostile_*.py)."""
