"""End to end, real python-socketio clients against `python wsgi.py`: a `respond` exercise (replies, upvotes, tags,
the reveal), a `words` exercise (a burst of words from a room, folded counting, the cloud on the projector and the
phones, the per-participant limit), and a SIGKILL in the middle of a word burst: every acknowledged word is there
after the restart, counted once."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.e2e.clients import Phone, Projector, close_all, screen_key_of
from tests.e2e.conftest import E2E_MODES
from tests.e2e.test_crash import burst
from tests.server import ServerProcess, setup_trainer

PHONES = 30


@pytest.fixture(scope="module", params=E2E_MODES)
def server(request, tmp_path_factory):
    """One server per async mode, shared by this file's tests."""
    process = ServerProcess(tmp_path_factory.mktemp("text-kinds"), async_mode=request.param).start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def token(server):
    return setup_trainer(server)


def workshop(server, token, exercises):
    status, created = server.request("POST", "/api/v1/workshops", {"title": "Tekst", "exercises": exercises},
                                     token=token)
    assert status == 201, created
    code = created["code"]

    def control(**action):
        status, body = server.request("POST", f"/api/v1/workshops/{code}/control", action, token=token)
        assert status == 200, body
        return body
    return created, code, control


def test_replies_upvotes_tags_and_the_reveal(server, token):
    created, code, control = workshop(server, token, ["zeg-nee-te-hoog-inkomen"])
    projector = Projector(server.url, code, screen_key_of(created["screen_url"]))
    alice, bob = Phone(server.url), Phone(server.url)
    try:
        alice.join(code)
        bob.join(code)
        control(action="goto", index=0)
        control(action="open")
        bob.wait_for("state", lambda s: s["exercise"] and s["exercise"]["phase"] == "open")
        reply = alice.call("tip", {"text": "Ik hoor hoe teleurgesteld u bent.", "client_id": "r1"})
        assert reply["ok"] and reply["tip"]["held"] is False
        assert bob.call("upvote", {"tip_id": reply["tip"]["id"], "on": True}) == {"ok": True, "votes": 1}
        projector.wait_for("tips", lambda t: t["total"] == 1 and t["tips"][0]["votes"] == 1)
        control(action="tag_tip", tip_id=reply["tip"]["id"], tag="handle:feeling")
        control(action="reveal")
        for client in (projector, bob):
            client.wait_for("tips", lambda t: t["tips"] and t["tips"][0].get("tag") == "handle:feeling")
    finally:
        close_all((projector, alice, bob))


def test_a_room_sends_words_and_the_cloud_counts_them_folded(server, token):
    created, code, control = workshop(server, token, ["woord-goed-gesprek"])
    projector = Projector(server.url, code, screen_key_of(created["screen_url"]))
    with ThreadPoolExecutor(10) as pool:
        phones = list(pool.map(lambda _: Phone(server.url), range(PHONES)))
        list(pool.map(lambda p: p.join(code), phones))
    try:
        control(action="goto", index=0)
        control(action="open")
        phones[0].wait_for("state", lambda s: s["exercise"] and s["exercise"]["phase"] == "open")
        spellings = ["Luisteren", "Luisteren", "luisteren!", "Rust"]  # 16 + 7 of one word (its spellings), 7 Rust
        with ThreadPoolExecutor(10) as pool:
            acks = list(pool.map(lambda pair: pair[1].call("word", {"text": spellings[pair[0] % 4]}),
                                 enumerate(phones)))
        assert all(ack["ok"] for ack in acks)
        cloud = projector.wait_for("cloud", lambda c: c["total"] == PHONES)
        counts = {w["text"]: w["count"] for w in cloud["words"]}
        assert counts == {"Luisteren": 23, "Rust": 7}  # shown in its most common spelling
        phones[5].wait_for("cloud", lambda c: c["total"] == PHONES)
        for extra in ("twee", "drie"):
            assert phones[1].call("word", {"text": extra})["ok"]
        assert phones[1].call("word", {"text": "vier"})["error"] == "too_many"
    finally:
        close_all([projector, *phones])


def test_every_acknowledged_word_survives_sigkill(server, token):
    _created, code, control = workshop(server, token, ["woord-na-lastig-gesprek"])
    with ThreadPoolExecutor(10) as pool:
        phones = list(pool.map(lambda _: Phone(server.url), range(PHONES)))
        list(pool.map(lambda p: p.join(code), phones))
    control(action="goto", index=0)
    control(action="open")
    time.sleep(0.3)

    def send_word(index: int, attempt: int):
        if attempt > 1:  # max_per_participant is 2 here
            return None
        ack = phones[index].call("word", {"text": f"woord{index}x{attempt}", "client_id": f"w{index}-{attempt}"},
                                 timeout=4)
        return ack["word"] if ack.get("ok") else None

    acked = burst(phones, send_word, server.kill, kill_after=20)
    close_all(phones)
    server.start()
    status, results = server.request("GET", f"/api/v1/workshops/{code}/results", token=token)
    assert status == 200
    stored = {w["text"]: w["count"] for w in results["exercises"][0]["words"]}
    assert all(count == 1 for count in stored.values())  # nothing counted twice
    for word in acked:
        assert stored.get(word["text"]) == 1, word
