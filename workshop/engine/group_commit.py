"""Group commit: many handlers hand in their work, one writer task applies it in batches, one transaction each.

A handler calls `submit(item)` and waits. The writer takes everything that has arrived, calls `apply(items)` inside
the submitting app's context (one commit for the whole batch), and only then wakes each handler with its own
outcome: a Result, or an EngineError it raises. So an acknowledgement still follows the commit, and a burst of
1,000 votes costs a handful of transactions instead of 1,000.

Nothing here is eventlet-specific: the async primitives come from `runtime()`, an object with the interface of a
python-engineio server (`start_background_task`, `sleep`, `create_queue`, `get_queue_empty_exception`,
`create_event`), so the same code runs under eventlet, gevent or threads.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from flask import Flask, current_app

from workshop.errors import EngineError
from workshop.offload import async_mode

log = logging.getLogger(__name__)

MAX_BATCH = 2_000  # items per transaction: a whole room at once (SQLite allows 32,766 bound parameters)
WAIT_SECONDS = 60.0  # longer than SQLite's busy timeout (30 s): a handler never waits forever


class _EventletDone:
    """Eventlet: the handler waits on eventlet's own event. The engine.io driver's event is the green
    `threading.Event`, a Condition over green locks that costs about 50% more per handler, a thousand times a burst."""

    def __init__(self):
        from eventlet.event import Event
        self.event = Event()

    def set(self) -> None:
        self.event.send(True)

    def wait(self, timeout: float) -> bool:
        return self.event.wait(timeout) is True  # None when the timeout came first


def _done_event(runtime):
    return _EventletDone() if async_mode() == "eventlet" else runtime.create_event()


@dataclass
class _Ticket:
    app: Flask
    item: Any
    done: Any  # an event of the server's async mode
    outcome: Any = field(default=None)


class GroupCommit:
    def __init__(self, apply: Callable[[list], list], runtime: Callable[[], Any], max_batch: int = MAX_BATCH,
                 on_committed: Callable[[list], list] | None = None):
        self.apply = apply
        # told each stored batch's outcomes before its handlers wake; answers the outcomes the handlers get
        self.on_committed = on_committed
        self.runtime = runtime
        self.max_batch = max_batch
        self.queue = None
        self.lock = threading.Lock()  # green under eventlet's monkey-patching

    def submit(self, item):
        """Hand in one item and wait until its batch is committed; returns its outcome or raises its error."""
        runtime = self.runtime()
        ticket = _Ticket(current_app._get_current_object(), item, _done_event(runtime))
        self._queue(runtime).put(ticket)
        if not ticket.done.wait(WAIT_SECONDS):
            log.error("no outcome within %s s from the group-commit writer", WAIT_SECONDS)
            raise EngineError("server_error")
        if isinstance(ticket.outcome, Exception):
            raise ticket.outcome
        return ticket.outcome

    def _queue(self, runtime):
        """The queue of the one writer task, started on first use."""
        if self.queue is None:
            with self.lock:
                if self.queue is None:
                    queue = runtime.create_queue()
                    runtime.start_background_task(self._run, runtime, queue)
                    self.queue = queue
        return self.queue

    def _run(self, runtime, queue) -> None:
        empty = runtime.get_queue_empty_exception()
        while True:
            # No extra turn of the loop before taking the batch: the writer wakes after the handlers that ran with
            # the first one have handed theirs in; one more round (a burst reads hundreds of sockets in one) would
            # only hold back every ack of the batch, and what arrives meanwhile goes with the next.
            batch = [queue.get()]
            while len(batch) < self.max_batch:
                try:
                    batch.append(queue.get_nowait())
                except empty:
                    break
            self.write(batch)

    def _tell_committed(self, app: Flask, outcomes: list) -> list:
        if self.on_committed is None:
            return outcomes
        try:
            with app.app_context():
                told = self.on_committed(outcomes)
            if len(told) == len(outcomes):
                return told
            log.error("on_committed answered %d outcomes for %d", len(told), len(outcomes))
        except Exception:  # stored is stored: the handlers still get their outcomes
            log.exception("telling of a committed batch failed")
        return outcomes

    def write(self, batch: list[_Ticket]) -> None:
        """Apply one batch (per app: tests run several) and wake every waiting handler, whatever happens."""
        by_app: dict[Flask, list[_Ticket]] = {}
        for ticket in batch:
            by_app.setdefault(ticket.app, []).append(ticket)
        for app, tickets in by_app.items():
            try:
                with app.app_context():
                    outcomes = self.apply([ticket.item for ticket in tickets])
                if len(outcomes) != len(tickets):
                    raise RuntimeError(f"{len(outcomes)} outcomes for {len(tickets)} items")
            except Exception:  # the writer must never stop; these handlers answer server_error
                log.exception("group commit of %d items failed", len(tickets))
                outcomes = [EngineError("server_error") for _ticket in tickets]
            else:
                outcomes = self._tell_committed(app, outcomes)
            for ticket, outcome in zip(tickets, outcomes):
                ticket.outcome = outcome
                ticket.done.set()
