"""The one way to run heavy work off the live loop: bounded, the same in eventlet, gevent and threading mode.

One event loop serves every phone of every workshop on a server process, so nothing that takes more than a few
milliseconds of CPU may run on it. Two kinds of heavy work, two places:

- `in_thread(fn, ...)`: work that releases the GIL (password hashing: hashlib's scrypt and PBKDF2 do) runs in a
  real operating-system thread of the async mode's own thread pool (eventlet's tpool, gevent's hub thread pool;
  in threading mode the request already has a real thread). The loop keeps serving meanwhile.
- `in_process(fn, ...)` (and `in_app_process`, with the database): pure-Python work (WeasyPrint's PDF, openpyxl's
  workbooks, near-duplicate grouping, whole-archive exports, the archive page) holds the GIL, so a thread would
  still stall the loop. It runs in a dedicated worker subprocess (`workshop.offload_worker`, niced so that the
  live loop wins the CPU), spoken to over a private socket pair.
  The socket is the async mode's own (green under eventlet and gevent), so waiting for the answer never blocks the
  loop; no `multiprocessing` pool or queue is involved (they can hang once the standard library is patched).

Both are bounded: at most `slots` jobs run at once and at most `waiting` more wait for a place, and one
organisation holds at most half of those places and runs on at most half of the slots (its fair share); anything
beyond is refused at once with `Busy`, which the routes answer with 503 and a Dutch message. At least 3 heavy
requests at once per process are always served (contract v2): slots + waiting is well above that.
"""
from __future__ import annotations

import logging
import os
import pickle
import socket
import struct
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
HEADER = struct.Struct("!I")
JOB_TIMEOUT = 180.0  # seconds; a worker that takes longer is killed and replaced
# Password hashes at once: each takes a core for tens of milliseconds, so the live loop always keeps one core
# (a burst of logins otherwise stalls every room); the rest wait for a place, up to THREAD_WAITING.
THREAD_SLOTS = max(1, min(4, (os.cpu_count() or 2) - 1))
THREAD_WAITING = 32
PROCESS_SLOTS = 2  # one worker subprocess per slot (2 cores here: the live loop keeps one)
PROCESS_WAITING = 6
WORKER_NICENESS = 10


class Busy(Exception):
    """Too much heavy work is already running or waiting: refuse instead of queueing without bound."""


class WorkerFailed(Exception):
    """The job raised in the worker, or the worker died or timed out; the message says which."""


def async_mode() -> str:
    """The async mode this process runs in, read from what `wsgi.py` monkey-patched (nothing: threading)."""
    if "eventlet" in sys.modules:
        from eventlet import patcher
        if patcher.is_monkey_patched("thread"):
            return "eventlet"
    if "gevent" in sys.modules:
        from gevent import monkey
        if monkey.is_module_patched("threading"):
            return "gevent"
    return "threading"


@dataclass
class _Gate:
    """At most `slots` running and `waiting` waiting; `enter` refuses the next one with Busy."""
    slots: int
    waiting: int
    inside: int = 0
    entered: int = 0  # jobs let in since the start (tests and metrics read it)
    lock: threading.Lock = field(default_factory=threading.Lock)
    semaphore: threading.Semaphore | None = None

    def __post_init__(self):
        self.semaphore = threading.Semaphore(self.slots)

    def __enter__(self):
        with self.lock:
            if self.inside >= self.slots + self.waiting:
                raise Busy()
            self.inside += 1
            self.entered += 1
        self.semaphore.acquire()
        return self

    def __exit__(self, *exc):
        self.semaphore.release()
        with self.lock:
            self.inside -= 1


_thread_gate = _Gate(THREAD_SLOTS, THREAD_WAITING)


