"""End to end against a real `python wsgi.py` (eventlet) with real Socket.IO clients: a before/after scale, an order
exercise with its reveal, and the exercise timer, including a timer that runs out while the server is down."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.e2e.clients import Phone, Projector, screen_key_of
from tests.server import ServerProcess, setup_trainer

PHONES = 12
START, END, HANDLES = "zeker-slecht-nieuws-start", "zeker-slecht-nieuws-eind", "vier-handvatten-op-volgorde"
INTENDED = ["gevoel", "feiten", "mogelijk", "afronden"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = ServerProcess(tmp_path_factory.mktemp("measure-data")).start()
    process.token = setup_trainer(process)
    yield process
    process.stop()


class Workshop:
    def __init__(self, server, exercises, clients):
        self.server = server
        status, created = server.request("POST", "/api/v1/workshops", {"title": "Meten", "exercises": exercises},
                                         token=server.token)
        assert status == 201, created
        self.code = created["code"]
        self.projector = Projector(server.url, self.code, screen_key_of(created["screen_url"]))
        with ThreadPoolExecutor(8) as pool:
            self.phones = list(pool.map(lambda _: Phone(server.url), range(PHONES)))
            self.tokens = [ack["participant"]["token"] for ack in pool.map(lambda p: p.join(self.code), self.phones)]
        clients.extend([self.projector, *self.phones])

    def control(self, **action):
        status, state = self.server.request("POST", f"/api/v1/workshops/{self.code}/control", action,
                                            token=self.server.token)
        assert status == 200, state
        return state

    def results(self):
        status, results = self.server.request("GET", f"/api/v1/workshops/{self.code}/results", token=self.server.token)
        assert status == 200
        return results["exercises"]


def test_a_before_and_after_scale_with_real_phones(server, clients):
    room = Workshop(server, [START, END], clients)
    room.control(action="goto", index=0)
    room.control(action="open")
    room.phones[0].wait_for("state", lambda s: s["exercise"] and s["exercise"]["phase"] == "open")
    with ThreadPoolExecutor(8) as pool:
        acks = list(pool.map(lambda pair: pair[1].call("rate", {"value": 2 + pair[0] % 2}), enumerate(room.phones)))
    assert all(ack == {"ok": True} for ack in acks)
    before = room.projector.wait_for("tally", lambda t: t["index"] == 0 and t["total"] == PHONES)
    assert before["mean"] == 2.5 and before["counts"]["2"] == before["counts"]["3"] == PHONES // 2
    assert room.phones[0].call("rate", {"value": 9})["error"] == "invalid"
    room.control(action="close")
    room.control(action="goto", index=1)
    room.control(action="open")
    room.phones[0].wait_for("state", lambda s: s["exercise"] and s["exercise"]["index"] == 1)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda phone: phone.call("rate", {"value": 4}), room.phones[: PHONES // 2]))
    after = room.projector.wait_for("tally", lambda t: t["index"] == 1 and t["total"] == PHONES // 2)
    assert after["mean"] == 4.0 and after["before"]["before_mean"] == 2.5 and after["before"]["paired"] == PHONES // 2
    results = room.results()[1]
    assert (results["before_mean"], results["after_mean"], results["paired"]) == (2.5, 4.0, PHONES // 2)


def test_an_order_with_real_phones_average_and_reveal(server, clients):
    room = Workshop(server, [HANDLES], clients)
    room.control(action="goto", index=0)
    room.control(action="open")
    room.phones[0].wait_for("state", lambda s: s["exercise"] and s["exercise"]["phase"] == "open")
    swapped = ["feiten", "gevoel", "mogelijk", "afronden"]
    with ThreadPoolExecutor(8) as pool:
        acks = list(pool.map(lambda pair: pair[1].call("order", {"items": INTENDED if pair[0] % 2 else swapped}),
                             enumerate(room.phones)))
    assert all(ack == {"ok": True} for ack in acks)
    tally = room.projector.wait_for("tally", lambda t: t["total"] == PHONES)
    assert tally["exact"] == PHONES // 2
    # the library's order has a decoy ("lokzin", position 0) that every phone here left out
    assert tally["mean_position"] == {"gevoel": 1.5, "feiten": 1.5, "mogelijk": 3.0, "afronden": 4.0, "lokzin": None}
    assert tally["left_out"] == {"gevoel": 0, "feiten": 0, "mogelijk": 0, "afronden": 0, "lokzin": PHONES}
    assert room.phones[0].call("order", {"items": ["gevoel", "gevoel"]})["error"] == "invalid"
    room.control(action="reveal")
    state = room.phones[3].wait_for("state", lambda s: s["exercise"]["phase"] == "revealed")
    assert [r["id"] for r in state["exercise"]["revealed"]] == INTENDED + ["lokzin"]
    again = Phone(server.url)
    clients.append(again)
    me = again.join(room.code, token=room.tokens[1])["state"]["me"]
    assert me["rankings"] == {"0": INTENDED}


def test_the_timer_closes_the_exercise_without_anyone_watching(server, clients):
    room = Workshop(server, [HANDLES], clients)
    room.control(action="goto", index=0)
    room.control(action="open")
    timer = room.control(action="timer", seconds=5)["exercises"][0]["timer"]
    assert timer["seconds"] == 5 and timer["ends_at"].endswith("Z")
    shown = room.phones[0].wait_for("state", lambda s: s["exercise"]["timer"] is not None)
    assert shown["exercise"]["timer"]["ends_at"] == timer["ends_at"]
    closed = room.projector.wait_for("state", lambda s: s["exercise"]["phase"] == "closed", timeout=15)
    assert closed["exercise"]["timer"] is None
    assert room.phones[1].call("order", {"items": INTENDED})["error"] == "not_open"


def test_a_timer_that_ran_out_while_the_server_was_down_is_closed_at_start_up(tmp_path):
    process = ServerProcess(tmp_path / "data").start()
    try:
        token = setup_trainer(process)
        _status, created = process.request("POST", "/api/v1/workshops", {"title": "Herstart", "exercises": [HANDLES]},
                                           token=token)
        code = created["code"]
        for action in ({"action": "goto", "index": 0}, {"action": "open"}, {"action": "timer", "seconds": 5}):
            assert process.request("POST", f"/api/v1/workshops/{code}/control", action, token=token)[0] == 200
        process.kill()
        time.sleep(6)  # the deadline passes while no server runs
        process.start()
        _status, state = process.request("GET", f"/api/v1/workshops/{code}", token=token)
        assert state["exercises"][0]["phase"] == "closed" and state["exercises"][0]["timer"] is None
    finally:
        process.stop()


def test_a_timer_still_running_at_a_restart_is_honoured(tmp_path):
    """Killed with time left: after the restart the exercise is still open with the same deadline, and the new
    process closes it when the time is up (its task, not any browser)."""
    process = ServerProcess(tmp_path / "data").start()
    try:
        token = setup_trainer(process)
        _status, created = process.request("POST", "/api/v1/workshops", {"title": "Herstart", "exercises": [START]},
                                           token=token)
        code = created["code"]
        for action in ({"action": "goto", "index": 0}, {"action": "open"}, {"action": "timer", "seconds": 15}):
            _status, state = process.request("POST", f"/api/v1/workshops/{code}/control", action, token=token)
        deadline = state["exercises"][0]["timer"]["ends_at"]
        process.kill()
        process.start()
        _status, state = process.request("GET", f"/api/v1/workshops/{code}", token=token)
        assert state["exercises"][0]["phase"] == "open" and state["exercises"][0]["timer"]["ends_at"] == deadline
        projector = Projector(process.url, code, screen_key_of(created["screen_url"]))
        try:
            closed = projector.wait_for("state", lambda s: s["exercise"]["phase"] == "closed", timeout=30)
            assert closed["exercise"]["timer"] is None
        finally:
            projector.close()
    finally:
        process.stop()
