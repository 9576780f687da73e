"""Answers that a participant may change while the exercise is open: a case's vote, a scale's rating, an order's
ranking. One Vote row per participant per exercise (`option_id`; for an order also `ranking`, a JSON list of item
ids); a new answer replaces the old one. The kind turns a payload into that row (`ExerciseKind.answer`).

Votes come as a burst (a whole room votes at once), so this path is lean: Core statements on the tables instead of
ORM objects, and a batch of votes checked and written in one transaction (`record_votes`, which the group-commit
writer calls with whatever arrived together). Each vote is checked on its own, so one bad vote gets its own error
and the others still count. `vote` is the same for a single vote.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.exc import SQLAlchemyError

from exercises.kinds import kind_of
from exercises.kinds.base import VOTE
from workshop.engine.lookup import open_run_id
from workshop.engine.seats import seal
from workshop.errors import EngineError, kind_call
from workshop.models import ExerciseRun, Participant, Vote, Workshop, db, utcnow
from workshop.result import MODERATION, TALLY, Result

log = logging.getLogger(__name__)

participants_t, workshops_t, runs_t, votes_t = (Participant.__table__, Workshop.__table__, ExerciseRun.__table__,
                                                Vote.__table__)
CHANGED = frozenset({TALLY, MODERATION})
OPTION_CACHE_SIZE = 256

PARTICIPANTS = select(participants_t.c.id, participants_t.c.workshop_id, participants_t.c.token_hash).where(
    participants_t.c.id.in_(bindparam("ids", expanding=True)))
CURRENT_RUNS = (
    select(workshops_t.c.id, workshops_t.c.code, workshops_t.c.status, runs_t.c.id.label("run_id"), runs_t.c.kind,
           runs_t.c.phase, runs_t.c.content_json, runs_t.c.progress_json, runs_t.c.timer_ends_at)
    .select_from(workshops_t)
    .outerjoin(runs_t, and_(runs_t.c.workshop_id == workshops_t.c.id,
                            runs_t.c.position == workshops_t.c.current_index))
    .where(workshops_t.c.id.in_(bindparam("ids", expanding=True))))
EXISTING_VOTES = select(votes_t.c.participant_id, votes_t.c.scene, votes_t.c.option_id, votes_t.c.ranking).where(
    votes_t.c.run_id == bindparam("run"), votes_t.c.participant_id.in_(bindparam("ids", expanding=True)))
INSERT_VOTE = votes_t.insert()
UPDATE_VOTE = update(votes_t).where(votes_t.c.run_id == bindparam("run"),
                                    votes_t.c.participant_id == bindparam("participant"),
                                    votes_t.c.scene == bindparam("in_scene")).values(
    option_id=bindparam("new_option"), ranking=bindparam("new_ranking"), updated=bindparam("now"))


@dataclass(frozen=True)
class VoteRequest:
    participant_id: int | None
    option: object  # the payload's answer: an option id (vote), a value (rate), a list of item ids (order)
    seal: str | None = None  # the socket's seal (engine.seats): checked in the batch's one participant query
    event: str = VOTE  # "vote", "rate" or "order": the kind of the current exercise must accept it


@dataclass(frozen=True)
class OpenCase:
    """The current exercise of a workshop, as far as an answer needs it; `row` is None without one."""
    code: str
    run_id: int | None
    row: object


_options_by_content: dict[str, frozenset[str]] = {}
_content_by_json: dict[str, dict] = {}


def parsed_content(content_json: str) -> dict:
    """A run's content, parsed once per snapshot (a burst of answers does not parse it a thousand times)."""
    found = _content_by_json.get(content_json)
    if found is None:
        found = json.loads(content_json)
        if len(_content_by_json) >= OPTION_CACHE_SIZE:
            _content_by_json.clear()
        _content_by_json[content_json] = found
    return found


def option_ids(content_json: str) -> frozenset[str]:
    """The option ids of a case, parsed once per content snapshot (a run's content never changes). Keyed by the
    content itself, not by run id: a database that reuses the id of a deleted run cannot mislead it."""
    found = _options_by_content.get(content_json)
    if found is None:
        found = frozenset(option["id"] for option in json.loads(content_json).get("options", ()))
        if len(_options_by_content) >= OPTION_CACHE_SIZE:
            _options_by_content.clear()
        _options_by_content[content_json] = found
    return found


def _open_cases(workshop_ids) -> dict[int, OpenCase]:
    return {row.id: OpenCase(row.code, row.run_id, row)
            for row in db.session.execute(CURRENT_RUNS, {"ids": list(workshop_ids)})}


def _answer(case: OpenCase, request: VoteRequest) -> tuple[str, str | None, str]:
    """(option_id, ranking, scene) to store, or EngineError: ended, not open, wrong kind, or an answer that does
    not fit."""
    open_run_id(case.row, request.event)
    kind = kind_of(case.row.kind)
    if request.event == VOTE and not kind.by_scene:  # the hot path of a room voting at once: cached option ids
        if request.option not in option_ids(case.row.content_json):
            raise EngineError("unknown_option")
        return request.option, None, ""
    progress = parsed_content(case.row.progress_json) if case.row.progress_json else None
    return kind_call(kind.answer_in, parsed_content(case.row.content_json), progress, request.option)


