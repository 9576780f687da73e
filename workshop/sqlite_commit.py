"""SQLite connections whose commit waits for the disk off the live loop.

With `synchronous=FULL` (the default: an acknowledged vote survives a power cut) every commit waits until the disk
has the write-ahead log: a few milliseconds on a quiet disk, a hundred or more on a busy one. sqlite3 releases the
GIL while it waits, but under eventlet and gevent the loop's only thread would sit in that wait, and every phone of
every room on the process with it. This connection hands its commit to a real thread (`disk_wait.off_loop`): the
greenlet that commits waits for it (its ack still follows the commit); a commit slower than a few milliseconds gives
the loop back to read the next votes meanwhile. In threading mode, and in the CLI and worker processes, the commit
runs where it is called.
"""
from __future__ import annotations

import sqlite3

from workshop.disk_wait import off_loop


class OffLoopCommitConnection(sqlite3.Connection):
    """Passed to `sqlite3.connect` as its `factory` (SQLAlchemy's `connect_args`)."""

    def commit(self) -> None:
        off_loop(sqlite3.Connection.commit, self)
