"""What every engine action returns: its answer and which parts of the workshop changed."""
from __future__ import annotations

from dataclasses import dataclass, field

STATE, TIPS, TALLY, PRESENCE, MODERATION = "state", "tips", "tally", "presence", "moderation"


@dataclass(frozen=True)
class Result:
    data: dict
    code: str | None = None
    changed: frozenset[str] = field(default_factory=frozenset)
