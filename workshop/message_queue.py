"""The Redis message queue between server processes (KLANTWIJS_MESSAGE_QUEUE), and what happens while it is down.

python-socketio's RedisManager delivers every broadcast to this process's own clients first and then publishes it
for the others. On its own it waits longer and longer between reconnect attempts (up to a minute), so after a long
outage a process could stay deaf for many seconds, and the phones on it would keep showing what they saw before.

`MessageQueue` keeps that delivery and changes the outage:
- the listener tries again every RETRY_SECONDS (a short, bounded wait) and knows whether the queue is up;
- while it is down, a broadcast still reaches this process's own clients, and the rooms it could not reach on
  other processes are remembered; publishing is tried at most once per RETRY_SECONDS, so a Redis that is gone never
  holds up the broadcaster, and the log says "down" once, not once per message;
- once the listener is subscribed again, `on_return(missed_rooms)` runs (in a background task): the broadcaster
  re-sends the state of this process's live workshops to its own clients, and of the workshops it changed
  meanwhile to everyone (workshop/broadcast.py: it is still the only module that emits).
"""
from __future__ import annotations

import logging
import threading
import time

import socketio

log = logging.getLogger(__name__)

RETRY_SECONDS = 0.5
CONNECT_TIMEOUT = 1.0


def _client(url: str):
    """A Redis client that gives up at once: no retries with back-off, one second to connect."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry
    return redis.Redis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT, socket_keepalive=True,
                                retry=Retry(NoBackoff(), 0))


class MessageQueue(socketio.RedisManager):
    def __init__(self, url: str, channel: str = "flask-socketio", on_return=None):
        super().__init__(url, channel=channel)
        self.on_return = on_return
        self.up: bool | None = None  # unknown until the listener first subscribed (or failed to)
        self.listening = False  # the listener starts with the first Socket.IO connection
        self.publisher = _client(url)
        self.last_try = 0.0
        self.missed_rooms: set[str] = set()
        self.lock = threading.Lock()

    # -- state ---------------------------------------------------------------------------------------------------
    def answers(self) -> bool:
        """Whether the queue is up: the listener's view, or (before it started) a ping."""
        if self.listening and self.up is not None:
            return self.up
        try:
            return bool(self.publisher.ping())
        except Exception:
            return False

    def _went_down(self, error: Exception) -> None:
        if self.up is not False:
            log.warning("message queue %s is down (%s): broadcasts reach this process's phones only until it is "
                        "back", self.redis_url_for_log(), error)
        self.up = False

    def _came_up(self) -> None:
        was_down = self.up is False
        self.up = True
        if not was_down:
            return
        with self.lock:
            missed, self.missed_rooms = self.missed_rooms, set()
        log.warning("message queue %s is back: re-sending the live workshops' state", self.redis_url_for_log())
        if self.on_return is not None:
            self.server.start_background_task(self.on_return, missed)

    def redis_url_for_log(self) -> str:
        from sqlalchemy.engine import make_url  # hides a password the same way as the database URL
        try:
            return make_url(self.redis_url).render_as_string(hide_password=True)
        except Exception:
            return "(message queue)"

    # -- RedisManager hooks --------------------------------------------------------------------------------------
    def _redis_connect(self):
        # No read timeout: the listener waits for messages as long as it takes.
        self.redis = _client(self.redis_url)
        self.pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        self.connected = True

    def _publish(self, data):
        """Publish for the other processes. This process's own clients already have the message."""
        now = time.monotonic()
        if self.up is False and now - self.last_try < RETRY_SECONDS:
            self._remember(data)
            return None
        self.last_try = now
        try:
            published = self.publisher.publish(self.channel, self.json.dumps(data))
            if self.up is False and not self.listening:
                self.up = None  # no listener to say it is back: the next look asks Redis itself
            return published
        except Exception as error:
            self._went_down(error)
            self._remember(data)
            return None

    def _remember(self, data) -> None:
        room = data.get("room") if isinstance(data, dict) else None
        if isinstance(room, str):
            with self.lock:
                self.missed_rooms.add(room)

    def _redis_listen_with_retries(self):
        self.listening = True
        while True:
            try:
                self._redis_connect()
                self.pubsub.subscribe(self.channel)
                self._came_up()
                yield from self.pubsub.listen()
            except Exception as error:
                self._went_down(error)
                self.server.sleep(RETRY_SECONDS)


def queue_state(app) -> str:
    """"none" without a message queue, else "ok" or "down"."""
    if not app.config.get("MESSAGE_QUEUE"):
        return "none"
    manager = app.extensions["socketio"].server.manager
    if isinstance(manager, MessageQueue):
        return "ok" if manager.answers() else "down"
    return "ok"  # another kind of queue (kombu, ...): Flask-SocketIO's own, no outage handling here


def client_manager_for(url: str | None) -> dict:
    """socketio.init_app's `client_manager` for KLANTWIJS_MESSAGE_QUEUE: a MessageQueue for Redis; None (the
    in-process manager) without a queue, so that an app made without a queue never inherits the manager of an app
    made before it with one; nothing for another kind of queue (Flask-SocketIO chooses)."""
    if url and url.startswith(("redis://", "rediss://")):
        from workshop.broadcast import broadcaster
        return {"client_manager": MessageQueue(url, on_return=broadcaster.queue_returned)}
    return {} if url else {"client_manager": None}


def warn_if_unreachable(app) -> None:
    """At start: say so when a configured message queue does not answer (the server starts anyway, degraded)."""
    if queue_state(app) == "down":
        log.warning("KLANTWIJS_MESSAGE_QUEUE does not answer: this process starts without it (broadcasts reach only "
                    "its own phones; /healthz says degraded) and connects as soon as it answers")
