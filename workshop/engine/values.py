"""Checks of plain values from a request or an event, shared by the engine's actions."""
from __future__ import annotations


def is_whole(value) -> bool:
    """A whole number as JSON gives it: an int, and not true/false (which Python counts as ints)."""
    return isinstance(value, int) and not isinstance(value, bool)
