"""How many participants a workshop takes, and joins that come faster than a room scans a QR code.

Anonymous joining cannot tell a script from a phone (docs/security.md): a script that reconnects gets a new
identity each time. The trainer can set `max_participants` (1-5000) when creating a workshop: a new token beyond it
answers `full`, a returning token always gets back in. And the control page is told when joins arrive far faster
than people can scan a QR code, so that the trainer can compare the count with the room.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from workshop.engine.values import is_whole
from workshop.errors import EngineError
from workshop.models import Participant, Workshop, db, utcnow

PARTICIPANTS_MAX = 5000
JOIN_WINDOW = timedelta(seconds=10)
# A room scans a QR code at a few people a second at most (camera, scan, page load); more than this many new
# participants within JOIN_WINDOW is worth a look.
FAST_JOINS = 30


def checked_max_participants(value) -> int | None:
    """`max_participants` from the API: absent (None) or a whole number 1-5000; else `invalid_max_participants`."""
    if value is None:
        return None
    if not is_whole(value) or not 1 <= value <= PARTICIPANTS_MAX:
        raise EngineError("invalid_max_participants")
    return value


class Seats:
    """Places left per workshop during one batch of joins: counted once per workshop, then kept up to date."""

    def __init__(self):
        self._taken: dict[int, int] = {}

    def take(self, workshop: Workshop) -> None:
        """One new participant; `full` when the workshop already has its most."""
        if workshop.max_participants is None:
            return
        if workshop.id not in self._taken:
            self._taken[workshop.id] = db.session.scalar(
                select(func.count(Participant.id)).where(Participant.workshop_id == workshop.id))
        if self._taken[workshop.id] >= workshop.max_participants:
            raise EngineError("full")
        self._taken[workshop.id] += 1


def recent_joins(workshop: Workshop) -> int:
    return db.session.scalar(select(func.count(Participant.id)).where(
        Participant.workshop_id == workshop.id, Participant.created >= utcnow() - JOIN_WINDOW))


def presence(workshop: Workshop, participants: int) -> dict:
    """The presence message: the count, and the joins of the last 10 seconds when they come faster than a room
    scans a QR code (`fast_joins`, for the control page)."""
    joins = recent_joins(workshop)
    return {"participants": participants, "recent_joins": joins, "fast_joins": joins > FAST_JOINS}
