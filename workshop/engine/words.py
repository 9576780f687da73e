"""Word-cloud entries in batches: a room sends its words at the same moment, so the group-commit writer hands
`record_words` everything that arrived together and it checks and writes them in one transaction (a handful of
queries for the whole batch, one commit), as `record_votes` does for votes. Each word is checked on its own: a bad
word gets its own error and the others still count. The rules are those of `submit_tip` (workshop/engine/tips.py):
the exercise open and of a kind that takes words, 1 to 30 characters, at most `max_per_participant` per
participant, the rate limit, idempotent on the phone's `client_id`, held for approval when pre-moderated or holding
a blocked word. A batch that cannot be written whole (a race on a client id from another process) is written word
by word through `submit_word`.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.exc import IntegrityError

from exercises.kinds import Phase, kind_of
from exercises.kinds.base import WORD
from workshop.engine.bulk import insert_with_ids
from workshop.engine.seats import seal
from workshop.engine.tips import RATE_LIMIT, RATE_WINDOW, submit_word
from workshop.errors import EngineError
from workshop.models import ExerciseRun, Organisation, Participant, Tip, Workshop, db, utcnow
from workshop.moderation import contains_blocked, own_phrases
from workshop.result import CLOUD, MODERATION, Result
from workshop.text import clean_text, is_blank

log = logging.getLogger(__name__)
participants_t, workshops_t, runs_t, tips_t, organisations_t = (
    Participant.__table__, Workshop.__table__, ExerciseRun.__table__, Tip.__table__, Organisation.__table__)
IDS = bindparam("ids", expanding=True)

SEATS = (
    select(participants_t.c.id, participants_t.c.workshop_id, participants_t.c.token_hash, workshops_t.c.code,
           workshops_t.c.status, runs_t.c.id.label("run_id"), runs_t.c.kind, runs_t.c.phase, runs_t.c.content_json,
           workshops_t.c.premoderated, organisations_t.c.blocked_words)
    .select_from(participants_t.join(workshops_t, workshops_t.c.id == participants_t.c.workshop_id)
                 .join(organisations_t, organisations_t.c.id == workshops_t.c.organisation_id)
                 .outerjoin(runs_t, and_(runs_t.c.workshop_id == workshops_t.c.id,
                                         runs_t.c.position == workshops_t.c.current_index)))
    .where(participants_t.c.id.in_(IDS)))
EARLIER = select(tips_t.c.participant_id, tips_t.c.client_id, tips_t.c.id, tips_t.c.text, tips_t.c.held).where(
    tips_t.c.participant_id.in_(IDS), tips_t.c.client_id.is_not(None))
RECENT = (select(tips_t.c.participant_id, func.count()).where(tips_t.c.participant_id.in_(IDS),
                                                              tips_t.c.created >= bindparam("since"))
          .group_by(tips_t.c.participant_id))
IN_RUN = (select(tips_t.c.participant_id, tips_t.c.run_id, func.count())
          .where(tips_t.c.participant_id.in_(IDS)).group_by(tips_t.c.participant_id, tips_t.c.run_id))


@dataclass(frozen=True)
class WordRequest:
    participant_id: int | None
    text: str
    client_id: str | None = None
    seal: str | None = None  # the socket's seal (engine.seats): checked in the batch's one participant query


def _answer(code: str, tip_id: int, text: str, held: bool, changed=frozenset()) -> Result:
    return Result({"word": {"id": tip_id, "text": text, "held": held}}, code, changed)


def _checked(request: WordRequest, seat, recent: dict, in_run: dict) -> tuple[str, bool]:
    """The cleaned text and whether it is held; EngineError for a word that may not be stored."""
    if seat.status == "ended":
        raise EngineError("ended")
    if seat.run_id is None or seat.phase != Phase.OPEN:
        raise EngineError("not_open")
    kind = kind_of(seat.kind)
    if WORD not in kind.inputs:
        raise EngineError("wrong_kind")
    text = clean_text(request.text)
    if is_blank(text):
        raise EngineError("empty", kind.entry_messages().get("empty"))
    if len(text) > kind.entry_max:
        raise EngineError("too_long", kind.entry_messages().get("too_long"))
    if recent.get(seat.id, 0) >= RATE_LIMIT:
        raise EngineError("rate_limited")
    limit = kind.entry_limit(json.loads(seat.content_json))
    if limit is not None and in_run.get((seat.id, seat.run_id), 0) >= limit:
        raise EngineError("too_many")
    held = bool(seat.premoderated) or contains_blocked(text, own_phrases(seat.blocked_words))
    return text, held


def record_words(requests: list[WordRequest]) -> list:
    """Check and store a batch of words in one transaction; one outcome (Result or EngineError) per request."""
    ids = sorted({r.participant_id for r in requests if isinstance(r.participant_id, int)})
    seats = {row.id: row for row in db.session.execute(SEATS, {"ids": ids})} if ids else {}
    earlier = {(row.participant_id, row.client_id): row for row in db.session.execute(EARLIER, {"ids": ids})} \
        if ids and any(r.client_id for r in requests) else {}
    recent = dict(db.session.execute(RECENT, {"ids": ids, "since": utcnow() - RATE_WINDOW}).all()) if ids else {}
    in_run = {(p, run): n for p, run, n in db.session.execute(IN_RUN, {"ids": ids})} if ids else {}
    outcomes: list = [None] * len(requests)
    new: list[tuple[int, dict, str]] = []  # (request index, row to insert, workshop code)
    mine: dict[tuple[int, str], int] = {}  # client ids of this batch -> the request index that stores it
    for index, request in enumerate(requests):
        row = seats.get(request.participant_id)
        if row is None or not request.seal or seal(row.workshop_id, row.token_hash) != request.seal:
            outcomes[index] = EngineError("not_joined")
            continue
        known = earlier.get((row.id, request.client_id)) if request.client_id else None
        if known is not None:  # sent again after a lost ack: the same word, counted once
            outcomes[index] = _answer(row.code, known.id, known.text, known.held)
            continue
        if request.client_id and (row.id, request.client_id) in mine:
            outcomes[index] = mine[(row.id, request.client_id)]  # resolved to that request's outcome below
            continue
        try:
            text, held = _checked(request, row, recent, in_run)
        except EngineError as error:
            outcomes[index] = error
            continue
        recent[row.id] = recent.get(row.id, 0) + 1
        in_run[(row.id, row.run_id)] = in_run.get((row.id, row.run_id), 0) + 1
        new.append((index, {"run_id": row.run_id, "participant_id": row.id, "client_id": request.client_id or None,
                            "text": text, "held": held}, row.code))
        if request.client_id:
            mine[(row.id, request.client_id)] = index
    try:
        ids = insert_with_ids(tips_t, [tip for _index, tip, _code in new])  # one statement for the batch
        answers = [(index, code, tip_id, tip["text"], tip["held"]) for (index, tip, code), tip_id in zip(new, ids)]
        db.session.commit()
    except IntegrityError:  # a client id raced in from another process: word by word, each idempotent
        db.session.rollback()
        log.info("word batch of %d written one by one after a client-id race", len(requests))
        return [_one(request) for request in requests]
    for index, code, tip_id, text, held in answers:
        changed = frozenset({MODERATION}) if held else frozenset({CLOUD, MODERATION})
        outcomes[index] = _answer(code, tip_id, text, held, changed)
    return [outcomes[o] if isinstance(o, int) else o for o in outcomes]


def _one(request: WordRequest):
    try:
        row = db.session.execute(SEATS, {"ids": [request.participant_id]}).first()
        if row is None or not request.seal or seal(row.workshop_id, row.token_hash) != request.seal:
            raise EngineError("not_joined")
        return submit_word(request.participant_id, request.text, request.client_id)
    except EngineError as error:
        db.session.rollback()
        return error
