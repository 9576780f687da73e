"""The workshop engine without a network: phases, tips, upvotes, votes, tallies, rate limit, isolation."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests import factories
from workshop import engine
from workshop.engine import EngineError, views
from workshop.models import Tip, db


@pytest.fixture
def workshop_code(app, trainer):
    return factories.make_workshop(app, trainer)


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield
        db.session.remove()


def error_of(call, *args) -> str:
    with pytest.raises(EngineError) as caught:
        call(*args)
    db.session.rollback()
    return caught.value.code


def act(app, code, **action) -> dict:
    """A control action in its own app context (as a request would be); this test's session then re-reads."""
    state = factories.control(app, code, **action)
    db.session.expire_all()
    return state


def start_tips(app, code):
    act(app, code, action="goto", index=0)
    act(app, code, action="open")


def start_case(app, code):
    act(app, code, action="goto", index=1)
    act(app, code, action="open")


def test_new_workshop_waits_with_every_exercise_ready(app, workshop_code, ctx):
    state = views.workshop_state(engine.workshop_by_code(workshop_code))
    assert state["current"] is None and state["status"] == "live" and state["participants"] == 0
    assert [e["phase"] for e in state["exercises"]] == ["ready", "ready"]
    assert [e["kind"] for e in state["exercises"]] == ["tips", "case"]


def test_join_restores_the_same_participant_by_token(app, workshop_code, ctx):
    first = engine.join(workshop_code.lower(), None, "Fatima").data
    again = engine.join(workshop_code, first["participant"]["token"], None).data
    other = engine.join(workshop_code, "made-up-token", None).data
    assert again["participant"]["id"] == first["participant"]["id"]
    assert again["participant"]["name"] == "Fatima"
    assert other["participant"]["id"] != first["participant"]["id"]
    assert other["state"]["participants"] == 2


def test_join_errors(app, workshop_code, ctx):
    assert error_of(engine.join, "ZZZZZZ", None, None) == "unknown_code"
    assert error_of(engine.join, "not a code", None, None) == "unknown_code"
    assert error_of(engine.join, workshop_code, None, "x" * 41) == "invalid"
    act(app, workshop_code, action="end")
    assert error_of(engine.join, workshop_code, None, None) == "ended"


def test_tips_only_while_open_and_within_length(app, workshop_code, ctx):
    participant = engine.join(workshop_code, None, None).data["participant"]["id"]
    assert error_of(engine.submit_tip, participant, "Tot tien tellen") == "not_open"
    start_tips(app, workshop_code)
    tip = engine.submit_tip(participant, "  Tot tien tellen  ").data["tip"]
    assert tip["text"] == "Tot tien tellen"
    assert error_of(engine.submit_tip, participant, "   ") == "empty"
    assert error_of(engine.submit_tip, participant, "x" * 281) == "too_long"
    assert engine.submit_tip(participant, "é" * 280).data["tip"]["text"] == "é" * 280
    assert error_of(engine.submit_tip, None, "hallo") == "not_joined"
    act(app, workshop_code, action="close")
    assert error_of(engine.submit_tip, participant, "Koffie halen") == "not_open"


def test_a_tip_sent_twice_with_the_same_client_id_is_stored_once(app, workshop_code, ctx):
    participant = engine.join(workshop_code, None, None).data["participant"]["id"]
    start_tips(app, workshop_code)
    first = engine.submit_tip(participant, "Even koffie halen", "phone-123").data["tip"]
    second = engine.submit_tip(participant, "Even koffie halen", "phone-123").data["tip"]
    assert first == second
    assert views.tips_message(engine.workshop_by_code(workshop_code))["total"] == 1


def test_rate_limit_cuts_off_a_flood_but_not_normal_use(app, workshop_code, ctx):
    flooder = engine.join(workshop_code, None, None).data["participant"]["id"]
    start_tips(app, workshop_code)
    outcomes = []
    for number in range(30):
        try:
            engine.submit_tip(flooder, f"tip {number}")
            outcomes.append("ok")
        except EngineError as error:
            db.session.rollback()
            outcomes.append(error.code)
    assert outcomes.count("rate_limited") > 0 and outcomes[-1] == "rate_limited"
    assert outcomes[:10] == ["ok"] * 10

    # Normal use: a tip every 3 seconds for two minutes is never refused (timestamps moved back in time).
    steady = engine.join(workshop_code, None, None).data["participant"]["id"]
    for number in range(40):
        engine.submit_tip(steady, f"rustige tip {number}")
        for tip in db.session.scalars(db.select(Tip).where(Tip.participant_id == steady)):
            tip.created -= timedelta(seconds=3)
        db.session.commit()


def test_upvote_rules(app, workshop_code, ctx):
    author = engine.join(workshop_code, None, None).data["participant"]["id"]
    voter = engine.join(workshop_code, None, None).data["participant"]["id"]
    start_tips(app, workshop_code)
    tip_id = engine.submit_tip(author, "Met een glimlach opnemen").data["tip"]["id"]
    assert engine.upvote(voter, tip_id, True).data["votes"] == 1
    assert engine.upvote(voter, tip_id, True).data["votes"] == 1  # one per participant
    assert error_of(engine.upvote, author, tip_id, True) == "own_tip"
    assert error_of(engine.upvote, voter, 999999, True) == "unknown_tip"
    assert engine.upvote(voter, tip_id, False).data["votes"] == 0
    act(app, workshop_code, action="hide_tip", tip_id=tip_id)
    assert error_of(engine.upvote, voter, tip_id, True) == "unknown_tip"
    act(app, workshop_code, action="show_tip", tip_id=tip_id)
    act(app, workshop_code, action="close")
    assert error_of(engine.upvote, voter, tip_id, True) == "not_open"