def _lowered(fn, args, kwargs):
    """Runs in a pool thread: lower that thread's priority (Linux: per thread) so the live loop wins the CPU."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICENESS)
    except (AttributeError, OSError):  # not Linux, or not allowed: run at normal priority
        pass
    return fn(*args, **kwargs)


def in_thread(fn, *args, **kwargs):
    """fn(*args, **kwargs) in a real thread; for work that releases the GIL. Busy when too much waits."""
    with _thread_gate:
        if async_mode() == "threading":
            return fn(*args, **kwargs)  # the request has a real thread of its own already: no pool, no lowering
        return _in_pool(_lowered, fn, args, kwargs)


def _in_pool(fn, *args):
    """fn(*args) in a real thread of the async mode's pool while the calling greenlet waits and the loop serves
    everyone else. For work of tens of milliseconds (a password hash): the loop does not wait for any of it. (A
    commit waiting for the disk, mostly a millisecond, goes through `workshop.disk_wait` instead.)"""
    if async_mode() == "eventlet":
        from eventlet import tpool
        return tpool.execute(fn, *args)
    return _gevent_pool().apply(fn, args)


_gevent_pools: dict = {}


def _gevent_pool():
    """gevent: a pool of this process's own, so that the heavy-work gate alone decides how many hashes run."""
    import gevent
    from gevent.threadpool import ThreadPool
    hub = gevent.get_hub()
    if hub not in _gevent_pools:
        _gevent_pools[hub] = ThreadPool(THREAD_SLOTS, hub=hub)  # the gate lets no more in at once
    return _gevent_pools[hub]


def _current_locale() -> str | None:
    """The language of the request being served, so that the worker's gettext answers in it."""
    from flask import has_request_context
    if not has_request_context():
        return None
    from flask_babel import get_locale
    locale = get_locale()
    return str(locale) if locale else None


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(HEADER.pack(len(payload)) + payload)


def _receive_exactly(sock: socket.socket, size: int) -> bytes:
    chunks, missing = [], size
    while missing:
        chunk = sock.recv(min(missing, 1 << 20))
        if not chunk:
            raise EOFError("worker closed its socket")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def receive(sock: socket.socket) -> bytes:
    (size,) = HEADER.unpack(_receive_exactly(sock, HEADER.size))
    return _receive_exactly(sock, size)


def _owner():
    """Whose heavy work this is: the organisation of the request's trainer, or what the route set in
    `g.heavy_work_owner` (a public hand-out link: the organisation of its workshop). None outside a request."""
    from flask import g, has_request_context
    if not has_request_context():
        return None
    owner = g.get("heavy_work_owner")
    if owner is None:
        trainer = g.get("trainer")
        if trainer is None:
            from flask_login import current_user
            trainer = current_user if current_user and current_user.is_authenticated else None
        owner = getattr(trainer, "organisation_id", None)
    return owner


@dataclass
class _Shares:
    """Fair shares of a pool between owners (organisations). Each owner holds at most `places` of the pool's places
    (running and waiting) at once, and runs at most `running` jobs at once, so that one organisation's load, or
    one public link's, never takes all of it: another organisation's job always finds a place and a free slot."""
    places: int
    running: int
    held: dict = field(default_factory=dict)  # owner -> [places held, that owner's slots]
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, owner):
        return _Share(self, owner)


@dataclass
class _Share:
    shares: _Shares
    owner: object
    slots: threading.Semaphore | None = None

    def __enter__(self):
        if self.owner is None:
            return self
        shares = self.shares
        with shares.lock:
            entry = shares.held.setdefault(self.owner, [0, threading.Semaphore(shares.running)])
            if entry[0] >= shares.places:
                raise Busy()
            entry[0] += 1
            self.slots = entry[1]
        self.slots.acquire()  # this owner's own slots first: waiting here never blocks another owner's job
        return self

    def __exit__(self, *exc):
        if self.owner is None:
            return
        self.slots.release()
        with self.shares.lock:
            entry = self.shares.held[self.owner]
            entry[0] -= 1
            if not entry[0]:
                del self.shares.held[self.owner]


