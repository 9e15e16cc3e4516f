"""Checks of the built site: every file the build wrote, before it is swapped in."""
