"""A slow disk never stalls the room: SQLite's commit waits for the disk off the live loop.

With `synchronous=FULL` a commit waits until the disk has the write-ahead log, which on a busy disk takes a hundred
milliseconds or more. Each async mode runs in a process of its own (monkey-patching is per process): the commit is
made slow for real (SQLite's trace callback holds the thread that runs COMMIT for 0.3 s), while a green ticker
counts. Under eventlet and gevent the ticker keeps running during the commit, because the commit runs on another
operating-system thread; the commit still completes before the caller goes on (its ack follows it), and the row is
on disk for another connection to read. A quick commit, on the other hand, does not give the loop away at all:
waiting for a round of a busy loop would hold back every ack of its batch (bench/README.md).
"""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from tests.server import ROOT

PROBE = r'''
import json, os, sys
mode, data_dir = sys.argv[1], sys.argv[2]
if mode == "eventlet":
    import eventlet
    eventlet.monkey_patch()
    from eventlet import patcher
    blocking_sleep = patcher.original("time").sleep
    native_id = patcher.original("threading").get_native_id
    spawn, green_sleep = eventlet.spawn, eventlet.sleep
else:
    from gevent import monkey
    monkey.patch_all()
    import gevent
    blocking_sleep = monkey.get_original("time", "sleep")
    native_id = monkey.get_original("threading", "get_native_id")
    spawn, green_sleep = gevent.spawn, gevent.sleep

os.environ["KLANTWIJS_DATA_DIR"] = data_dir
from flask_migrate import upgrade
from sqlalchemy import text
from workshop import create_app
from workshop.models import db

app = create_app({"TESTING": True, "ASYNC_MODE": mode})
loop_thread = native_id()
commit_threads = []
ticks = []


def slow_commit(statement):
    if statement == "COMMIT":
        commit_threads.append(native_id())
        blocking_sleep(0.3)  # a disk that takes 0.3 s to sync the write-ahead log


def tick():
    while True:
        ticks.append(1)
        green_sleep(0.01)


with app.app_context():
    upgrade()
    db.session.execute(text("CREATE TABLE probe (answer TEXT)"))
    db.session.commit()
    db.session.execute(text("INSERT INTO probe VALUES ('b')"))
    db.session.connection().connection.dbapi_connection.set_trace_callback(slow_commit)
    ticker = spawn(tick)
    green_sleep(0.05)
    before = len(ticks)
    db.session.commit()
    during = len(ticks) - before
    ticker.kill()

    # a quick commit (the disk answers at once) comes back without a round of the loop: a greenlet that is ready
    # to run does not get a turn in between (with a pool that answers through the loop, it always did)
    db.session.connection().connection.dbapi_connection.set_trace_callback(None)
    turns = []

    def ready():
        while True:
            turns.append(1)
            green_sleep(0)

    eager = spawn(ready)
    green_sleep(0.01)
    quick_turns = []
    for answer in ("c", "d", "e", "f", "g"):
        db.session.execute(text("INSERT INTO probe VALUES (:answer)"), {"answer": answer})
        before = len(turns)
        db.session.commit()
        quick_turns.append(len(turns) - before)
    eager.kill()
print(json.dumps({"ticks_during_commit": during, "commits": len(commit_threads),
                  "commit_on_loop_thread": loop_thread in commit_threads, "turns_during_quick_commits": quick_turns}))
'''


@pytest.mark.parametrize("mode", ["eventlet", "gevent"])
def test_a_commit_waiting_for_a_slow_disk_leaves_the_loop_serving(tmp_path, mode):
    done = subprocess.run([sys.executable, "-c", PROBE, mode, str(tmp_path / "data")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["commits"] == 1 and not outcome["commit_on_loop_thread"]
    # 0.3 s of commit against a 10 ms ticker: a stalled loop would not tick at all
    assert outcome["ticks_during_commit"] >= 3, outcome
    # a quick commit holds the loop instead of waiting for a round of it (the acks of its batch go at once); on a
    # machine so busy that a commit takes over 15 ms, that one gives the loop away, so one of five must not (with a
    # pool answering through the loop every one of them did)
    assert 0 in outcome["turns_during_quick_commits"], outcome
    with sqlite3.connect(tmp_path / "data" / "klantwijs.db") as reader:  # committed: another connection sees it
        assert [row[0] for row in reader.execute("SELECT answer FROM probe ORDER BY answer")] == list("bcdefg")
