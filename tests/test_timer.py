"""The exercise timer: set, extend, cancel while open; at the deadline the server closes the exercise itself
(idempotently, once), phones get the deadline in every state message, and nothing is accepted after it."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from tests import factories
from workshop import timers
from workshop.engine.timers import expire_timers
from workshop.models import ExerciseRun, db, utcnow


@pytest.fixture
def code(app, trainer):
    return factories.make_workshop(app, trainer)


def move_deadline(app, code, seconds_from_now: float):
    """The deadline as if time had passed (no waiting in a unit test)."""
    from workshop.engine import workshop_by_code
    with app.app_context():
        run_ids = [run.id for run in workshop_by_code(code).runs]
        db.session.execute(update(ExerciseRun)
                           .where(ExerciseRun.id.in_(run_ids), ExerciseRun.timer_ends_at.is_not(None))
                           .values(timer_ends_at=utcnow() + timedelta(seconds=seconds_from_now)))
        db.session.commit()
        db.session.remove()


def test_a_timer_goes_into_every_state_message_and_can_be_extended_and_cancelled(app, code, api, socket_user):
    phone = socket_user()
    phone.join(code)
    api.control(code, action="goto", index=1)
    api.control(code, action="open")
    state = api.control(code, action="timer", seconds=90)
    timer = state["exercises"][1]["timer"]
    assert timer["seconds"] == 90 and timer["ends_at"].endswith("Z")
    seen = phone.wait_for("state", lambda s: s["exercise"]["timer"] is not None)["exercise"]["timer"]
    assert (seen["ends_at"], seen["seconds"]) == (timer["ends_at"], 90) and 0 < seen["remaining"] <= 90
    longer = api.control(code, action="add_seconds", seconds=30)["exercises"][1]["timer"]
    assert longer["seconds"] == 120 and longer["ends_at"] > timer["ends_at"]
    cancelled = api.control(code, action="timer", seconds=0)["exercises"][1]
    assert cancelled["timer"] is None and cancelled["phase"] == "open"
    phone.wait_for("state", lambda s: s["exercise"]["phase"] == "open" and s["exercise"]["timer"] is None)


@pytest.mark.parametrize("action, error", [
    ({"action": "timer", "seconds": 4}, "invalid"), ({"action": "timer", "seconds": 3601}, "invalid"),
    ({"action": "timer", "seconds": "60"}, "invalid"), ({"action": "timer", "seconds": True}, "invalid"),
    ({"action": "timer"}, "invalid"), ({"action": "add_seconds", "seconds": 30}, "no_timer"),
    ({"action": "add_seconds", "seconds": 0}, "invalid"),
])
def test_bad_timer_actions_get_their_code(api, code, action, error):
    api.control(code, action="goto", index=0)
    api.control(code, action="open")
    response = api.post(f"/workshops/{code}/control", action)
    assert response.status_code == 400 and response.get_json()["error"] == error
    assert response.get_json()["message"]


def test_a_timer_only_runs_on_an_open_exercise(api, code):
    response = api.post(f"/workshops/{code}/control", {"action": "timer", "seconds": 60})
    assert response.get_json()["error"] == "no_current"
    api.control(code, action="goto", index=0)
    for action in (None, "close"):
        if action:
            api.control(code, action="open")
            api.control(code, action=action)
        response = api.post(f"/workshops/{code}/control", {"action": "timer", "seconds": 60})
        assert response.status_code == 400 and response.get_json()["error"] == "invalid_phase"


def test_closing_by_hand_clears_the_timer_and_reopening_starts_without_one(api, code):
    api.control(code, action="goto", index=0)
    api.control(code, action="open")
    api.control(code, action="timer", seconds=60)
    assert api.control(code, action="close")["exercises"][0]["timer"] is None
    assert api.control(code, action="open")["exercises"][0]["timer"] is None


def test_at_the_deadline_the_server_closes_the_exercise_once_and_refuses_late_votes(app, code, api, socket_user):
    phone = socket_user()
    phone.join(code)
    api.control(code, action="goto", index=1)
    api.control(code, action="open")
    api.control(code, action="timer", seconds=60)
    assert phone.emit("vote", {"option": "a"}) == {"ok": True}
    move_deadline(app, code, -1)
    assert phone.emit("vote", {"option": "b"})["error"] == "not_open"  # past the deadline, before the task looks
    with app.app_context():
        later = utcnow() + timedelta(seconds=1)
        assert expire_timers(later) == [code]
        assert expire_timers(later) == []  # a second process finds nothing left to close
        db.session.remove()
    state = api.get(f"/workshops/{code}").get_json()["exercises"][1]
    assert state["phase"] == "closed" and state["timer"] is None
    assert api.get(f"/workshops/{code}/results").get_json()["exercises"][1]["total"] == 1


def test_the_timer_task_closes_the_exercise_and_tells_phones_and_projector(app, code, api, socket_user):
    """The REST action starts this process's task lazily; the phones learn it from a `state` broadcast."""
    phone = socket_user()
    phone.join(code)
    api.control(code, action="goto", index=0)
    api.control(code, action="open")
    api.control(code, action="timer", seconds=3600)
    move_deadline(app, code, 0.2)
    closed = phone.wait_for("state", lambda s: s["exercise"]["phase"] == "closed", timeout=10)
    assert closed["exercise"]["timer"] is None
    assert phone.emit("tip", {"text": "te laat"})["error"] == "not_open"


def test_a_timer_that_ran_out_while_the_server_was_down_is_closed_at_start_up(app, code, api):
    api.control(code, action="goto", index=0)
    api.control(code, action="open")
    # Through the engine, not the route: no process watches this timer, as when the server was down.
    factories.control(app, code, action="timer", seconds=60)
    move_deadline(app, code, -600)
    assert timers.close_expired(app) == [code]
    assert api.get(f"/workshops/{code}").get_json()["exercises"][0]["phase"] == "closed"
