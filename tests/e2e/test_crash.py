"""Fault: the server is killed with SIGKILL in the middle of a burst; after a restart on the same data dir every
acknowledged tip and vote is there, counted once."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.e2e.clients import Phone, close_all
from tests.server import ServerProcess, setup_trainer

PHONES = 40


@pytest.fixture
def server(tmp_path, async_mode):
    process = ServerProcess(tmp_path / "data", async_mode=async_mode).start()
    yield process
    process.stop()


def burst(phones, send_one, kill, kill_after: int) -> list:
    """Every phone sends in a loop; after `kill_after` acks the server is killed. Returns the acked results."""
    acked, lock = [], threading.Lock()
    enough = threading.Event()

    def run(index: int) -> None:
        for attempt in range(5):
            try:
                result = send_one(index, attempt)
            except Exception:  # the server is gone: nothing more is acknowledged
                return
            if result is not None:
                with lock:
                    acked.append(result)
                    if len(acked) >= kill_after:
                        enough.set()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(phones))]
    for thread in threads:
        thread.start()
    assert enough.wait(30), "the burst never reached the kill point"
    kill()
    for thread in threads:
        thread.join(30)
    return acked


def test_every_acknowledged_tip_and_vote_survives_sigkill(server):
    token = setup_trainer(server)
    _status, created = server.request("POST", "/api/v1/workshops", {
        "title": "Crash", "exercises": ["fris-blijven", "vier-keer-bellen"]}, token=token)
    code = created["code"]

    def control(**action):
        status, body = server.request("POST", f"/api/v1/workshops/{code}/control", action, token=token)
        assert status == 200, body

    with ThreadPoolExecutor(10) as pool:
        phones = list(pool.map(lambda _: Phone(server.url), range(PHONES)))
        tokens = [ack["participant"]["token"] for ack in pool.map(lambda p: p.join(code), phones)]
    control(action="goto", index=0)
    control(action="open")
    time.sleep(0.3)

    def send_tip(index: int, attempt: int):
        ack = phones[index].call("tip", {"text": f"tip {index}-{attempt}", "client_id": f"c{index}-{attempt}"},
                                 timeout=4)
        return ack["tip"] if ack.get("ok") else None

    acked_tips = burst(phones, send_tip, server.kill, kill_after=60)
    close_all(phones)
    server.start()
    _status, results = server.request("GET", f"/api/v1/workshops/{code}/results", token=token)
    stored = results["exercises"][0]["tips"]
    stored_ids = [t["id"] for t in stored]
    assert len(stored_ids) == len(set(stored_ids))
    assert len({t["text"] for t in stored}) == len(stored)  # nothing counted twice
    for tip in acked_tips:
        assert tip["id"] in stored_ids and {"id": tip["id"], "text": tip["text"]} in \
            [{"id": t["id"], "text": t["text"]} for t in stored]

    # The same for votes: each phone votes once (with its restored identity) in a burst that is killed.
    control(action="goto", index=1)
    control(action="open")
    with ThreadPoolExecutor(10) as pool:
        phones = list(pool.map(lambda _: Phone(server.url), range(PHONES)))
        list(pool.map(lambda pair: pair[0].join(code, token=pair[1]), zip(phones, tokens)))

    def send_vote(index: int, attempt: int):
        if attempt:
            return None
        option = "abc"[index % 3]
        return (index, option) if phones[index].call("vote", {"option": option}, timeout=4).get("ok") else None

    acked_votes = burst(phones, send_vote, server.kill, kill_after=PHONES // 2)
    close_all(phones)
    server.start()
    _status, results = server.request("GET", f"/api/v1/workshops/{code}/results", token=token)
    assert len(acked_votes) <= results["exercises"][1]["total"] <= PHONES

    checks = []  # closed together at the end (a close takes up to 3 s under gevent)

    def vote_after_restart(index: int) -> str | None:
        check = Phone(server.url)
        checks.append(check)
        return check.join(code, token=tokens[index])["state"]["me"]["vote"]

    try:
        with ThreadPoolExecutor(10) as pool:
            restored = list(pool.map(vote_after_restart, [index for index, _option in acked_votes]))
    finally:
        close_all(checks)
    assert restored == [option for _index, option in acked_votes]


def test_every_acknowledged_rating_and_ordering_survives_sigkill(server):
    """The scale's `rate` and the order's `order` go through the same group commit as votes: killed mid-burst,
    every acknowledged answer is there after the restart, as the phone sent it."""
    token = setup_trainer(server)
    _status, created = server.request("POST", "/api/v1/workshops", {
        "title": "Crash", "exercises": ["zeker-slecht-nieuws-start", "vier-handvatten-op-volgorde"]}, token=token)
    code = created["code"]
    items = ["gevoel", "feiten", "mogelijk", "afronden"]

    def control(**action):
        status, body = server.request("POST", f"/api/v1/workshops/{code}/control", action, token=token)
        assert status == 200, body

    with ThreadPoolExecutor(10) as pool:
        phones = list(pool.map(lambda _: Phone(server.url), range(PHONES)))
        tokens = [ack["participant"]["token"] for ack in pool.map(lambda p: p.join(code), phones)]
    control(action="goto", index=0)
    control(action="open")
    time.sleep(0.3)

    def rating(index: int, attempt: int) -> int:
        return 1 + (index + attempt) % 5

    def ranking(index: int, attempt: int) -> list[str]:
        shift = (index + attempt) % 4
        return items[shift:] + items[:shift]

    def send_rating(index: int, attempt: int):
        ok = phones[index].call("rate", {"value": rating(index, attempt)}, timeout=4).get("ok")
        return (index, attempt) if ok else None

    acked = burst(phones, send_rating, server.kill, kill_after=PHONES)
    close_all(phones)
    # A phone sends one answer at a time: after its last ack, at most the next one was in flight when the server
    # died (committed or not; the ack never came). Every acked answer is there, or the one sent after it.
    last_rating = {index: attempt for index, attempt in sorted(acked)}
    server.start()

    control(action="goto", index=1)
    control(action="open")
    with ThreadPoolExecutor(10) as pool:
        phones = list(pool.map(lambda _: Phone(server.url), range(PHONES)))
        list(pool.map(lambda pair: pair[0].join(code, token=pair[1]), zip(phones, tokens)))

    def send_order(index: int, attempt: int):
        ok = phones[index].call("order", {"items": ranking(index, attempt)}, timeout=4).get("ok")
        return (index, attempt) if ok else None

    acked_orders = burst(phones, send_order, server.kill, kill_after=PHONES // 2)
    close_all(phones)
    last_order = {index: attempt for index, attempt in sorted(acked_orders)}
    server.start()

    checks = []  # closed together at the end (a close takes up to 3 s under gevent)

    def me_after_restart(index: int) -> dict:
        check = Phone(server.url)
        checks.append(check)
        return check.join(code, token=tokens[index])["state"]["me"]

    try:
        with ThreadPoolExecutor(10) as pool:
            restored = dict(zip(range(PHONES), pool.map(me_after_restart, range(PHONES))))
    finally:
        close_all(checks)
    for index, attempt in last_rating.items():
        assert restored[index]["votes"]["0"] in (str(rating(index, attempt)), str(rating(index, attempt + 1)))
    for index, attempt in last_order.items():
        assert restored[index]["rankings"]["1"] in (ranking(index, attempt), ranking(index, attempt + 1))
    _status, results = server.request("GET", f"/api/v1/workshops/{code}/results", token=token)
    assert len(last_rating) <= results["exercises"][0]["total"] <= PHONES
    assert len(last_order) <= results["exercises"][1]["total"] <= PHONES
