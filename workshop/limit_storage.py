"""Where the rate limits count: Redis (shared by every process), and this process's memory while Redis is down.

workshop/limits.py points Flask-Limiter at `klantwijs+redis://...` when KLANTWIJS_MESSAGE_QUEUE is a Redis: the
limits library finds `RedisOrMemory` by that scheme. A failed Redis call never reaches a login or a join (which
answered 500 before); it is answered from memory instead.
"""
from __future__ import annotations

import logging
import time

from limits.storage import MemoryStorage, MovingWindowSupport, RedisStorage, Storage

log = logging.getLogger(__name__)
FALLBACK = "klantwijs+"  # storage scheme prefix of RedisOrMemory
REDIS_RETRY_SECONDS = 2.0  # while Redis is down, ask it again at most this often


class RedisOrMemory(Storage, MovingWindowSupport):
    """The limits' storage: Redis, and this process's memory while Redis does not answer.

    Counting per process for a while is the lesser evil: the alternative is a trainer who cannot log in and a phone
    whose join code answers 500 while Redis restarts. Every REDIS_RETRY_SECONDS Redis is asked again; once it answers,
    the counts are shared again (what was counted in memory meanwhile stays there)."""
    STORAGE_SCHEME = [FALLBACK + "redis", FALLBACK + "rediss"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        from redis.backoff import NoBackoff
        from redis.retry import Retry
        # One short try: a limit that waits for a Redis that is gone would hold up the login or join behind it.
        options = {"socket_connect_timeout": 1, "socket_timeout": 1, "retry": Retry(NoBackoff(), 0), **options}
        self.redis = RedisStorage(uri.removeprefix(FALLBACK), **options)
        self.memory = MemoryStorage()
        self.down_until = 0.0

    @property
    def base_exceptions(self):
        return ()  # never raises for Redis: it answers from memory instead

    def _call(self, name: str, *args, **kwargs):
        if time.monotonic() >= self.down_until:
            try:
                answer = getattr(self.redis, name)(*args, **kwargs)
            except Exception as error:  # any failure of the Redis client: connection refused, timeout, ...
                if not self.down_until:
                    log.warning("rate limits: Redis does not answer (%s); counting in this process's memory", error)
                self.down_until = time.monotonic() + REDIS_RETRY_SECONDS
            else:
                if self.down_until:
                    log.warning("rate limits: Redis answers again; counting there")
                self.down_until = 0.0
                return answer
        return getattr(self.memory, name)(*args, **kwargs)

    def incr(self, key, expiry, amount=1):
        return self._call("incr", key, expiry, amount=amount)

    def get(self, key):
        return self._call("get", key)

    def get_expiry(self, key):
        return self._call("get_expiry", key)

    def check(self) -> bool:
        return True  # the limits always answer, from Redis or from memory

    def reset(self):
        self.memory.reset()
        return self._call("reset")

    def clear(self, key):
        self.memory.clear(key)
        return self._call("clear", key)

    def acquire_entry(self, key, limit, expiry, amount=1):
        return self._call("acquire_entry", key, limit, expiry, amount=amount)

    def get_moving_window(self, key, limit, expiry):
        return self._call("get_moving_window", key, limit, expiry)
