"""Finding workshops and participants, with the engine's error codes when they are not there."""
from __future__ import annotations

from sqlalchemy import select

from workshop.engine.errors import EngineError
from workshop.models import Participant, Workshop, db

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def normalise_code(code: str) -> str:
    return code.strip().upper()


def workshop_by_code(code: str) -> Workshop:
    """The workshop with this join code (case-insensitive); EngineError('unknown_code') otherwise."""
    code = normalise_code(code)
    if len(code) != 6 or any(c not in CODE_ALPHABET for c in code):
        raise EngineError("unknown_code")
    found = db.session.scalar(select(Workshop).where(Workshop.code == code))
    if found is None:
        raise EngineError("unknown_code")
    return found


def workshop_of_organisation(code: str, organisation_id: int) -> Workshop:
    """A trainer sees only their own organisation's workshops: anything else is 'not_found'."""
    try:
        found = workshop_by_code(code)
    except EngineError:
        raise EngineError("not_found") from None
    if found.organisation_id != organisation_id:
        raise EngineError("not_found")
    return found


def participant_by_id(participant_id: int | None) -> Participant:
    participant = db.session.get(Participant, participant_id) if participant_id else None
    if participant is None:
        raise EngineError("not_joined")
    return participant