def test_wall_is_most_upvoted_first_then_newest(app, workshop_code, ctx):
    ids = [engine.join(workshop_code, None, None).data["participant"]["id"] for _ in range(4)]
    start_tips(app, workshop_code)
    old = engine.submit_tip(ids[0], "Oud").data["tip"]["id"]
    new = engine.submit_tip(ids[0], "Nieuw").data["tip"]["id"]
    popular = engine.submit_tip(ids[1], "Populair").data["tip"]["id"]
    for voter in ids[2:]:
        engine.upvote(voter, popular, True)
    message = views.tips_message(engine.workshop_by_code(workshop_code))
    assert [t["id"] for t in message["tips"]] == [popular, new, old]
    assert message["tips"][0]["votes"] == 2 and message["total"] == 3


def test_votes_replace_while_open_and_tally_counts_each_participant_once(app, workshop_code, ctx):
    people = [engine.join(workshop_code, None, None).data["participant"]["id"] for _ in range(3)]
    assert error_of(engine.vote, people[0], "a") == "not_open"
    start_case(app, workshop_code)
    engine.vote(people[0], "a")
    engine.vote(people[1], "a")
    engine.vote(people[2], "b")
    engine.vote(people[1], "c")  # changes their mind
    assert error_of(engine.vote, people[0], "z") == "unknown_option"
    assert error_of(engine.submit_tip, people[0], "tip") == "wrong_kind"
    tally = views.tally_message(engine.workshop_by_code(workshop_code), for_participants=False)
    assert tally["total"] == 3 and tally["counts"]["a"] == 1 and tally["counts"]["b"] == 1
    assert tally["counts"]["c"] == 1
    # participants see the tally only while results are visible
    assert views.tally_message(engine.workshop_by_code(workshop_code), for_participants=True) is None
    act(app, workshop_code, action="reveal")
    assert error_of(engine.vote, people[0], "b") == "not_open"
    state = views.participant_state(engine.workshop_by_code(workshop_code))
    assert state["exercise"]["phase"] == "revealed"
    assert {r["tag"] for r in state["exercise"]["revealed"]} & {"pitfall:giving-right", "pitfall:cutting-off"}


def test_each_exercise_keeps_its_own_phase(app, workshop_code, ctx):
    start_tips(app, workshop_code)
    act(app, workshop_code, action="goto", index=1)
    state = act(app, workshop_code, action="goto", index=0)
    assert state["current"] == 0
    assert [e["phase"] for e in state["exercises"]] == ["open", "ready"]


def test_control_errors(app, workshop_code, ctx):
    workshop = engine.workshop_by_code(workshop_code)
    assert error_of(engine.control, workshop, {"action": "open"}) == "no_current"
    assert error_of(engine.control, workshop, {"action": "dance"}) == "unknown_action"
    assert error_of(engine.control, workshop, {"action": "goto", "index": 7}) == "bad_index"
    assert error_of(engine.control, workshop, {"action": "goto", "index": "1"}) == "invalid"
    assert error_of(engine.control, workshop, {"nothing": 1}) == "invalid"
    engine.control(workshop, {"action": "goto", "index": 0})
    assert error_of(engine.control, workshop, {"action": "reveal"}) == "wrong_kind"
    assert error_of(engine.control, workshop, {"action": "results", "visible": "yes"}) == "invalid"
    assert error_of(engine.control, workshop, {"action": "hide_tip", "tip_id": 424242}) == "unknown_tip"


def test_workshops_never_see_each_others_tips(app, trainer, workshop_code, ctx):
    other_code = factories.make_workshop(app, trainer)
    mine = engine.join(workshop_code, None, None).data["participant"]["id"]
    theirs = engine.join(other_code, None, None).data["participant"]["id"]
    start_tips(app, workshop_code)
    start_tips(app, other_code)
    tip_id = engine.submit_tip(mine, "Alleen voor ons").data["tip"]["id"]
    assert views.tips_message(engine.workshop_by_code(other_code))["total"] == 0
    assert error_of(engine.upvote, theirs, tip_id, True) == "unknown_tip"
    assert error_of(engine.control, engine.workshop_by_code(other_code),
                    {"action": "hide_tip", "tip_id": tip_id}) == "unknown_tip"


def test_me_carries_own_tips_upvotes_and_votes(app, workshop_code, ctx):
    first = engine.join(workshop_code, None, None).data["participant"]
    second = engine.join(workshop_code, None, None).data["participant"]
    start_tips(app, workshop_code)
    own = engine.submit_tip(first["id"], "Samenvatten").data["tip"]["id"]
    other = engine.submit_tip(second["id"], "Thee aanbieden").data["tip"]["id"]
    engine.upvote(first["id"], other, True)
    start_case(app, workshop_code)
    engine.vote(first["id"], "b")
    me = engine.join(workshop_code, first["token"], None).data["state"]["me"]
    assert me == {"tips": [own], "upvoted": [other], "vote": "b", "votes": {"1": "b"}, "rankings": {}}
