"""The single broadcaster coalesces: a burst of changes becomes a few messages with full figures, at most 10 a
second per kind to the projector and one `tips` a second to the phones. Driven with an explicit clock."""
from __future__ import annotations

import time

import pytest

from tests import factories
from workshop import engine
from workshop.broadcast import Broadcaster
from workshop.extensions import socketio
from workshop.models import db
from workshop.result import PRESENCE, TALLY, TIPS


@pytest.fixture
def manual(app):
    """A broadcaster whose flush we call ourselves, with our own clock (its background task never starts)."""
    broadcaster = Broadcaster()
    broadcaster.init_app(app, socketio)
    broadcaster.task = "flushed by the test"
    return broadcaster


@pytest.fixture
def case_room(app, trainer, socket_user):
    code = factories.make_workshop(app, trainer)
    projector, phone = socket_user(), socket_user()
    with app.app_context():
        key = engine.workshop_by_code(code).screen_key
    projector.emit("screen", {"code": code, "key": key})
    phone.join(code)
    factories.control(app, code, action="goto", index=1)
    factories.control(app, code, action="open")
    factories.control(app, code, action="results", visible=True)
    # let the app's own broadcaster deliver what the set-up changed before this test counts messages
    projector.wait_for("state", lambda s: s["exercise"] and s["exercise"]["results_visible"])
    phone.wait_for("tally", lambda t: True)
    projector.received.clear()
    phone.received.clear()
    return code, projector, phone


def test_a_burst_of_votes_becomes_one_tally_with_the_full_count(app, manual, case_room):
    code, projector, phone = case_room
    voters = [factories.join(app, code)["participant"]["id"] for _ in range(40)]
    projector.messages("tally")
    projector.received.clear()
    with app.app_context():
        for voter in voters:
            result = engine.vote(voter, "a")
            manual.changed(result.code, result.changed)
        db.session.remove()
    manual.flush(now=100.0)
    manual.flush(now=100.01)  # within 100 ms: nothing new is sent
    tallies = projector.messages("tally")
    assert len(tallies) == 1 and tallies[0]["total"] == 40 and tallies[0]["counts"]["a"] == 40
    assert phone.messages("tally")[-1]["total"] == 40  # results are visible for phones too


def test_projector_gets_at_most_ten_per_second_phones_one_tips_per_second(app, manual, trainer, socket_user):
    code = factories.make_workshop(app, trainer)
    projector, phone = socket_user(), socket_user()
    with app.app_context():
        key = engine.workshop_by_code(code).screen_key
    projector.emit("screen", {"code": code, "key": key})
    phone.join(code)
    factories.control(app, code, action="goto", index=0)
    factories.control(app, code, action="open")
    author = factories.join(app, code)["participant"]["id"]
    projector.wait_for("tips", lambda t: t["total"] == 0)
    phone.wait_for("tips", lambda t: t["total"] == 0)
    projector.received.clear()
    phone.received.clear()
    clock = 200.0
    with app.app_context():
        for step in range(100):  # ten seconds of changes every 10 ms... compressed: a tip every 10 ms of clock
            if step % 4 == 0:
                result = engine.submit_tip(author, f"tip {step}")
                manual.changed(result.code, result.changed)
            manual.flush(now=clock)
            clock += 0.01
        db.session.remove()
    projector_tips = projector.messages("tips")
    phone_tips = phone.messages("tips")
    # one second of clock: at most 10 to the projector, at most 1 (+ the first) to the phones
    assert 5 <= len(projector_tips) <= 11
    assert 1 <= len(phone_tips) <= 2
    manual.flush(now=clock + 1.0)  # what was still pending goes out: full figures, nothing lost
    assert projector.messages("tips")[-1]["total"] == 25
    assert phone.messages("tips")[-1]["total"] == 25


def test_presence_and_tips_kinds_are_routed_to_the_right_rooms(app, manual, case_room):
    code, projector, phone = case_room
    manual.changed(code, {PRESENCE, TALLY, TIPS})
    manual.flush(now=300.0)
    presence = {"participants": 1, "recent_joins": 1, "fast_joins": False}  # one join in the last 10 s: not fast
    assert projector.messages("presence")[-1] == presence
    assert phone.messages("presence")[-1] == presence
    assert projector.messages("tips") == []  # the current exercise is a case: no tips message


def test_a_flush_that_fails_keeps_its_changes_and_the_next_one_sends_them(app, manual, case_room, monkeypatch):
    """The message queue (or database) fails during one flush: the votes it was sending are not lost."""
    code, projector, phone = case_room
    voters = [factories.join(app, code)["participant"]["id"] for _ in range(3)]
    from workshop.broadcast import broadcaster as app_broadcaster
    deadline = time.monotonic() + 10  # the app's own broadcaster first sends what the set-up left pending
    while app_broadcaster.pending and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not app_broadcaster.pending
    projector.received.clear()
    with app.app_context():
        for voter in voters:
            result = engine.vote(voter, "b")
            manual.changed(result.code, result.changed)
        db.session.remove()
    real_emit = socketio.emit

    def queue_away(*args, **kwargs):
        raise ConnectionError("message queue unreachable")

    monkeypatch.setattr(socketio, "emit", queue_away)
    def with_the_new_votes():  # the app's own broadcaster may still deliver a set-up tally (no votes) meanwhile
        return [tally for tally in projector.messages("tally") if tally["total"] == 3]

    with pytest.raises(ConnectionError):
        manual.flush(now=400.0)
    assert with_the_new_votes() == []
    monkeypatch.setattr(socketio, "emit", real_emit)
    manual.flush(now=400.1)  # too soon after the failure: it waits a moment instead of hammering the queue
    assert with_the_new_votes() == []
    manual.flush(now=401.0)
    assert with_the_new_votes()[-1]["counts"]["b"] == 3
