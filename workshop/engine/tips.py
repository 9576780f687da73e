"""Tips: posting one (idempotent on the phone's own id, rate limited) and upvoting other people's."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from exercises.kinds.base import TIP
from workshop.engine import views
from workshop.engine.errors import EngineError
from workshop.engine.lookup import current_exercise_of, open_run_id
from workshop.engine.result import MODERATION, TIPS, Result
from workshop.models import ExerciseRun, Tip, Upvote, db, utcnow
from workshop.text import clean_text, is_blank

TIP_MAX = 280
RATE_WINDOW = timedelta(seconds=60)
RATE_LIMIT = 25  # tips per participant per minute: a flood of 30 in a row is cut off, a tip every 3 s never is


def submit_tip(participant_id: int | None, text: str, client_id: str | None = None) -> Result:
    current = current_exercise_of(participant_id)
    if client_id:
        earlier = db.session.execute(select(Tip.id, Tip.text).where(
            Tip.participant_id == current.participant_id, Tip.client_id == client_id)).first()
        if earlier is not None:  # the phone sent it again after a lost ack: same tip, counted once
            return Result({"tip": {"id": earlier.id, "text": earlier.text}}, current.code)
    run_id = open_run_id(current, TIP)
    text = clean_text(text, multiline=True)
    if is_blank(text):
        raise EngineError("empty")
    if len(text) > TIP_MAX:
        raise EngineError("too_long")
    recent = db.session.scalar(select(func.count(Tip.id)).where(
        Tip.participant_id == current.participant_id, Tip.created >= utcnow() - RATE_WINDOW))
    if recent >= RATE_LIMIT:
        raise EngineError("rate_limited")
    tip = Tip(run_id=run_id, participant_id=current.participant_id, client_id=client_id or None, text=text)
    db.session.add(tip)
    try:
        db.session.commit()
    except IntegrityError:  # the same client id raced in on another socket
        db.session.rollback()
        tip = db.session.scalar(select(Tip).where(Tip.participant_id == current.participant_id,
                                                  Tip.client_id == client_id))
        return Result({"tip": {"id": tip.id, "text": tip.text}}, current.code)
    return Result({"tip": {"id": tip.id, "text": tip.text}}, current.code, frozenset({TIPS, MODERATION}))


def upvote(participant_id: int | None, tip_id: int, on: bool) -> Result:
    current = current_exercise_of(participant_id)
    tip = db.session.execute(select(Tip.id, Tip.participant_id, Tip.hidden, Tip.run_id, ExerciseRun.workshop_id)
                             .join(ExerciseRun, ExerciseRun.id == Tip.run_id).where(Tip.id == tip_id)).first()
    if tip is None or tip.hidden or tip.workshop_id != current.workshop_id:
        raise EngineError("unknown_tip")
    if tip.participant_id == current.participant_id:
        raise EngineError("own_tip")
    if current.status == "ended":
        raise EngineError("ended")
    if current.run_id != tip.run_id or current.phase != "open":
        raise EngineError("not_open")
    voter = current.participant_id
    exists = db.session.get(Upvote, (tip.id, voter)) is not None
    if on and not exists:
        db.session.add(Upvote(tip_id=tip.id, participant_id=voter))
    elif not on and exists:
        db.session.execute(delete(Upvote).where(Upvote.tip_id == tip.id, Upvote.participant_id == voter))
    try:
        db.session.commit()
    except IntegrityError:  # a double tap raced in on another socket: the upvote is there once
        db.session.rollback()
    changed = frozenset({TIPS, MODERATION}) if on != exists else frozenset()
    return Result({"votes": views.upvote_count(tip.id)}, current.code, changed)
