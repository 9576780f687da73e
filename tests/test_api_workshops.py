"""The REST API for trainers: exercises, workshops, control, results, and its error answers."""
from __future__ import annotations

import pytest

from tests import factories


def test_exercises_lists_the_library(api):
    response = api.get("/exercises")
    assert response.status_code == 200
    listed = response.get_json()
    assert {"id": "fris-blijven", "kind": "tips", "title": "Fris blijven"} in listed or \
        any(e["id"] == "fris-blijven" and e["kind"] == "tips" for e in listed)
    assert all(set(e) == {"id", "kind", "title", "source", "theme", "minutes"} for e in listed)  # contract v2


def test_create_workshop_answers_with_links(api):
    created = api.create_workshop(["fris-blijven", "vier-keer-bellen"])
    code = created["code"]
    assert len(code) == 6 and all(c in "ABCDEFGHJKMNPQRSTUVWXYZ23456789" for c in code)
    assert created["join_url"] == f"http://localhost/j/{code}"
    assert created["screen_url"].startswith(f"http://localhost/screen/{code}?key=")
    assert created["control_url"] == f"http://localhost/facilitator/workshops/{code}"
    state = api.get(f"/workshops/{code.lower()}").get_json()
    assert state["current"] is None and state["participants"] == 0 and state["status"] == "live"
    assert [(e["index"], e["id"], e["phase"], e["results_visible"]) for e in state["exercises"]] == [
        (0, "fris-blijven", "ready", False), (1, "vier-keer-bellen", "ready", False)]


def test_public_url_is_used_for_links(app, api):
    app.config["PUBLIC_URL"] = "https://training.woonstad.example"
    created = api.create_workshop(["fris-blijven"])
    assert created["join_url"] == f"https://training.woonstad.example/j/{created['code']}"


def test_codes_are_unique_and_unpredictable(api):
    codes = {api.create_workshop(["fris-blijven"])["code"] for _ in range(25)}
    assert len(codes) == 25


@pytest.mark.parametrize("body, status, error", [
    ({"title": "T", "exercises": ["bestaat-niet"]}, 400, "unknown_exercise"),
    ({"title": "   ", "exercises": ["fris-blijven"]}, 400, "empty_title"),
    ({"title": "T", "exercises": []}, 400, "no_exercises"),
    ({"title": 5, "exercises": ["fris-blijven"]}, 400, "invalid"),
    ({"title": "T", "exercises": "fris-blijven"}, 400, "invalid"),
    ({"title": "T"}, 400, "invalid"),
    ([1, 2], 400, "bad_json"),
])
def test_bad_workshop_bodies(api, body, status, error):
    response = api.post("/workshops", body)
    assert response.status_code == status
    assert response.get_json()["error"] == error and response.get_json()["message"]


def test_malformed_json_is_a_400_not_a_500(api):
    response = api.client.post("/api/v1/workshops", data="{title: oops", headers={
        **api.headers, "Content-Type": "application/json"})
    assert response.status_code == 400 and response.get_json()["error"] == "bad_json"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}])
def test_missing_or_wrong_token_is_401_json(client, headers):
    for method, path in (("get", "/api/v1/exercises"), ("post", "/api/v1/workshops")):
        response = getattr(client, method)(path, headers=headers, json={})
        assert response.status_code == 401
        assert response.get_json()["error"] == "unauthorized"


def test_unknown_api_route_is_json_404(api):
    response = api.get("/nothing-here")
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"


def test_control_actions_and_their_errors(api):
    code = api.create_workshop(["fris-blijven", "vier-keer-bellen"])["code"]
    assert api.post(f"/workshops/{code}/control", {"action": "open"}).get_json()["error"] == "no_current"
    state = api.control(code, action="goto", index=1)
    assert state["current"] == 1
    assert api.control(code, action="open")["exercises"][1]["phase"] == "open"
    assert api.control(code, action="results", visible=True)["exercises"][1]["results_visible"] is True
    assert api.control(code, action="reveal")["exercises"][1]["phase"] == "revealed"
    for body, error in (({"action": "fly"}, "unknown_action"), ({"action": "goto", "index": 9}, "bad_index"),
                        ({"action": "goto"}, "invalid"), ({}, "invalid"), ({"action": "hide_tip"}, "invalid")):
        response = api.post(f"/workshops/{code}/control", body)
        assert response.status_code == 400 and response.get_json()["error"] == error
    assert api.control(code, action="end")["status"] == "ended"
    assert api.post(f"/workshops/{code}/control", {"action": "open"}).get_json()["error"] == "ended"


def test_results_document(app, api):
    code = api.create_workshop(["fris-blijven", "vier-keer-bellen"])["code"]
    people = [factories.join(app, code)["participant"]["id"] for _ in range(3)]
    from workshop import engine
    api.control(code, action="goto", index=0)
    api.control(code, action="open")
    with app.app_context():
        tip = engine.submit_tip(people[0], "Tot tien tellen").data["tip"]["id"]
        engine.upvote(people[1], tip, True)
    api.control(code, action="goto", index=1)
    api.control(code, action="open")
    with app.app_context():
        engine.vote(people[0], "a")
        engine.vote(people[1], "a")
        engine.vote(people[2], "b")
    results = api.get(f"/workshops/{code}/results").get_json()
    assert results["code"] == code
    tips, case = results["exercises"]
    assert tips["kind"] == "tips" and tips["tips"] == [{"id": tip, "text": "Tot tien tellen", "votes": 1,
                                                        "hidden": False, "held": False}]
    assert case["kind"] == "case" and case["total"] == 3
    assert {o["id"]: o["votes"] for o in case["options"]}["a"] == 2
    assert all(o["tag"] and o["text"] for o in case["options"])


def test_other_organisations_workshops_are_404(app, api):
    code = api.create_workshop(["fris-blijven"])["code"]
    other = factories.make_trainer(app, email="ander@concurrent.example", organisation="Andere Corporatie")
    from tests.conftest import ApiActions
    stranger = ApiActions(api.client, other.token)
    for path in (f"/workshops/{code}", f"/workshops/{code}/results"):
        response = stranger.get(path)
        assert response.status_code == 404 and response.get_json()["error"] == "not_found"
    response = stranger.post(f"/workshops/{code}/control", {"action": "end"})
    assert response.status_code == 404
    assert api.get(f"/workshops/{code}").get_json()["status"] == "live"


def test_a_workshop_holds_at_most_100_exercises(api):
    hundred = api.post("/workshops", {"title": "Lang", "exercises": [factories.TIPS_EXERCISE] * 100})
    assert hundred.status_code == 201
    response = api.post("/workshops", {"title": "Te lang", "exercises": [factories.TIPS_EXERCISE] * 20_000})
    assert response.status_code == 400 and response.get_json()["error"] == "too_many_exercises"
    assert "100" in response.get_json()["message"]
