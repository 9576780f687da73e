"""What every engine action returns: its answer and which parts of the workshop changed."""
from __future__ import annotations

from dataclasses import dataclass, field

STATE, TIPS, TALLY, PRESENCE, MODERATION, CLOUD = "state", "tips", "tally", "presence", "moderation", "cloud"


@dataclass(frozen=True)
class Result:
    data: dict
    code: str | None = None
    changed: frozenset[str] = field(default_factory=frozenset)
