"""Two server processes behind a real Redis message queue share one PostgreSQL database: a projector on one
process sees what phones do on the other."""
from __future__ import annotations

import threading
import time
import uuid

import pytest

from tests.e2e.clients import Phone, Projector, close_all, screen_key_of
from tests.server import ServerProcess, setup_trainer


@pytest.fixture
def servers(tmp_path, redis_server, postgres_server, async_mode):
    database = postgres_server.create_database(f"kw_{uuid.uuid4().hex[:12]}")
    env = {"KLANTWIJS_MESSAGE_QUEUE": redis_server.url, "KLANTWIJS_DATABASE_URL": database,
           "KLANTWIJS_SECRET_KEY": "shared-secret-for-both-processes"}
    first = ServerProcess(tmp_path / "one", extra_env=env, async_mode=async_mode).start()
    second = ServerProcess(tmp_path / "two", extra_env=env, async_mode=async_mode).start()
    yield first, second
    first.stop()
    second.stop()


def test_broadcasts_cross_processes(servers):
    first, second = servers
    token = setup_trainer(first)
    _status, created = first.request("POST", "/api/v1/workshops", {
        "title": "Twee processen", "exercises": ["fris-blijven", "vier-keer-bellen"]}, token=token)
    code = created["code"]
    projector = Projector(first.url, code, screen_key_of(created["screen_url"]))
    phones = [Phone(second.url) for _ in range(6)]
    try:
        for phone in phones:
            phone.join(code)
        projector.wait_for("presence", lambda p: p["participants"] == 6)
        # The trainer's action goes to the second process; the projector on the first follows.
        status, _state = second.request("POST", f"/api/v1/workshops/{code}/control",
                                        {"action": "goto", "index": 1}, token=token)
        assert status == 200
        second.request("POST", f"/api/v1/workshops/{code}/control", {"action": "open"}, token=token)
        projector.wait_for("state", lambda s: s["exercise"] and s["exercise"]["phase"] == "open")
        for phone, option in zip(phones, "aabbcc"):
            assert phone.call("vote", {"option": option}) == {"ok": True}
        tally = projector.wait_for("tally", lambda t: t["total"] == 6)
        assert tally["counts"]["a"] == 2 and tally["counts"]["c"] == 2
    finally:
        close_all([projector, *phones])


def most_in_one_second(arrivals: list[float]) -> int:
    return max((sum(1 for t in arrivals if start <= t < start + 1.0) for start in arrivals), default=0)


def test_a_burst_on_both_processes_still_gives_the_projector_ten_tallies_a_second(servers):
    """The rate rule is per workshop: phones on both processes change their votes for two seconds; the projector
    gets fresh tallies all along, but never more than about ten a second (each process alone would send ten)."""
    first, second = servers
    token = setup_trainer(first)
    _status, created = first.request("POST", "/api/v1/workshops", {
        "title": "Twee processen", "exercises": ["vier-keer-bellen"]}, token=token)
    code = created["code"]
    for action in ({"action": "goto", "index": 0}, {"action": "open"}):
        assert first.request("POST", f"/api/v1/workshops/{code}/control", action, token=token)[0] == 200
    projector = Projector(first.url, code, screen_key_of(created["screen_url"]))
    phones = [Phone(server.url) for server in (first, second) for _ in range(6)]
    try:
        for phone in phones:
            phone.join(code)

        def change_votes(phone: Phone, last: str) -> None:
            for round_number in range(8):  # 8 changes, 4 a second: within what a participant may do
                assert phone.call("vote", {"option": "ab"[round_number % 2] if round_number < 7 else last})["ok"]
                time.sleep(0.25)

        started = time.monotonic()
        threads = [threading.Thread(target=change_votes, args=(phone, "c" if n % 3 else "a"))
                   for n, phone in enumerate(phones)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        final = projector.wait_for("tally", lambda t: t["counts"]["c"] == 8 and t["counts"]["a"] == 4)
        assert final["total"] == 12
        with projector.lock:
            during = [t for t in projector.arrivals.get("tally", []) if t >= started]
        assert len(during) >= 10, f"only {len(during)} tallies in a two-second burst"
        assert most_in_one_second(during) <= 11, f"{most_in_one_second(during)} tallies within one second"
    finally:
        close_all([projector, *phones])
def test_a_timer_set_on_one_process_closes_once_for_projectors_on_both(servers):
    """Both processes watch the deadline in the shared database; one closes the exercise (a conditional UPDATE),
    and its `state` reaches projectors on either process through the queue. Killing the process where the timer
    was set does not stop it."""
    first, second = servers
    token = setup_trainer(first)
    _status, created = first.request("POST", "/api/v1/workshops", {
        "title": "Timer over twee processen", "exercises": ["vier-handvatten-op-volgorde"]}, token=token)
    code = created["code"]
    key = screen_key_of(created["screen_url"])
    on_second = Projector(second.url, code, key)
    try:
        for action in ({"action": "goto", "index": 0}, {"action": "open"}, {"action": "timer", "seconds": 5}):
            status, _state = first.request("POST", f"/api/v1/workshops/{code}/control", action, token=token)
            assert status == 200
        on_second.wait_for("state", lambda s: s["exercise"]["timer"] is not None)
        first.kill()  # the process that set the timer is gone; the other one closes the exercise
        closed = on_second.wait_for("state", lambda s: s["exercise"]["phase"] == "closed", timeout=20)
        assert closed["exercise"]["timer"] is None
        status, state = second.request("GET", f"/api/v1/workshops/{code}", token=token)
        assert status == 200 and state["exercises"][0]["phase"] == "closed"
    finally:
        on_second.close()
