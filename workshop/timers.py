"""The task that closes exercises whose timer ran out (the deadline itself is in the database: engine/timers.py).

Started by `python wsgi.py` when the server starts (which first closes what ran out while the server was down) and
lazily when a trainer sets a timer; never by `create_app` alone, so CLI commands and tests start nothing. Several
processes may each run one: the engine's conditional UPDATE lets only one of them close a given exercise, and the
broadcast goes through the message queue to every process. Async-mode agnostic: `socketio.sleep` and
`socketio.start_background_task` only.
"""
from __future__ import annotations

import logging
import threading

from workshop.broadcast import broadcaster
from workshop.engine.timers import EXPIRED, expire_timers, next_deadline
from workshop.models import db, utcnow

log = logging.getLogger(__name__)
IDLE_SECONDS = 1.0  # without a timer due sooner, look again after this long (another process may set one)
MIN_SLEEP = 0.05


def close_expired(app) -> list[str]:
    """Close every exercise whose timer ran out and tell the clients; the workshop codes that changed."""
    with app.app_context():
        try:
            codes = expire_timers()
        finally:
            db.session.remove()
    for code in codes:
        broadcaster.changed(code, EXPIRED)
    return codes


def _pause(app) -> float | None:
    """How long to sleep before the next look; None when no open exercise has a timer."""
    with app.app_context():
        try:
            deadline = next_deadline()
        finally:
            db.session.remove()
    if deadline is None:
        return None
    return max(MIN_SLEEP, min(IDLE_SECONDS, (deadline - utcnow()).total_seconds()))


class TimerWatch:
    """One task per app. The server's runs for ever; one started lazily (a timer set in a process whose task is
    not running, such as a test app) ends when no open exercise has a timer left."""

    def __init__(self):
        self.lock = threading.Lock()
        self.running: dict[int, bool] = {}  # id(app) -> the task runs for ever
        self.poked: set[int] = set()  # a timer was set since the task last looked

    def start(self, app, socketio, forever: bool = False) -> None:
        key = id(app)
        with self.lock:
            self.poked.add(key)
            if key in self.running:
                self.running[key] = self.running[key] or forever
                return
            self.running[key] = forever
        socketio.start_background_task(self._run, app, socketio)

    def _done(self, key: int) -> bool:
        """Whether a lazy task may end now: not for ever, and no timer set since it last looked."""
        with self.lock:
            if self.running.get(key) or key in self.poked:
                self.poked.discard(key)
                return False
            del self.running[key]
            return True

    def _run(self, app, socketio) -> None:
        key = id(app)
        while True:
            try:
                close_expired(app)
                pause = _pause(app)
            except Exception:  # the database may be away a moment; the server's task carries on
                log.exception("closing expired timers failed")
                pause = None if not self.running.get(key) else IDLE_SECONDS
            if pause is None and self._done(key):
                return
            socketio.sleep(pause or IDLE_SECONDS)


watch = TimerWatch()


def start(app) -> None:
    """At server start: close what ran out while the server was down, then keep watching."""
    from workshop.extensions import socketio
    close_expired(app)
    watch.start(app, socketio, forever=True)


def watch_after(result) -> None:
    """After a control action: if an exercise now has a timer, make sure this process watches it."""
    from flask import current_app

    from workshop.extensions import socketio
    if any(exercise.get("timer") for exercise in result.data.get("exercises", ())):
        watch.start(current_app._get_current_object(), socketio)
