"""A socket's seat: which participant it joined as, sealed with that participant's workshop and token.

The socket keeps (participant id, seal) from its `join`. Before every action the seal is checked against the row:
should the workshop be deleted and the id ever be given to someone else, the old socket is `not_joined`, never a
participant of another workshop or organisation.
"""
from __future__ import annotations

from sqlalchemy import bindparam, select

from workshop.models import Participant, db

_participants = Participant.__table__
SEAL_OF = select(_participants.c.workshop_id, _participants.c.token_hash).where(
    _participants.c.id == bindparam("participant_id"))


def seal(workshop_id: int, token_hash: str | None) -> str | None:
    """What a socket keeps from its join: the participant's workshop and token (None once the token is gone)."""
    return f"{workshop_id}:{token_hash}" if token_hash else None


def _seal(row) -> str | None:
    return seal(row.workshop_id, row.token_hash) if row is not None else None


def _seal_of(participant_id: int) -> str | None:
    """Read on a connection of its own, returned to the pool at once: a vote's handler then waits for the group
    commit without holding a connection (a room of voters would otherwise exhaust the pool)."""
    with db.engine.connect() as connection:
        return _seal(connection.execute(SEAL_OF, {"participant_id": participant_id}).first())


def participant_seal(participant_id: int) -> str | None:
    return _seal_of(participant_id)


def bound_participant(participant_id, seal) -> int | None:
    """`participant_id` if the row still carries the seal this socket joined with; None (`not_joined`) otherwise."""
    if not isinstance(participant_id, int) or not seal:
        return None
    return participant_id if _seal_of(participant_id) == seal else None
