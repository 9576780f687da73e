"""The ONLY module that emits to clients.

Handlers call `broadcaster.changed(code, kinds)` after the engine committed. That only marks the workshop dirty;
a background task flushes full current figures, read from the database, at most 10 times a second per workshop
and kind (phones' `tally` and `presence`: 5 times, `tips` and `cloud`: once). A burst of 1,000 votes thus causes a
handful of `tally` messages, each complete, so a client that missed one is corrected by the next. Reading from the
database keeps it right when several processes share broadcasts through a message queue.

With several processes behind a message queue, each process only knows its own changes; the same Redis then
decides which process sends a workshop's next message of a kind (`SharedSlots`), so the rates above hold per
workshop, not per process.

When the message queue comes back after an outage (workshop/message_queue.py), `queue_returned` re-sends the current
figures of every live workshop that has clients on this process to those clients, and of every workshop whose
messages could not be passed on meanwhile to everyone, so every phone is right again within moments.

Rooms: `w:<code>` every phone of a workshop, `s:<code>` its projectors (and control pages), `c:<code>` its
control pages, `t:<trainer id>` every control page of one trainer (`sessions_ended` closes them).
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, replace

from workshop import metrics
from workshop.engine import capacity, views
from workshop.engine.lookup import workshop_by_code
from workshop.errors import EngineError
from workshop.models import db
from workshop.result import CLOUD, MODERATION, PRESENCE, STATE, TALLY, TIPS, Result

log = logging.getLogger(__name__)

PARTICIPANTS, PROJECTOR, CONTROL, TRAINER = "w", "s", "c", "t"
SCREENS = (PROJECTOR, CONTROL)  # one socket each per workshop (phones: a room of them)
TICK_SECONDS = 0.02
FAST, SLOW = 0.1, 1.0
# Phones' figures (tally, presence): at most 5 a second, still within 250 ms of the change (a tick is 20 ms). A
# room of 1,000 phones costs the server a send per phone per message, so this halves what a vote or join burst
# sends; the projector, one socket, keeps FAST.
PHONE_FIGURES = 0.2
RETRY_SECONDS = 0.03  # another process holds a key's slot: ask again this much later
FAILED_RETRY_SECONDS = 0.5  # a flush failed (database or message queue away): try those messages again then


@dataclass(frozen=True)
class Route:
    audience: str
    interval: float


ROUTES = {
    STATE: (Route(PARTICIPANTS, FAST), Route(PROJECTOR, FAST)),
    TIPS: (Route(PARTICIPANTS, SLOW), Route(PROJECTOR, FAST)),
    CLOUD: (Route(PARTICIPANTS, SLOW), Route(PROJECTOR, FAST)),  # like tips: phones once a second
    TALLY: (Route(PARTICIPANTS, PHONE_FIGURES), Route(PROJECTOR, FAST)),
    PRESENCE: (Route(PARTICIPANTS, PHONE_FIGURES), Route(PROJECTOR, FAST)),
    MODERATION: (Route(CONTROL, FAST),),
}


def room(audience: str, code: str) -> str:
    return f"{audience}:{code}"


def payload(kind: str, audience: str, workshop) -> dict | None:
    if kind == STATE:  # phones never see more of a reveal than the projector
        return views.participant_state(workshop, phones=audience == PARTICIPANTS)
    if kind == TIPS:
        return views.tips_message(workshop)
    if kind == CLOUD:
        return views.cloud_message(workshop)
    if kind == TALLY:
        return views.tally_message(workshop, for_participants=audience == PARTICIPANTS)
    if kind == PRESENCE:
        return capacity.presence(workshop, views.participant_count(workshop))
    return views.moderation_message(workshop)


class LocalSlots:
    """One process: every message that is due here may be sent (the interval is kept by `last_sent`)."""

    def claim(self, due: list[tuple[tuple[str, str, str], float]]) -> list[tuple[str, str, str]]:
        return [key for key, _interval in due]


class SharedSlots:
    """Several processes sharing a Redis message queue: a message of one kind to one audience of one workshop is
    sent by the process that claims its slot (`SET key NX PX interval`); the others keep their change pending and
    send fresh figures when the slot is free again, so a burst spread over all processes still gives one message
    per interval."""
    PREFIX = "klantwijs:broadcast:"

    def __init__(self, url: str, queue=None):
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry
        self.redis = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1, retry=Retry(NoBackoff(), 0))
        self.queue = queue  # the MessageQueue: while it is down, nothing is asked of Redis
        self.failing = False

    def claim(self, due: list[tuple[tuple[str, str, str], float]]) -> list[tuple[str, str, str]]:
        import redis
        if self.queue is not None and self.queue.up is False:
            return [key for key, _interval in due]  # no broadcast crosses processes now: send here
        pipeline = self.redis.pipeline(transaction=False)
        for (code, kind, audience), interval in due:
            pipeline.set(f"{self.PREFIX}{code}:{kind}:{audience}", 1, nx=True, px=max(1, int(interval * 1000)))
        try:
            answers = pipeline.execute()
        except redis.RedisError as error:  # without the shared Redis no broadcast crosses processes anyway: send here
            if not self.failing:
                log.warning("broadcast slots unavailable (%s); sending without cross-process coalescing", error)
            self.failing = True
            return [key for key, _interval in due]
        self.failing = False
        return [key for (key, _interval), claimed in zip(due, answers) if claimed]


def slots_for(message_queue: str | None, queue=None):
    if message_queue and message_queue.startswith(("redis://", "rediss://", "unix://")):
        return SharedSlots(message_queue, queue)
    return LocalSlots()


class Broadcaster:
    def __init__(self):
        self.app = None
        self.socketio = None
        self.pending: set[tuple[str, str, str]] = set()  # (code, kind, audience)
        self.last_sent: dict[tuple[str, str, str], float] = {}
        self.not_before: dict[tuple[str, str, str], float] = {}  # slot held by another process until about then
        self.slots = LocalSlots()
        self.task = None
        self.lock = threading.Lock()  # green under eventlet; real for the threading mode of the tests

    def init_app(self, app, socketio) -> None:
        self.app, self.socketio = app, socketio
        manager = getattr(socketio.server, "manager", None)
        self.slots = slots_for(app.config.get("MESSAGE_QUEUE"), manager if hasattr(manager, "up") else None)
        with self.lock:  # a new app (tests make one each) starts with nothing pending
            self.pending.clear()
            self.last_sent.clear()
            self.not_before.clear()
        app.extensions["klantwijs_broadcaster"] = self

    def changed(self, code: str | None, kinds) -> None:
        """Mark parts of a workshop as changed; the flush task sends them soon, coalesced."""
        if not code or not kinds:
            return
        with self.lock:
            for kind in kinds:
                for route in ROUTES[kind]:
                    self.pending.add((code, kind, route.audience))
            start = self.task is None
            if start:
                self.task = True
        if start:
            self.task = self.socketio.start_background_task(self._run)

    def sessions_ended(self, trainer_id: int) -> None:
        """The trainer's sessions ended (logout, new password, disabled): their open control pages are told
        (`session_ended`, through the message queue to every process) and this process closes their sockets."""
        trainer_room = room(TRAINER, str(trainer_id))
        self.socketio.emit("session_ended", {}, to=trainer_room)
        manager = self.socketio.server.manager
        for sid, _eio_sid in list(manager.get_participants("/", trainer_room)):
            self.socketio.server.disconnect(sid, namespace="/", ignore_queue=True)

    def local_codes(self) -> set[str]:
        """Codes of the workshops that have a phone, projector or control page connected to this process."""
        rooms = self.socketio.server.manager.rooms.get("/", {})
        return {name.partition(":")[2] for name, members in list(rooms.items())
                if isinstance(name, str) and name[:2] in ("w:", "s:", "c:") and members}

    def queue_returned(self, missed_rooms: set[str]) -> None:
        """The message queue is back: this process's own clients get the current figures of their live workshops
        (only here: each process does this for its own), and the workshops this process changed while it could not
        publish are marked changed, so their next messages reach every process again."""
        here = self.local_codes()
        with self.app.app_context():
            try:
                for code in sorted(here):
                    self._resend_here(code)
            finally:
                db.session.remove()
        missed = {room.partition(":")[2] for room in missed_rooms if room[:2] in ("w:", "s:", "c:")}
        for code in missed:
            self.changed(code, set(ROUTES))

    def _resend_here(self, code: str) -> None:
        try:
            workshop = workshop_by_code(code)
        except EngineError:
            return
        if workshop.status != "live":
            return
        for kind in (STATE, *[k for k in ROUTES if k != STATE]):
            for route in ROUTES[kind]:
                message = payload(kind, route.audience, workshop)
                if message is not None:
                    self.socketio.emit(kind, message, to=room(route.audience, code), ignore_queue=True)
                    metrics.broadcast_sent(kind)

    def blank(self, code: str, on: bool) -> None:
        """Blank the workshop's projectors (or bring them back): `blank` {"on": bool} to the projector room."""
        self.socketio.emit("blank", {"on": on}, to=room(PROJECTOR, code))

    def _run(self) -> None:
        while True:
            self.socketio.sleep(TICK_SECONDS)
            try:
                self.flush(time.monotonic())
            except Exception:  # a broadcast must never stop the loop; the next change sends full figures again
                log.exception("broadcast flush failed")

    def _interval(self, kind: str, audience: str) -> float:
        return next(r.interval for r in ROUTES[kind] if r.audience == audience)

    def committed(self, outcomes: list) -> list:
        """A group-commit batch is stored (engine/group_commit's `on_committed`, before its acks wake their
        handlers): mark what changed and send the screens' part at once: the projector and the control page are a
        socket each, so the room's count on the wall does not wait behind a thousand acks. The phones' part goes
        with the next tick, as always; every interval still holds. Answers the outcomes with their changes taken,
        so that the handlers do not mark them again (which would send the screens the same figures once more)."""
        for outcome in outcomes:
            if isinstance(outcome, Result) and outcome.changed:
                self.changed(outcome.code, outcome.changed)
        if self.app is not None:
            self.flush(time.monotonic(), audiences=SCREENS)
        return [replace(o, changed=frozenset()) if isinstance(o, Result) and o.changed else o for o in outcomes]

    def flush(self, now: float, audiences: tuple[str, ...] | None = None) -> None:
        """Send what is pending and due (only to `audiences` when given)."""
        with self.lock:
            due = [key for key in self.pending
                   if (audiences is None or key[2] in audiences)
                   and now - self.last_sent.get(key, 0.0) >= self._interval(key[1], key[2])
                   and now >= self.not_before.get(key, 0.0)]
            self.pending.difference_update(due)
        if not due:
            return
        claimed = self.slots.claim([(key, self._interval(key[1], key[2])) for key in due])
        if len(claimed) < len(due):
            refused = set(due).difference(claimed)
            with self.lock:  # still to send, once this process holds the slot
                self.pending.update(refused)
                self.not_before.update((key, now + RETRY_SECONDS) for key in refused)
            due = claimed
            if not due:
                return
        by_workshop: dict[str, list[tuple[str, str, str]]] = {}
        for key in due:
            by_workshop.setdefault(key[0], []).append(key)
        sent: set[tuple[str, str, str]] = set()
        try:
            with self.app.app_context():
                for code, keys in by_workshop.items():
                    self._send(code, keys, now)
                    sent.update(keys)
                db.session.remove()
        finally:
            unsent = set(due).difference(sent)
            if unsent:  # a flush that failed (database, message queue) loses nothing: the next try sends them
                with self.lock:
                    self.pending.update(unsent)
                    self.not_before.update((key, now + FAILED_RETRY_SECONDS) for key in unsent)
        if len(self.last_sent) > 10_000:
            self.last_sent = {k: t for k, t in self.last_sent.items() if now - t < 10}
            self.not_before = {k: t for k, t in self.not_before.items() if t > now}

    def _send(self, code: str, keys: list[tuple[str, str, str]], now: float) -> None:
        try:
            workshop = workshop_by_code(code)
        except EngineError:  # deleted in the meantime
            return
        # State first: it tells pages what to show. The projector and control pages before the phones: a message to
        # one socket need not queue behind the same message to a room of 1,000.
        for key in sorted(keys, key=lambda k: (k[1] != STATE, k[2] == PARTICIPANTS)):
            _code, kind, audience = key
            message = payload(kind, audience, workshop)
            self.last_sent[key] = now
            if message is not None:
                self.socketio.emit(kind, message, to=room(audience, code))
                metrics.broadcast_sent(kind)


broadcaster = Broadcaster()
