"""Finding workshops and participants, with the engine's error codes when they are not there."""
from __future__ import annotations

from sqlalchemy import and_, bindparam, select
from sqlalchemy.engine import Row

from exercises.kinds import Phase, kind_of
from workshop.errors import EngineError
from workshop.join_codes import looks_like_a_code
from workshop.models import ExerciseRun, Participant, Workshop, db, utcnow


def normalise_code(code: str) -> str:
    return code.strip().upper()


def workshop_by_code(code: str) -> Workshop:
    """The workshop with this join code (case-insensitive); EngineError('unknown_code') otherwise."""
    code = normalise_code(code)
    if not looks_like_a_code(code):
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


_participants, _workshops, _runs = Participant.__table__, Workshop.__table__, ExerciseRun.__table__
CURRENT_EXERCISE_OF_PARTICIPANT = (
    select(_participants.c.id.label("participant_id"), _participants.c.workshop_id, _workshops.c.code,
           _workshops.c.status, _runs.c.id.label("run_id"), _runs.c.kind, _runs.c.phase, _runs.c.timer_ends_at)
    .select_from(_participants.join(_workshops, _workshops.c.id == _participants.c.workshop_id)
                 .outerjoin(_runs, and_(_runs.c.workshop_id == _workshops.c.id,
                                        _runs.c.position == _workshops.c.current_index)))
    .where(_participants.c.id == bindparam("participant_id")))


def current_exercise_of(participant_id: int | None) -> Row:
    """One lean query: participant_id, workshop_id, code, status and the current run's run_id, kind and phase
    (None without a current exercise); EngineError('not_joined') for an unknown participant."""
    row = None
    if participant_id:
        row = db.session.execute(CURRENT_EXERCISE_OF_PARTICIPANT, {"participant_id": participant_id}).first()
    if row is None:
        raise EngineError("not_joined")
    return row


def open_run_id(current: Row, event: str) -> int:
    """The current exercise's run id if it is open and its kind accepts this participant event ("tip", "vote");
    `ended`, `not_open` or `wrong_kind` otherwise."""
    if current.status == "ended":
        raise EngineError("ended")
    if current.run_id is None or current.phase != Phase.OPEN:
        raise EngineError("not_open")
    deadline = getattr(current, "timer_ends_at", None)
    if deadline is not None and deadline <= utcnow():  # the timer ran out; the timer task closes it any moment
        raise EngineError("not_open")
    if event not in kind_of(current.kind).inputs:
        raise EngineError("wrong_kind")
    return current.run_id