def _check(requests: list[VoteRequest]) -> list[tuple[OpenCase, int, tuple] | EngineError]:
    """Per vote: (the open case, the participant id), or the error it gets, in the engine's order of checks."""
    ids = {r.participant_id for r in requests if isinstance(r.participant_id, int)}
    rows = db.session.execute(PARTICIPANTS, {"ids": list(ids)}).all() if ids else []
    workshop_of = {row.id: row.workshop_id for row in rows}
    seal_of = {row.id: seal(row.workshop_id, row.token_hash) for row in rows}
    cases = _open_cases(set(workshop_of.values())) if workshop_of else {}
    checked = []
    for request in requests:
        workshop_id = workshop_of.get(request.participant_id)
        case = cases.get(workshop_id)
        if request.seal is not None and seal_of.get(request.participant_id) != request.seal:
            checked.append(EngineError("not_joined"))  # the row is no longer the one this socket joined as
        elif case is None:
            checked.append(EngineError("not_joined"))
        else:
            try:
                checked.append((case, request.participant_id, _answer(case, request)))
            except EngineError as refusal:
                checked.append(refusal)
    return checked


Answer = tuple[str, str | None]  # (option_id, ranking)
Key = tuple[int, int, str]  # (run, participant, scene)


def _write(final: dict[Key, Answer], existing: dict[Key, Answer]) -> None:
    """Insert new votes and update changed ones (an insert that meets a vote from the same participant on another
    socket or process replaces it)."""
    now = utcnow()
    rows = [{"run_id": run_id, "participant_id": participant_id, "scene": scene, "option_id": answer[0],
             "ranking": answer[1], "updated": now}
            for (run_id, participant_id, scene), answer in final.items()
            if existing.get((run_id, participant_id, scene)) != answer]
    if not rows:
        return
    upsert = _upsert_statement(db.session.get_bind().dialect.name)
    if upsert is not None:
        db.session.execute(upsert, rows)
        return
    new = [row for row in rows if (row["run_id"], row["participant_id"], row["scene"]) not in existing]
    changed = [{"run": row["run_id"], "participant": row["participant_id"], "in_scene": row["scene"],
                "new_option": row["option_id"], "new_ranking": row["ranking"], "now": now}
               for row in rows if (row["run_id"], row["participant_id"], row["scene"]) in existing]
    if changed:
        db.session.execute(UPDATE_VOTE, changed)
    if new:
        db.session.execute(INSERT_VOTE, new)


_upserts: dict[str, object] = {}


def _upsert_statement(dialect: str):
    """INSERT ... ON CONFLICT (run, participant, scene) DO UPDATE, for SQLite and PostgreSQL; None elsewhere."""
    if dialect not in _upserts:
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        elif dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            _upserts[dialect] = None
            return None
        statement = insert(votes_t)
        _upserts[dialect] = statement.on_conflict_do_update(
            index_elements=[votes_t.c.run_id, votes_t.c.participant_id, votes_t.c.scene],
            set_={"option_id": statement.excluded.option_id, "ranking": statement.excluded.ranking,
                  "updated": statement.excluded.updated})
    return _upserts[dialect]


def _record(requests: list[VoteRequest]) -> list[Result | EngineError]:
    checked = _check(requests)
    final: dict[Key, Answer] = {}  # (run, participant, scene) -> answer: the last one in the batch counts
    for outcome in checked:
        if not isinstance(outcome, EngineError):
            case, participant_id, (option, ranking, scene) = outcome
            final[(case.run_id, participant_id, scene)] = (option, ranking)
    existing: dict[Key, Answer] = {}
    for run_id in {key[0] for key in final}:
        voters = list({key[1] for key in final if key[0] == run_id})
        for participant_id, scene, option, ranking in db.session.execute(EXISTING_VOTES,
                                                                         {"run": run_id, "ids": voters}):
            existing[(run_id, participant_id, scene)] = (option, ranking)
    _write(final, existing)
    db.session.commit()
    outcomes = []
    for outcome in checked:
        if isinstance(outcome, EngineError):
            outcomes.append(outcome)
            continue
        case, participant_id, answer = outcome
        key = (case.run_id, participant_id, answer[2])
        outcomes.append(Result({}, case.code, CHANGED if final[key] != existing.get(key) else frozenset()))
    return outcomes


def record_votes(requests: list[VoteRequest]) -> list[Result | EngineError]:
    """Check every vote and write the valid ones in one transaction; one outcome per request, in order.

    Committed before it returns: a Result means the vote is stored. If the batch's write fails in the database,
    each vote is tried again on its own, so that one failing vote cannot take the others down with it.
    """
    try:
        return _record(requests)
    except SQLAlchemyError:
        db.session.rollback()
        if len(requests) == 1:
            raise
        log.warning("a batch of %d votes failed; writing them one by one", len(requests), exc_info=True)
    outcomes: list[Result | EngineError] = []
    for request in requests:
        try:
            outcomes.extend(_record([request]))
        except SQLAlchemyError:
            db.session.rollback()
            log.exception("a vote could not be stored")
            outcomes.append(EngineError("server_error"))
    return outcomes


def vote(participant_id: int | None, option, event: str = VOTE) -> Result:
    """One answer (a vote, or with `event` a rating or an ordering), committed before it returns; EngineError with
    the contract's code otherwise."""
    outcome = record_votes([VoteRequest(participant_id, option, event=event)])[0]
    if isinstance(outcome, EngineError):
        raise outcome
    return outcome
