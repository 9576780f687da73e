"""Backup and restore (`flask --app wsgi backup FILE`, `restore FILE`) against a real `python wsgi.py`.

A backup taken in the middle of a vote burst restores into a server that has the workshop and every vote that was
acknowledged before the backup began; nothing sent after it finished; `PRAGMA integrity_check` says ok. A restore
never overwrites a database, and with PostgreSQL both commands point to pg_dump / pg_restore.
"""
from __future__ import annotations

import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.e2e.clients import Phone
from tests.server import ROOT, ServerProcess, setup_trainer

SETTLED = 20  # phones that vote once, all acknowledged before the backup begins
BURST = 20  # phones that keep re-voting from before the backup began until after it finished
LATE = 5  # phones that vote only after the backup finished
MAX_ROUNDS = 400  # bound on each burst phone's votes
OPTIONS = "abcd"


@pytest.fixture
def server(tmp_path):
    process = ServerProcess(tmp_path / "live").start()
    yield process
    process.stop()


def integrity(path) -> str:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


@pytest.mark.services  # a real server and thirty phones: `make test`, not `make check`
def test_backup_during_a_vote_burst_restores_every_vote_acknowledged_before_it(server, clients, tmp_path):
    phones = clients  # closed at the end of the test
    token = setup_trainer(server)
    _status, created = server.request("POST", "/api/v1/workshops", {
        "title": "Back-up tijdens het stemmen", "exercises": ["vier-keer-bellen"]}, token=token)
    code = created["code"]
    for action in ({"action": "goto", "index": 0}, {"action": "open"}):
        assert server.request("POST", f"/api/v1/workshops/{code}/control", action, token=token)[0] == 200
    with ThreadPoolExecutor(10) as pool:
        phones.extend(pool.map(lambda _: Phone(server.url), range(SETTLED + BURST + LATE)))
        list(pool.map(lambda phone: phone.join(code), phones))
    settled, burst, late = phones[:SETTLED], phones[SETTLED:SETTLED + BURST], phones[SETTLED + BURST:]
    with ThreadPoolExecutor(10) as pool:
        assert all(ack == {"ok": True} for ack in pool.map(
            lambda i: settled[i].call("vote", {"option": OPTIONS[i % 4]}), range(SETTLED)))

    # The burst: each burst phone re-votes in a loop until the backup has finished; every vote is logged with the
    # moment it was sent and the moment its ack came back.
    finished, started_burst = threading.Event(), threading.Barrier(BURST + 1)
    sent: list[list[tuple[float, float | None, str]]] = [[] for _ in burst]

    def keep_voting(index: int) -> None:
        started_burst.wait(30)
        for round_ in range(MAX_ROUNDS):
            if finished.is_set():
                return
            option = OPTIONS[(index + round_) % 4]
            sent_at = time.monotonic()
            ack = burst[index].call("vote", {"option": option})
            sent[index].append((sent_at, time.monotonic() if ack == {"ok": True} else None, option))
            time.sleep(0.02)

    threads = [threading.Thread(target=keep_voting, args=(i,)) for i in range(BURST)]
    for thread in threads:
        thread.start()
    started_burst.wait(30)
    time.sleep(0.5)  # the burst is under way
    backup_file = tmp_path / "klantwijs-backup.db"
    began = time.monotonic()
    made = server.flask("backup", str(backup_file))
    ended = time.monotonic()
    finished.set()
    for thread in threads:
        thread.join(60)
    assert made.returncode == 0, made.stderr
    assert "Back-up gemaakt" in made.stdout
    assert integrity(backup_file) == "ok"
    during = [s for votes in sent for s in votes if s[1] is not None and began < s[1] < ended]
    assert during, "no vote was acknowledged while the backup ran: it was not taken during a burst"
    with ThreadPoolExecutor(5) as pool:
        assert all(ack == {"ok": True} for ack in pool.map(lambda phone: phone.call("vote", {"option": "a"}), late))
    assert server.flask("backup", str(backup_file)).returncode != 0  # never overwrites an earlier backup

    restored = ServerProcess(tmp_path / "restored")
    put_back = restored.flask("restore", str(backup_file))
    assert put_back.returncode == 0, put_back.stderr
    restored.start()
    try:
        status, state = restored.request("GET", f"/api/v1/workshops/{code}", token=token)
        assert status == 200 and state["title"] == "Back-up tijdens het stemmen"

        def vote_of(phone) -> str | None:
            check = Phone(restored.url)
            try:
                return check.join(code, token=phone.token)["state"]["me"]["vote"]
            finally:
                check.close()

        with ThreadPoolExecutor(8) as pool:
            votes = list(pool.map(vote_of, phones))
        assert votes[:SETTLED] == [OPTIONS[i % 4] for i in range(SETTLED)]
        for index, vote in enumerate(votes[SETTLED:SETTLED + BURST]):
            acked_before = [s for s in sent[index] if s[1] is not None and s[1] < began]
            sent_before_end = [s[2] for s in sent[index] if s[0] < ended]
            if acked_before:  # that vote, or one the phone sent after it while the backup ran
                assert vote in sent_before_end[len(acked_before) - 1:], (index, vote, sent[index])
            else:
                assert vote is None or vote in sent_before_end
        assert votes[SETTLED + BURST:] == [None] * LATE  # sent after the backup finished: not in it
        _status, results = restored.request("GET", f"/api/v1/workshops/{code}/results", token=token)
        assert results["exercises"][0]["total"] == sum(vote is not None for vote in votes)
        assert integrity(restored.data_dir / "klantwijs.db") == "ok"
    finally:
        restored.stop()

    again = restored.flask("restore", str(backup_file))  # the data dir holds a database now
    assert again.returncode != 0 and "lege data-map" in again.stderr


def test_restore_refuses_what_is_not_a_klantwijs_backup(tmp_path):
    stranger = tmp_path / "iets-anders.db"
    connection = sqlite3.connect(stranger)
    connection.execute("CREATE TABLE boodschappen (item TEXT)")
    connection.commit()
    connection.close()
    server = ServerProcess(tmp_path / "empty")
    refused = server.flask("restore", str(stranger))
    assert refused.returncode != 0 and "geen back-up van Klantwijs" in refused.stderr
    assert not (server.data_dir / "klantwijs.db").exists()


def test_with_postgresql_both_commands_point_to_its_own_tools(tmp_path, postgres_server):
    database = postgres_server.create_database("kw_backup_advice")
    env = {"KLANTWIJS_DATABASE_URL": database.replace("klantwijs@", "klantwijs:geheim@")}
    server = ServerProcess(tmp_path / "pg", extra_env=env)
    made = server.flask("backup", str(tmp_path / "dump"))
    assert made.returncode != 0 and "pg_dump --format=custom" in made.stderr
    assert "geheim" not in made.stderr  # the password is not printed
    restored = server.flask("restore", str(ROOT / "README.md"))
    assert restored.returncode != 0 and "pg_restore" in restored.stderr
    assert not (tmp_path / "dump").exists()

