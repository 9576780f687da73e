"""Reusable workshops: duplicate one, change its exercises before it starts, and its language for phones and
projector."""
from __future__ import annotations

import re

from tests import factories


def put(api, path: str, body):
    return api.client.put(f"/api/v1{path}", json=body, headers=api.headers)


def test_duplicate_keeps_title_language_and_snapshots_but_no_people(api, app, socket_user):
    made = api.post("/workshops", {"title": "Slecht nieuws", "language": "en",
                                   "exercises": [factories.TIPS_EXERCISE, factories.CASE_EXERCISE]}).get_json()
    code = made["code"]
    phone = socket_user()
    assert phone.join(code)["ok"]
    api.control(code, action="goto", index=1)
    response = api.post(f"/workshops/{code}/duplicate")
    assert response.status_code == 201
    copy = response.get_json()
    assert set(copy) == {"code", "join_url", "screen_url", "control_url"} and copy["code"] != code
    assert copy["screen_url"] != made["screen_url"].replace(code, copy["code"])  # a new screen key
    state = api.get(f"/workshops/{copy['code']}").get_json()
    original = api.get(f"/workshops/{code}").get_json()
    assert state["title"] == "Slecht nieuws" and state["language"] == "en" and state["status"] == "live"
    assert state["participants"] == 0 and state["current"] is None
    assert [(e["id"], e["title"], e["phase"]) for e in state["exercises"]] == \
        [(e["id"], e["title"], "ready") for e in original["exercises"]]


def test_duplicate_of_another_organisations_workshop_is_404(api, app, client):
    from tests.conftest import ApiActions
    other = factories.make_trainer(app, email="ander@corporatie.example", organisation="Andere Corporatie")
    code = api.create_workshop([factories.TIPS_EXERCISE])["code"]
    assert ApiActions(client, other.token).post(f"/workshops/{code}/duplicate").status_code == 404


def test_add_remove_and_reorder_before_the_start_only(api):
    code = api.create_workshop([factories.TIPS_EXERCISE, factories.CASE_EXERCISE])["code"]
    response = put(api, f"/workshops/{code}/exercises", {"exercises": [1, "nee-zeggen", 0]})
    assert response.status_code == 200, response.get_json()
    ids = [e["id"] for e in response.get_json()["exercises"]]
    assert ids == [factories.CASE_EXERCISE, "nee-zeggen", factories.TIPS_EXERCISE]
    assert [e["index"] for e in response.get_json()["exercises"]] == [0, 1, 2]
    removed = put(api, f"/workshops/{code}/exercises", {"exercises": [2]}).get_json()
    assert [e["id"] for e in removed["exercises"]] == [factories.TIPS_EXERCISE]
    for body, error in (({"exercises": []}, "no_exercises"), ({"exercises": [5]}, "bad_index"),
                        ({"exercises": ["bestaat-niet"]}, "unknown_exercise"), ({"exercises": [0, 0]}, "invalid"),
                        ({"exercises": "fris"}, "invalid")):
        refused = put(api, f"/workshops/{code}/exercises", body)
        assert refused.status_code == 400 and refused.get_json()["error"] == error, body
    api.control(code, action="goto", index=0)
    started = put(api, f"/workshops/{code}/exercises", {"exercises": [0, factories.CASE_EXERCISE]})
    assert started.status_code == 409 and started.get_json()["error"] == "started"


def test_a_bad_language_is_refused(api):
    response = api.post("/workshops", {"title": "T", "exercises": [factories.TIPS_EXERCISE], "language": "de"})
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_language"


def _lang(html: str) -> str:
    return re.search(r'<html lang="(\w+)"', html).group(1)


def test_phones_and_projector_follow_the_workshop_language_unless_asked(api, client):
    made = api.post("/workshops", {"title": "Workshop", "language": "en",
                                   "exercises": [factories.TIPS_EXERCISE]}).get_json()
    dutch_phone = {"Accept-Language": "nl-NL,nl;q=0.9"}
    join_path = "/j/" + made["code"]
    assert _lang(client.get(join_path, headers=dutch_phone).get_data(as_text=True)) == "en"
    screen_path = made["screen_url"].split("://", 1)[1].split("/", 1)[1]
    assert _lang(client.get("/" + screen_path, headers=dutch_phone).get_data(as_text=True)) == "en"
    assert _lang(client.get(join_path + "?lang=nl", headers=dutch_phone).get_data(as_text=True)) == "nl"
    dutch = api.create_workshop([factories.TIPS_EXERCISE])["code"]
    english_phone = {"Accept-Language": "en-GB,en;q=0.9"}
    assert _lang(client.get("/j/" + dutch, headers=english_phone).get_data(as_text=True)) == "nl"
