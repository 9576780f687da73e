"""Socket.IO events through the Flask-SocketIO test client: several phones, a projector, two workshops."""
from __future__ import annotations

import pytest

from tests import factories


@pytest.fixture
def code(app, trainer):
    return factories.make_workshop(app, trainer)


def screen_key(app, code):
    from workshop.engine import workshop_by_code
    with app.app_context():
        return workshop_by_code(code).screen_key


def test_join_ack_has_participant_state_and_me(app, code, socket_user):
    phone = socket_user()
    ack = phone.join(code.lower(), name="Sanne")
    assert ack["ok"] is True
    assert ack["participant"]["name"] == "Sanne" and ack["participant"]["token"]
    assert ack["state"]["workshop"] == {"code": code, "title": "Klantgericht communiceren", "status": "live",
                                        "language": "nl"}
    assert ack["state"]["exercise"] is None and ack["tips"] is None and ack["tally"] is None
    assert ack["state"]["me"] == {"tips": [], "upvoted": [], "vote": None, "votes": {}, "rankings": {}}


@pytest.mark.parametrize("event, payload", [
    ("join", None), ("join", "K7QM2X"), ("join", {"code": 5}), ("join", {"code": "X", "name": ["a"]}),
    ("tip", {"text": None}), ("tip", [1, 2]), ("tip", {"text": "x" * 20000}),
    ("upvote", {"tip_id": "1", "on": True}), ("upvote", {"tip_id": 1, "on": 1}),
    ("upvote", {"tip_id": 2 ** 80, "on": True}),
    ("vote", {"option": 3}), ("vote", {}), ("screen", {"code": "ABCDEF"}),
])
def test_malformed_payloads_get_invalid(app, code, socket_user, event, payload):
    phone = socket_user()
    ack = phone.emit(event, payload)
    assert ack["ok"] is False and ack["error"] == "invalid" and ack["message"]


def test_errors_carry_a_dutch_message_and_english_on_request(app, code, socket_user):
    phone = socket_user()
    dutch = phone.emit("tip", {"text": "hallo"})
    assert dutch == {"ok": False, "error": "not_joined",
                     "message": "Je doet nog niet mee. Ververs de pagina om mee te doen."}
    assert phone.join("ZZZZZZ")["error"] == "unknown_code"


def test_tips_reach_projector_and_phones_and_hidden_tips_disappear(app, code, socket_user):
    projector, alice, bob = socket_user(), socket_user(), socket_user()
    assert projector.emit("screen", {"code": code, "key": screen_key(app, code)})["ok"]
    alice.join(code)
    bob.join(code)
    factories.control(app, code, action="goto", index=0)
    factories.control(app, code, action="open")
    state = bob.wait_for("state", lambda s: s["exercise"] and s["exercise"]["phase"] == "open")
    assert state["exercise"]["prompt"].startswith("Hoe blijf jij fris")
    tip = alice.emit("tip", {"text": "Even koffie halen"})
    assert tip["ok"] and tip["tip"]["text"] == "Even koffie halen"
    wall = projector.wait_for("tips", lambda t: t["total"] == 1)
    assert wall["tips"] == [{"id": tip["tip"]["id"], "text": "Even koffie halen", "votes": 0}]
    assert bob.emit("upvote", {"tip_id": tip["tip"]["id"], "on": True}) == {"ok": True, "votes": 1}
    assert alice.emit("upvote", {"tip_id": tip["tip"]["id"], "on": True})["error"] == "own_tip"
    bob.wait_for("tips", lambda t: t["tips"] and t["tips"][0]["votes"] == 1)
    factories.control(app, code, action="hide_tip", tip_id=tip["tip"]["id"])
    projector.wait_for("tips", lambda t: t["total"] == 0 and t["tips"] == [])
    bob.wait_for("tips", lambda t: t["total"] == 0)


def test_case_vote_tally_and_reveal(app, code, socket_user):
    projector = socket_user()
    projector.emit("screen", {"code": code, "key": screen_key(app, code)})
    phones = [socket_user() for _ in range(5)]
    for phone in phones:
        phone.join(code)
    factories.control(app, code, action="goto", index=1)
    factories.control(app, code, action="open")
    for phone, option in zip(phones, "aabbc"):
        assert phone.emit("vote", {"option": option}) == {"ok": True}
    assert phones[0].emit("vote", {"option": "c"}) == {"ok": True}  # a change of mind
    assert phones[0].emit("vote", {"option": "q"})["error"] == "unknown_option"
    final = projector.wait_for("tally", lambda t: t["total"] == 5 and t["counts"]["c"] == 2)
    assert final["counts"]["a"] == 1 and final["counts"]["b"] == 2
    assert phones[1].messages("tally") == []  # results are not visible yet
    factories.control(app, code, action="results", visible=True)
    phones[1].wait_for("tally", lambda t: t["total"] == 5)
    factories.control(app, code, action="reveal")
    revealed = phones[2].wait_for("state", lambda s: s["exercise"]["phase"] == "revealed")
    assert [r["id"] for r in revealed["exercise"]["revealed"]] == ["a"]  # a phone follows the projector's step 1
    assert revealed["exercise"]["revealed"][0]["explanation"] and revealed["exercise"]["summary"] is None
    assert len(projector.wait_for("state", lambda s: s["exercise"]["phase"] == "revealed")["exercise"]["revealed"]) > 1
    factories.control(app, code, action="reveal_step", step=None)  # the overview: every explanation, the summary
    overview = phones[2].wait_for("state", lambda s: s["exercise"]["reveal_step"] is None
                                  and s["exercise"]["phase"] == "revealed")
    assert all(r["explanation"] for r in overview["exercise"]["revealed"]) and overview["exercise"]["summary"]
    assert phones[3].emit("vote", {"option": "a"})["error"] == "not_open"


