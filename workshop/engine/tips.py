"""Posted texts (tips, written replies, words): idempotent on the phone's own id, rate limited, held for the
trainer's approval when the exercise is pre-moderated or the text holds a blocked word; and upvotes."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from exercises.kinds import kind_of
from exercises.kinds.base import TIP, WORD
from workshop.engine import views
from workshop.engine.lookup import current_exercise_of, open_run_id
from workshop.errors import EngineError
from workshop.models import ExerciseRun, Organisation, Tip, Upvote, Workshop, db, utcnow
from workshop.moderation import contains_blocked, own_phrases
from workshop.result import CLOUD, MODERATION, TIPS, Result
from workshop.text import clean_text, is_blank

TIP_MAX = 280
RATE_WINDOW = timedelta(seconds=60)
RATE_LIMIT = 25  # tips per participant per minute: a flood of 30 in a row is cut off, a tip every 3 s never is
ANSWER = {TIP: "tip", WORD: "word"}  # the ack's key per event


def _entry(tip: Tip) -> dict:
    return {"id": tip.id, "text": tip.text, "held": tip.held}


def _moderation(run_id: int):
    """The run's content, its workshop's pre-moderation switch and its organisation's own blocked words."""
    return db.session.execute(
        select(ExerciseRun.kind, ExerciseRun.content_json, Workshop.premoderated, Organisation.blocked_words)
        .join(Workshop, Workshop.id == ExerciseRun.workshop_id)
        .join(Organisation, Organisation.id == Workshop.organisation_id).where(ExerciseRun.id == run_id)).one()


def _error(kind, code: str) -> EngineError:
    return EngineError(code, kind.entry_messages().get(code))


def submit_tip(participant_id: int | None, text: str, client_id: str | None = None, event: str = TIP) -> Result:
    """A tip or written reply (`event` "tip") or a word-cloud entry (`event` "word") to the current exercise."""
    current = current_exercise_of(participant_id)
    key = ANSWER[event]
    if client_id:
        earlier = db.session.scalar(select(Tip).where(
            Tip.participant_id == current.participant_id, Tip.client_id == client_id))
        if earlier is not None:  # the phone sent it again after a lost ack: same tip, counted once
            return Result({key: _entry(earlier)}, current.code)
    run_id = open_run_id(current, event)
    kind = kind_of(current.kind)
    text = clean_text(text, multiline=event == TIP)
    if is_blank(text):
        raise _error(kind, "empty")
    if len(text) > kind.entry_max:
        raise _error(kind, "too_long")
    recent = db.session.scalar(select(func.count(Tip.id)).where(
        Tip.participant_id == current.participant_id, Tip.created >= utcnow() - RATE_WINDOW))
    if recent >= RATE_LIMIT:
        raise EngineError("rate_limited")
    run = _moderation(run_id)
    limit = kind.entry_limit(json.loads(run.content_json))
    if limit is not None:
        mine = db.session.scalar(select(func.count(Tip.id)).where(
            Tip.run_id == run_id, Tip.participant_id == current.participant_id))
        if mine >= limit:
            raise EngineError("too_many")
    held = run.premoderated or contains_blocked(text, own_phrases(run.blocked_words))
    tip = Tip(run_id=run_id, participant_id=current.participant_id, client_id=client_id or None, text=text,
              held=held)
    db.session.add(tip)
    try:
        db.session.commit()
    except IntegrityError:  # the same client id raced in on another socket
        db.session.rollback()
        tip = db.session.scalar(select(Tip).where(Tip.participant_id == current.participant_id,
                                                  Tip.client_id == client_id))
        return Result({key: _entry(tip)}, current.code)
    changed = frozenset({MODERATION}) if held else frozenset({TIPS, CLOUD, MODERATION})
    return Result({key: _entry(tip)}, current.code, changed)


def submit_word(participant_id: int | None, text: str, client_id: str | None = None) -> Result:
    return submit_tip(participant_id, text, client_id, event=WORD)


def upvote(participant_id: int | None, tip_id: int, on: bool) -> Result:
    current = current_exercise_of(participant_id)
    tip = db.session.execute(select(Tip.id, Tip.participant_id, Tip.hidden, Tip.held, Tip.run_id,
                                    ExerciseRun.workshop_id)
                             .join(ExerciseRun, ExerciseRun.id == Tip.run_id).where(Tip.id == tip_id)).first()
    if tip is None or tip.hidden or tip.held or tip.workshop_id != current.workshop_id:
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
