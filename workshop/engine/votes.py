"""Case votes: one per participant per case; a new vote replaces the old one while the case is open."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from workshop.engine.errors import EngineError
from workshop.engine.lookup import participant_by_id
from workshop.engine.result import MODERATION, TALLY, Result
from workshop.engine.tips import open_run_of
from workshop.models import Vote, Workshop, db


def vote(participant_id: int | None, option: str) -> Result:
    participant = participant_by_id(participant_id)
    workshop = db.session.get(Workshop, participant.workshop_id)
    run = open_run_of(workshop, "case")
    if option not in {o["id"] for o in run.content["options"]}:
        raise EngineError("unknown_option")
    for _attempt in range(2):
        existing = db.session.scalar(select(Vote).where(Vote.run_id == run.id,
                                                        Vote.participant_id == participant.id))
        if existing is not None and existing.option_id == option:
            return Result({}, workshop.code)
        if existing is None:
            db.session.add(Vote(run_id=run.id, participant_id=participant.id, option_id=option))
        else:
            existing.option_id = option
        try:
            db.session.commit()
            break
        except IntegrityError:  # a vote from the same participant on another socket came first: replace it
            db.session.rollback()
    return Result({}, workshop.code, frozenset({TALLY, MODERATION}))
