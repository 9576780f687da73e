"""The exercise timer: a deadline stored on the run (`timer_ends_at`, `timer_seconds`). The trainer sets, extends or
cancels it while the exercise is open; when it passes, whichever server process notices first closes the exercise,
as `close` would (`expire_timers`: one conditional UPDATE per run, so two processes never both close it).

The background task that calls `expire_timers` lives in `workshop/timers.py`; nothing here knows about it.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from exercises.kinds import Phase
from workshop.engine import views
from workshop.engine.values import is_whole
from workshop.errors import EngineError
from workshop.models import ExerciseRun, Workshop, db, utcnow
from workshop.result import STATE

MIN_SECONDS, MAX_SECONDS = 5, 3600
runs_t, workshops_t = ExerciseRun.__table__, Workshop.__table__


def _seconds(action: dict, minimum: int) -> int:
    seconds = action.get("seconds")
    if not is_whole(seconds):
        raise EngineError("invalid")
    if seconds != 0 and not minimum <= seconds <= MAX_SECONDS:
        raise EngineError("invalid")
    return seconds


def _open_current(workshop: Workshop) -> ExerciseRun:
    run = views.current_run(workshop)
    if run is None:
        raise EngineError("no_current")
    if run.phase != Phase.OPEN:
        raise EngineError("invalid_phase")
    return run


def set_timer(workshop: Workshop, action: dict) -> frozenset:
    """`{"action": "timer", "seconds": n}`: the open exercise closes in n seconds (5-3600); 0 cancels."""
    seconds = _seconds(action, MIN_SECONDS)
    run = _open_current(workshop)
    if seconds == 0:
        clear(run)
    else:
        run.timer_seconds = seconds
        run.timer_ends_at = utcnow() + timedelta(seconds=seconds)
    return frozenset({STATE})


def add_seconds(workshop: Workshop, action: dict) -> frozenset:
    """`{"action": "add_seconds", "seconds": n}`: n (1-3600) more seconds on the running timer (the +30 s button)."""
    seconds = _seconds(action, 1)
    run = _open_current(workshop)
    if seconds == 0:
        raise EngineError("invalid")
    now = utcnow()
    if run.timer_ends_at is None or run.timer_ends_at <= now:
        raise EngineError("no_timer")
    remaining = (run.timer_ends_at - now).total_seconds()
    if remaining + seconds > MAX_SECONDS:
        raise EngineError("invalid")
    run.timer_ends_at += timedelta(seconds=seconds)
    run.timer_seconds = (run.timer_seconds or 0) + seconds
    return frozenset({STATE})


def clear(run: ExerciseRun) -> None:
    run.timer_ends_at = None
    run.timer_seconds = None


def expire_timers(now: datetime | None = None) -> list[str]:
    """Close every open exercise whose deadline passed; the codes of the workshops that changed.

    Idempotent across processes: each run is closed by an UPDATE that still requires it to be open with a passed
    deadline, and only the process whose UPDATE hit the row reports it."""
    now = now or utcnow()
    due = db.session.execute(
        select(runs_t.c.id, workshops_t.c.code).join(workshops_t, workshops_t.c.id == runs_t.c.workshop_id)
        .where(runs_t.c.phase == Phase.OPEN.value, runs_t.c.timer_ends_at.is_not(None),
               runs_t.c.timer_ends_at <= now)).all()
    codes = []
    for run_id, code in due:
        closed = db.session.execute(
            update(runs_t).where(runs_t.c.id == run_id, runs_t.c.phase == Phase.OPEN.value,
                                 runs_t.c.timer_ends_at.is_not(None), runs_t.c.timer_ends_at <= now)
            .values(phase=Phase.CLOSED.value, timer_ends_at=None, timer_seconds=None))
        if closed.rowcount == 1:
            codes.append(code)
    db.session.commit()
    return codes


EXPIRED = frozenset({STATE})  # what a closed-by-timer exercise changes for clients: as `close`


def next_deadline() -> datetime | None:
    """The earliest deadline of any open exercise (the background task sleeps until then, at most a second)."""
    return db.session.scalar(select(runs_t.c.timer_ends_at).where(
        runs_t.c.phase == Phase.OPEN.value, runs_t.c.timer_ends_at.is_not(None))
        .order_by(runs_t.c.timer_ends_at).limit(1))
