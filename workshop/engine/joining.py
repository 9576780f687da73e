"""Joining a workshop as a participant (by token, so a phone carries on where it was) or as its projector."""
from __future__ import annotations

import hmac
import secrets

from sqlalchemy import select

from workshop.engine import views
from workshop.engine.errors import EngineError
from workshop.engine.lookup import workshop_by_code
from workshop.engine.result import PRESENCE, Result
from workshop.models import Participant, db, hash_secret
from workshop.text import clean_line, is_blank

NAME_MAX = 40


def _clean_name(name: str | None) -> str | None:
    if name is None:
        return None
    name = clean_line(name)
    if len(name) > NAME_MAX:
        raise EngineError("invalid")
    return None if is_blank(name) else name


def join(code: str, token: str | None, name: str | None, allow_new: bool = True) -> Result:
    """Restore the participant behind `token`, or make a new one (`rate_limited` unless `allow_new`).
    Ack data: participant, state P with me, T, Y."""
    workshop = workshop_by_code(code)
    if workshop.status == "ended":
        raise EngineError("ended")
    name = _clean_name(name)
    participant = None
    if token:
        participant = db.session.scalar(select(Participant).where(
            Participant.token_hash == hash_secret(token), Participant.workshop_id == workshop.id))
    changed = frozenset()
    if participant is None:
        if not allow_new:
            raise EngineError("rate_limited")
        token = secrets.token_urlsafe(24)
        participant = Participant(workshop_id=workshop.id, token_hash=hash_secret(token), name=name)
        db.session.add(participant)
        changed = frozenset({PRESENCE})
    elif name is not None and name != participant.name:
        participant.name = name
    db.session.commit()
    state = views.participant_state(workshop) | {"me": views.me_view(workshop, participant)}
    return Result({"participant": {"id": participant.id, "name": participant.name, "token": token},
                   "state": state, "tips": views.tips_message(workshop),
                   "tally": views.tally_message(workshop, for_participants=True)},
                  workshop.code, changed)


def screen(code: str, key: str) -> Result:
    """The projector's snapshot; the key must be the workshop's screen key."""
    workshop = workshop_by_code(code)
    if not hmac.compare_digest(key.encode("utf-8"), workshop.screen_key.encode("utf-8")):
        raise EngineError("forbidden")
    return Result({"state": views.participant_state(workshop), "tips": views.tips_message(workshop),
                   "tally": views.tally_message(workshop, for_participants=False)}, workshop.code)
