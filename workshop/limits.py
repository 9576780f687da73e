"""Limits on guessing and flooding, and the client address they count by.

- HTTP limits use Flask-Limiter (`limiter`): memory storage, or the Redis of KLANTWIJS_MESSAGE_QUEUE so that
  several server processes count together. Only failures are counted per client address: wrong passwords (see
  facilitator/pages.py) and unknown join codes (`code_guesses`, shared by `GET /j/<code>` and the `join` event).
- What participants do is limited per socket or per participant, never per address (a room of 2,000 phones behind
  one venue NAT address must work): `TokenBucket`, held by the socket or the participant.

The client address is the socket's or the request's peer, or with KLANTWIJS_TRUSTED_PROXIES=n the address that
n trusted proxies in front report (werkzeug's ProxyFix, set up in create_app); never a header an untrusted client
sent.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from contextlib import contextmanager

from flask import abort, current_app, request
from flask_limiter import Limiter
from limits import parse

from workshop.engine.lookup import workshop_by_code
from workshop.errors import EngineError
from workshop.limit_storage import FALLBACK

UNKNOWN_CODES = parse("20 per 1 minute")  # unknown join codes per client address
NEW_IDENTITIES_PER_SOCKET = 5  # joins that make a new participant, per socket (a phone needs one per workshop)
ACTIONS_BURST, ACTIONS_PER_SECOND = 30, 6.0  # tips, upvotes and votes per participant: 6 a second, bursts of 30


def client_address() -> str:
    return request.remote_addr or "unknown"


limiter = Limiter(key_func=client_address, strategy="moving-window", headers_enabled=False)


def init_app(app) -> None:
    queue = app.config.get("MESSAGE_QUEUE") or ""
    storage = FALLBACK + queue if queue.startswith(("redis://", "rediss://")) else "memory://"
    app.config.setdefault("RATELIMIT_STORAGE_URI", storage)
    limiter.init_app(app)


class LimitReached(Exception):
    """Too many failures (counted, and attempts still being checked) for this key: answer 429."""


class FailureLimit:
    """Failures per key (the client address, unless `key` says otherwise): `blocked()` once `limit` failures were
    counted within its window.

    Attempts whose outcome is not known yet (a password being checked) count too: `attempt()` reserves a place
    before the check and gives it back after it, so that attempts sent at the same moment cannot all pass a test
    made on arrival (at most `limit` of 40 simultaneous wrong passwords are checked, the rest get LimitReached).
    Places held are counted per process; the failures themselves in the limiter's storage (Redis: every process)."""

    def __init__(self, name: str, limit, key=client_address):
        self.name, self.limit, self.key = name, limit, key
        self._running: dict[str, int] = {}
        self._lock = threading.Lock()

    def _key(self) -> str:
        return f"{self.name}/{self.key()}"

    @staticmethod
    def _enabled() -> bool:
        return current_app.config.get("RATELIMIT_ENABLED", True)

    def blocked(self) -> bool:
        if not self._enabled():
            return False
        return not limiter.limiter.test(self.limit, self._key())

    def failed(self) -> None:
        if self._enabled():
            limiter.limiter.hit(self.limit, self._key())

    @contextmanager
    def attempt(self):
        """Hold a place while an attempt is checked; LimitReached when the failures counted and the attempts
        being checked fill the limit. Call `failed()` inside when the attempt failed."""
        if not self._enabled():
            yield self
            return
        key = self._key()
        with self._lock:
            running = self._running.get(key, 0)
            if running >= self.limit.amount or not limiter.limiter.test(self.limit, key, cost=running + 1):
                raise LimitReached(self.name)
            self._running[key] = running + 1
        try:
            yield self
        finally:
            with self._lock:
                left = self._running.pop(key) - 1
                if left:
                    self._running[key] = left


def counted(limit, key: str) -> bool:
    """Count one use of `key` against `limit` (every process together with Redis); False once it is used up."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return True
    return limiter.limiter.hit(limit, key)


code_guesses = FailureLimit("unknown-join-codes", UNKNOWN_CODES)


def limit_code_guesses(lookup):
    """`lookup()` of a join code: an unknown code is counted against the client address, and once 20 were counted
    within a minute the answer is `rate_limited` instead of `unknown_code`. A known code is never limited."""
    try:
        return lookup()
    except EngineError as error:
        if error.code != "unknown_code":
            raise
        blocked = code_guesses.blocked()
        code_guesses.failed()
        raise EngineError("rate_limited" if blocked else "unknown_code") from None


def workshop_for_page(code: str):
    """The workshop of a code in a page's address (the projector's, the QR code's), looked up as a guess
    (limit_code_guesses): an unknown code is 404, 429 once the client has guessed too often."""
    try:
        return limit_code_guesses(lambda: workshop_by_code(code))
    except EngineError as error:
        abort(429 if error.code == "rate_limited" else 404)


class TokenBucket:
    """`capacity` actions at once, refilled at `rate` a second. Not shared between processes: it belongs to one
    socket or one participant, whose events one process handles."""

    __slots__ = ("capacity", "rate", "tokens", "stamp", "clock")

    def __init__(self, capacity: float, rate: float, clock=time.monotonic):
        self.capacity, self.rate, self.clock = capacity, rate, clock
        self.tokens, self.stamp = capacity, clock()

    def take(self) -> bool:
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class Buckets:
    """A token bucket per key (a participant id), the least recently used forgotten beyond `size` keys."""

    def __init__(self, capacity: float, rate: float, size: int = 50_000, clock=time.monotonic):
        self.capacity, self.rate, self.size, self.clock = capacity, rate, size, clock
        self._buckets: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key) -> bool:
        with self._lock:
            bucket = self._buckets.pop(key, None) or TokenBucket(self.capacity, self.rate, self.clock)
            self._buckets[key] = bucket
            if len(self._buckets) > self.size:
                self._buckets.popitem(last=False)
            return bucket.take()

    def clear(self) -> None:
        with self._lock:
            self._buckets.clear()
