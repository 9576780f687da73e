"""A short wait for the disk (SQLite's commit) on a real thread, without a round trip through a busy loop.

With `synchronous=FULL` every commit waits until the disk has the write-ahead log: a millisecond on a quiet disk, a
hundred or more on a busy one. sqlite3 releases the GIL while it waits, but under eventlet and gevent the loop's only
thread would sit in that wait, and every phone of every room on the process with it.

`off_loop(fn, *args)` runs fn on an operating-system thread of its own and first waits for it right here, for at
most BLOCKING_WAIT_SECONDS: a quiet disk's commit is back within that (the loop stood still about as long as an
inline commit would have held it). Only a slower one hands the loop back: the calling greenlet then checks at short
intervals while the loop serves everyone else. A pool handing its answer back through the loop (eventlet's tpool,
gevent's thread pool) would be simpler, but during a vote burst the loop reads every ready socket before it looks at
that answer: a 1 ms commit came back after 30 to 80 ms, and every ack of its batch waited for it (bench/README.md).

Threads are started per call, not pooled: a call never waits for a free thread (a greenlet that holds SQLite's write
lock must be able to commit while another one sits in SQLite's busy wait for that lock), and there are never more
than the database pool's connections at once. In threading mode fn runs where it is called: the caller already has
a real thread of its own.
"""
from __future__ import annotations

from workshop.offload import async_mode

BLOCKING_WAIT_SECONDS = 0.015  # the longest the loop stands still for one commit
FIRST_CHECK_SECONDS = 0.001  # then check at growing intervals, up to
LONGEST_CHECK_SECONDS = 0.02


def _real_thread_parts(mode: str):
    """(start_new_thread, allocate_lock) as they were before the async mode patched them."""
    if mode == "eventlet":
        from eventlet import patcher
        real = patcher.original("_thread")
        return real.start_new_thread, real.allocate_lock
    from gevent import monkey
    return monkey.get_original("_thread", "start_new_thread"), monkey.get_original("_thread", "allocate_lock")


def _green_sleep(mode: str):
    if mode == "eventlet":
        import eventlet
        return eventlet.sleep
    import gevent
    return gevent.sleep


class _Call:
    def __init__(self, fn, args, allocate_lock):
        self.fn, self.args = fn, args
        self.done = allocate_lock()
        self.done.acquire()  # released by the thread when fn has returned or raised
        self.value = self.error = None

    def run(self) -> None:
        try:
            self.value = self.fn(*self.args)
        except BaseException as error:  # handed to the caller, raised there
            self.error = error
        finally:
            self.done.release()


def off_loop(fn, *args):
    """fn(*args) on a real thread; the caller (and its ack) goes on only when fn is done, the loop waits at most
    BLOCKING_WAIT_SECONDS of it."""
    mode = async_mode()
    if mode == "threading":
        return fn(*args)
    start_new_thread, allocate_lock = _real_thread_parts(mode)
    call = _Call(fn, args, allocate_lock)
    start_new_thread(call.run, ())
    if not call.done.acquire(timeout=BLOCKING_WAIT_SECONDS):  # a real lock: this blocks the loop, briefly
        sleep, pause = _green_sleep(mode), FIRST_CHECK_SECONDS
        while not call.done.acquire(blocking=False):
            sleep(pause)  # the loop serves everyone else meanwhile
            pause = min(pause * 2, LONGEST_CHECK_SECONDS)
    if call.error is not None:
        raise call.error
    return call.value
