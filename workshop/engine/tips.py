"""Tips: posting one (idempotent on the phone's own id, rate limited) and upvoting other people's."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from workshop.engine import views
from workshop.engine.errors import EngineError
from workshop.engine.lookup import participant_by_id
from workshop.engine.result import MODERATION, TIPS, Result
from workshop.models import ExerciseRun, Tip, Upvote, Workshop, db, utcnow

TIP_MAX = 280
RATE_WINDOW = timedelta(seconds=60)
RATE_LIMIT = 25  # tips per participant per minute: a flood of 30 in a row is cut off, a tip every 3 s never is


def open_run_of(workshop: Workshop, kind: str) -> ExerciseRun:
    """The current exercise if it accepts input of this kind; `not_open` or `wrong_kind` otherwise."""
    if workshop.status == "ended":
        raise EngineError("not_open")
    run = views.current_run(workshop)
    if run is None or run.phase != "open":
        raise EngineError("not_open")
    if run.kind != kind:
        raise EngineError("wrong_kind")
    return run


def submit_tip(participant_id: int | None, text: str, client_id: str | None = None) -> Result:
    participant = participant_by_id(participant_id)
    workshop = db.session.get(Workshop, participant.workshop_id)
    if client_id:
        earlier = db.session.scalar(select(Tip).where(Tip.participant_id == participant.id,
                                                      Tip.client_id == client_id))
        if earlier is not None:  # the phone sent it again after a lost ack: same tip, counted once
            return Result({"tip": {"id": earlier.id, "text": earlier.text}}, workshop.code)
    run = open_run_of(workshop, "tips")
    text = text.strip()
    if not text:
        raise EngineError("empty")
    if len(text) > TIP_MAX:
        raise EngineError("too_long")
    recent = db.session.scalar(select(func.count(Tip.id)).where(
        Tip.participant_id == participant.id, Tip.created >= utcnow() - RATE_WINDOW))
    if recent >= RATE_LIMIT:
        raise EngineError("rate_limited")
    tip = Tip(run_id=run.id, participant_id=participant.id, client_id=client_id or None, text=text)
    db.session.add(tip)
    try:
        db.session.commit()
    except IntegrityError:  # the same client id raced in on another socket
        db.session.rollback()
        tip = db.session.scalar(select(Tip).where(Tip.participant_id == participant.id,
                                                  Tip.client_id == client_id))
        return Result({"tip": {"id": tip.id, "text": tip.text}}, workshop.code)
    return Result({"tip": {"id": tip.id, "text": tip.text}}, workshop.code, frozenset({TIPS, MODERATION}))


def upvote(participant_id: int | None, tip_id: int, on: bool) -> Result:
    participant = participant_by_id(participant_id)
    tip = db.session.get(Tip, tip_id)
    if tip is None or tip.hidden or tip.run.workshop_id != participant.workshop_id:
        raise EngineError("unknown_tip")
    if tip.participant_id == participant.id:
        raise EngineError("own_tip")
    workshop = tip.run.workshop
    run = views.current_run(workshop)
    if workshop.status == "ended" or run is None or run.id != tip.run_id or run.phase != "open":
        raise EngineError("not_open")
    exists = db.session.get(Upvote, (tip.id, participant.id)) is not None
    if on and not exists:
        db.session.add(Upvote(tip_id=tip.id, participant_id=participant.id))
    elif not on and exists:
        db.session.execute(delete(Upvote).where(Upvote.tip_id == tip.id,
                                                Upvote.participant_id == participant.id))
    try:
        db.session.commit()
    except IntegrityError:  # a double tap raced in on another socket: the upvote is there once
        db.session.rollback()
    changed = frozenset({TIPS, MODERATION}) if on != exists else frozenset()
    return Result({"votes": views.upvote_count(tip.id)}, workshop.code, changed)