def test_reconnect_with_token_restores_vote_and_tips(app, code, socket_user):
    phone = socket_user()
    token = phone.join(code)["participant"]["token"]
    factories.control(app, code, action="goto", index=0)
    factories.control(app, code, action="open")
    tip_id = phone.emit("tip", {"text": "Eerst luisteren"})["tip"]["id"]
    factories.control(app, code, action="goto", index=1)
    factories.control(app, code, action="open")
    phone.emit("vote", {"option": "b"})
    phone.disconnect()
    again = socket_user().join(code, token=token)
    assert again["state"]["me"]["tips"] == [tip_id]
    assert again["state"]["me"]["vote"] == "b"
    assert again["state"]["exercise"]["kind"] == "case"


def test_presence_counts_joined_participants(app, code, socket_user):
    projector = socket_user()
    ack = projector.emit("screen", {"code": code, "key": screen_key(app, code)})
    assert ack["state"]["participants"] == 0
    for _ in range(3):
        socket_user().join(code)
    projector.wait_for("presence", lambda p: p["participants"] == 3)


def test_wrong_screen_key_is_forbidden(app, code, socket_user):
    projector = socket_user()
    assert projector.emit("screen", {"code": code, "key": "guess"})["error"] == "forbidden"
    assert projector.emit("screen", {"code": "ZZZZZZ", "key": "guess"})["error"] == "unknown_code"


def test_two_workshops_never_leak_into_each_other(app, trainer, code, socket_user):
    other = factories.make_workshop(app, trainer, title="Andere groep")
    ours, theirs = socket_user(), socket_user()
    theirs_projector = socket_user()
    theirs_projector.emit("screen", {"code": other, "key": screen_key(app, other)})
    ours.join(code)
    theirs.join(other)
    for workshop in (code, other):
        factories.control(app, workshop, action="goto", index=0)
        factories.control(app, workshop, action="open")
    ours.emit("tip", {"text": "Alleen in onze groep"})
    ours.wait_for("tips", lambda t: t["total"] == 1)
    assert all(t["total"] == 0 for t in theirs.messages("tips"))
    assert all(t["total"] == 0 for t in theirs_projector.messages("tips"))
    assert all(m["workshop"]["code"] == other for m in theirs.messages("state"))


def test_joining_an_ended_workshop_is_refused(app, code, socket_user):
    factories.control(app, code, action="end")
    assert socket_user().join(code)["error"] == "ended"


def test_max_participants_refuses_new_tokens_beyond_it_and_lets_returning_ones_back(app, api, socket_user):
    created = api.post("/workshops", {"title": "Klein", "exercises": [factories.TIPS_EXERCISE], "max_participants": 2})
    assert created.status_code == 201, created.get_json()
    code = created.get_json()["code"]
    assert api.get(f"/workshops/{code}").get_json()["max_participants"] == 2
    first, second, third = socket_user(), socket_user(), socket_user()
    token = first.join(code)["participant"]["token"]
    assert second.join(code)["ok"]
    refused = third.join(code)
    assert refused["ok"] is False and refused["error"] == "full" and "deelnemers" in refused["message"]
    first.disconnect()
    again = socket_user().join(code, token=token)  # a returning phone always gets back in
    assert again["ok"] and again["participant"]["token"] == token
    assert api.get(f"/workshops/{code}").get_json()["participants"] == 2


@pytest.mark.parametrize("value", [0, 5001, "10", 2.5, True])
def test_max_participants_outside_1_to_5000_is_refused(api, value):
    response = api.post("/workshops", {"title": "Klein", "exercises": [factories.TIPS_EXERCISE],
                                       "max_participants": value})
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_max_participants"


def test_the_control_page_is_told_when_joins_come_faster_than_a_room_scans_a_qr_code(app, code, socket_user):
    watcher = socket_user()
    watcher.join(code)
    for _ in range(31):
        assert socket_user().join(code)["ok"]
    latest = watcher.wait_for("presence", lambda message: message["participants"] == 32)
    assert latest["recent_joins"] == 32 and latest["fast_joins"] is True
