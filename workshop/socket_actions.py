"""What every Socket.IO handler shares: payload parsing and the ack envelope.

A handler parses, calls the engine, tells the broadcaster what changed, and returns
{"ok": true, ...} or {"ok": false, "error": CODE, "message": TEXT}. No exception ever reaches the log as a crash.

Votes go through `vote_writer`: the handler waits while one writer task commits every vote that arrived together
in one transaction, then answers. The ack still follows the commit.
"""
from __future__ import annotations

import functools
import logging
import time

from workshop import engine, metrics
from workshop.broadcast import broadcaster
from workshop.engine import EngineError, Result
from workshop.engine.group_commit import GroupCommit
from workshop.extensions import socketio
from workshop.models import db
from workshop.text import has_lone_surrogate

log = logging.getLogger(__name__)
MAX_STRING = 10_000
MAX_INT = 2**62

OPTIONAL = object()

# The Engine.IO server of the app's async mode provides the writer's task, queue and events.
# Each stored batch goes to the projector at once (broadcaster.committed), before its acks wake their handlers.
vote_writer = GroupCommit(engine.record_votes, runtime=lambda: socketio.server.eio,
                          on_committed=broadcaster.committed)
# Joins likewise: a join storm (a room scanning the QR code, a Wi-Fi blip) commits in a handful of transactions.
join_writer = GroupCommit(engine.record_joins, runtime=lambda: socketio.server.eio,
                          on_committed=broadcaster.committed)
# Words likewise: a room sends its words to the cloud at the same moment.
word_writer = GroupCommit(engine.record_words, runtime=lambda: socketio.server.eio,
                          on_committed=broadcaster.committed)


def parse(data, **fields) -> dict:
    """Check a payload against {name: type or (type, OPTIONAL)}; EngineError('invalid') on any mismatch.

    `None` is accepted for optional fields. Strings longer than MAX_STRING, or holding a lone surrogate (which no
    database stores), are refused as malformed.
    """
    if not isinstance(data, dict):
        raise EngineError("invalid")
    values = {}
    for name, spec in fields.items():
        kind, optional = (spec[0], True) if isinstance(spec, tuple) else (spec, False)
        value = data.get(name)
        if value is None and optional:
            values[name] = None
            continue
        if kind is int and isinstance(value, bool):
            raise EngineError("invalid")
        if not isinstance(value, kind):
            raise EngineError("invalid")
        if isinstance(value, str) and (len(value) > MAX_STRING or has_lone_surrogate(value)):
            raise EngineError("invalid")
        if isinstance(value, int) and not -MAX_INT <= value <= MAX_INT:
            raise EngineError("invalid")
        values[name] = value
    return values


def acknowledged(handler):
    """Wrap a handler returning a Result: broadcast what changed, answer with an ack envelope.

    Every event takes one payload: a client that sends more arguments gets `invalid`, not a crash."""
    event = handler.__name__.removeprefix("on_")  # the metrics' label: on_vote counts as "vote"

    @functools.wraps(handler)
    def wrapper(*args):
        started = time.monotonic()
        try:
            if len(args) > 1:
                raise EngineError("invalid")
            result: Result = handler(*args)
        except EngineError as error:
            db.session.rollback()
            metrics.acknowledged(event, False, time.monotonic() - started)
            return {"ok": False, **error.as_dict()}
        except Exception:
            log.exception("socket event %s failed", handler.__name__)
            db.session.rollback()
            metrics.acknowledged(event, False, time.monotonic() - started)
            return {"ok": False, **EngineError("server_error").as_dict()}
        broadcaster.changed(result.code, result.changed)
        metrics.acknowledged(event, True, time.monotonic() - started)
        return {"ok": True, **result.data}
    return wrapper


def register_handlers(socketio, handlers: dict) -> None:
    """Register Socket.IO handlers (event -> function) explicitly, once: every app that create_app makes (tests
    make many) gets them from the shared SocketIO object when it is initialised."""
    known = {handler[0] for handler in socketio.handlers}
    for event, handler in handlers.items():
        if event not in known:
            socketio.on_event(event, handler)