class _Worker:
    """One worker subprocess and our end of its socket pair."""

    def __init__(self):
        ours, theirs = socket.socketpair()
        env = os.environ.copy()
        env["KLANTWIJS_WORKER_NICENESS"] = str(WORKER_NICENESS)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "workshop.offload_worker", str(theirs.fileno())], cwd=str(ROOT), env=env,
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL)
        theirs.close()
        self.sock = ours
        self.sock.settimeout(JOB_TIMEOUT)
        self.jobs_done = 0  # jobs this worker subprocess answered

    def call(self, function: str, args: tuple, kwargs: dict, database: str | None = None):
        request = (function, args, kwargs, _current_locale(), database)
        _send(self.sock, pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))
        ok, value = pickle.loads(receive(self.sock))
        self.jobs_done += 1
        if not ok:
            raise WorkerFailed(value)
        return value

    def stop(self) -> None:
        try:
            self.sock.close()
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()


class _WorkerPool:
    def __init__(self, slots: int, waiting: int):
        self.gate = _Gate(slots, waiting)
        self.shares = _Shares(places=max(1, (slots + waiting) // 2), running=max(1, slots // 2))
        self.idle: list[_Worker] = []
        self.lock = threading.Lock()
        self.pid = os.getpid()

    def _checkout(self) -> _Worker:
        with self.lock:
            if self.pid != os.getpid():  # forked: the parent's workers are not ours
                self.idle, self.pid = [], os.getpid()
            if self.idle:
                return self.idle.pop()
        return _Worker()

    def call(self, function: str, args: tuple, kwargs: dict, database: str | None = None):
        with self.shares(_owner()), self.gate:
            worker = self._checkout()
            try:
                value = worker.call(function, args, kwargs, database)
            except WorkerFailed:
                with self.lock:
                    self.idle.append(worker)  # the job failed, the worker is fine
                raise
            except (OSError, EOFError, socket.timeout) as error:
                worker.stop()
                raise WorkerFailed(f"worker lost: {error!r}") from error
            with self.lock:
                self.idle.append(worker)
            return value

    def stop(self) -> None:
        with self.lock:
            workers, self.idle = self.idle, []
        for worker in workers:
            worker.stop()


_pool = _WorkerPool(PROCESS_SLOTS, PROCESS_WAITING)


IN_WORKER = False  # set by workshop.offload_worker: a job that asks for a worker is already in one


def in_process(fn, *args, **kwargs):
    """fn(*args, **kwargs) in a worker subprocess; fn must be a module-level function, args picklable.
    Busy when too much is running or waiting; WorkerFailed when the job raised or the worker died.
    Inside a worker it runs at once (the worker is off the live loop already)."""
    if IN_WORKER:
        return fn(*args, **kwargs)
    return _pool.call(f"{fn.__module__}:{fn.__qualname__}", args, kwargs)


def in_app_process(fn, *args, **kwargs):
    """Like in_process, but fn runs inside an app context (and a request context for templates) of the worker's
    own app on this app's database: for heavy work that reads much from the database (whole-archive exports,
    the organisation's toolkit PDF). fn must only read: the live loop's process does the writing."""
    from flask import current_app
    database = current_app.config["SQLALCHEMY_DATABASE_URI"]
    return _pool.call(f"{fn.__module__}:{fn.__qualname__}", args, kwargs, database)


def stop_workers() -> None:
    """End the idle worker subprocesses (tests, and a server that shuts down)."""
    _pool.stop()


def load() -> dict[str, tuple[int, int]]:
    """(running, waiting) heavy jobs of this process, per place ("thread", "process"): for /metrics."""
    def of(gate: _Gate) -> tuple[int, int]:
        inside = gate.inside
        return min(inside, gate.slots), max(0, inside - gate.slots)
    return {"thread": of(_thread_gate), "process": of(_pool.gate)}
