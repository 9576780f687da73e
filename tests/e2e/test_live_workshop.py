"""Journey: a whole live workshop against a real `python wsgi.py` with 30 real Socket.IO phones and a projector."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.e2e.clients import Phone, Projector, screen_key_of
from tests.server import ServerProcess, setup_trainer

PHONES = 30


@pytest.fixture
def server(tmp_path, async_mode):
    process = ServerProcess(tmp_path / "data", async_mode=async_mode).start()
    yield process
    process.stop()


def test_thirty_phones_tips_upvotes_case_vote_reveal_and_reconnect(server, clients):
    token = setup_trainer(server)
    status, created = server.request("POST", "/api/v1/workshops", {
        "title": "Lastige boodschappen", "exercises": ["fris-blijven", "vier-keer-bellen"]}, token=token)
    assert status == 201
    code = created["code"]

    def control(**action):
        status, state = server.request("POST", f"/api/v1/workshops/{code}/control", action, token=token)
        assert status == 200, state
        return state

    projector = Projector(server.url, code, screen_key_of(created["screen_url"]))
    clients.append(projector)
    with ThreadPoolExecutor(10) as pool:
        phones = list(pool.map(lambda _: Phone(server.url), range(PHONES)))
    clients.extend(phones)
    with ThreadPoolExecutor(10) as pool:
        acks = list(pool.map(lambda p: p.join(code), phones))
    assert len({a["participant"]["id"] for a in acks}) == PHONES
    projector.wait_for("presence", lambda p: p["participants"] == PHONES)

    # Tips: ten phones post a tip, everyone upvotes the first tip, the projector shows it on top.
    control(action="goto", index=0)
    control(action="open")
    phones[0].wait_for("state", lambda s: s["exercise"] and s["exercise"]["phase"] == "open")
    tip_ids = [phones[i].call("tip", {"text": f"Tip nummer {i}: tot tien tellen"})["tip"]["id"] for i in range(10)]
    with ThreadPoolExecutor(10) as pool:
        upvotes = list(pool.map(lambda p: p.call("upvote", {"tip_id": tip_ids[0], "on": True}), phones[1:]))
    assert all(u["ok"] for u in upvotes) and max(u["votes"] for u in upvotes) == PHONES - 1
    wall = projector.wait_for("tips", lambda t: t["total"] == 10 and t["tips"][0]["votes"] == PHONES - 1)
    assert wall["tips"][0]["id"] == tip_ids[0]
    phones[5].wait_for("tips", lambda t: t["total"] == 10 and t["tips"][0]["votes"] == PHONES - 1)

    # The case: everyone votes, a third changes their mind, the projector sees the exact final tally.
    control(action="goto", index=1)
    control(action="open")
    for phone in phones:
        phone.wait_for("state", lambda s: s["exercise"]["index"] == 1 and s["exercise"]["phase"] == "open")
    first_choice = {i: "abc"[i % 3] for i in range(PHONES)}
    with ThreadPoolExecutor(10) as pool:
        assert all(a == {"ok": True} for a in pool.map(
            lambda i: phones[i].call("vote", {"option": first_choice[i]}), range(PHONES)))
    final_choice = dict(first_choice)
    for i in range(0, PHONES, 3):
        final_choice[i] = "d"
        assert phones[i].call("vote", {"option": "d"}) == {"ok": True}
    expected = {option: list(final_choice.values()).count(option) for option in "abcd"}
    tally = projector.wait_for("tally", lambda t: t["total"] == PHONES and
                               all(t["counts"].get(o, 0) == n for o, n in expected.items()))
    assert sum(tally["counts"].values()) == PHONES
    _status, results = server.request("GET", f"/api/v1/workshops/{code}/results", token=token)
    assert {o["id"]: o["votes"] for o in results["exercises"][1]["options"] if o["votes"]} == \
        {o: n for o, n in expected.items() if n}

    # Results on, reveal: phones get the distribution and each option's tag and explanation.
    control(action="results", visible=True)
    phones[7].wait_for("tally", lambda t: t["total"] == PHONES)
    control(action="reveal")
    revealed = phones[9].wait_for("state", lambda s: s["exercise"]["phase"] == "revealed")
    assert all(r["tag"] and r["explanation"] for r in revealed["exercise"]["revealed"])

    # A phone reconnects with its token and gets its vote and tips back.
    phones[0].close()
    again = Phone(server.url)
    clients.append(again)
    ack = again.join(code, token=phones[0].token)
    assert ack["participant"]["id"] == acks[0]["participant"]["id"]
    assert ack["state"]["me"]["vote"] == final_choice[0]
    assert ack["state"]["me"]["tips"] == [tip_ids[0]]
    assert ack["tally"]["total"] == PHONES  # results are visible: the tally comes with the join
    assert "Traceback" not in server.output()
