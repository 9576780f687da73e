"""Every /api/v1 blueprint answers errors the same way: one code, one status, one JSON shape
(facilitator/api_errors.py), and paging arguments follow one rule (workshop/numbers.py)."""
from __future__ import annotations

import pytest

from tests import factories
from tests.archive_helpers import add_tips


@pytest.mark.parametrize("method, path", [
    ("GET", "/api/v1/workshops/ZZZZZZ"),                 # facilitator/api.py
    ("DELETE", "/api/v1/workshops/ZZZZZZ"),              # facilitator/archive/api.py
    ("GET", "/api/v1/exercises/bestaat-niet"),           # facilitator/exercises_api.py
])
def test_an_unknown_thing_is_the_same_404_on_every_api_blueprint(client, trainer, method, path):
    response = client.open(path, method=method, headers={"Authorization": f"Bearer {trainer.token}"})
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found" and response.get_json()["message"]


@pytest.mark.parametrize("method, path", [
    ("GET", "/api/v1/workshops/ZZZZZZ"), ("GET", "/api/v1/archive"), ("GET", "/api/v1/exercises"),
    ("GET", "/api/v1/blocked-words"),
])
def test_no_token_is_the_same_401_on_every_api_blueprint(client, app, method, path):
    response = client.open(path, method=method)
    assert response.status_code == 401 and response.get_json()["error"] == "unauthorized"


@pytest.mark.parametrize("method, path", [
    ("POST", "/api/v1/workshops"), ("POST", "/api/v1/exercises"), ("PUT", "/api/v1/blocked-words"),
])
def test_a_body_that_is_no_json_object_is_bad_json_everywhere(client, trainer, method, path):
    response = client.open(path, method=method, data="[1, 2]", content_type="application/json",
                           headers={"Authorization": f"Bearer {trainer.token}"})
    assert response.status_code == 400 and response.get_json()["error"] == "bad_json"
    assert "JSON" in response.get_json()["message"]


@pytest.mark.parametrize("query", ["limit=%C2%B2", "limit=1001", "limit=-1", "limit=abc", "offset=1e3",
                                   "offset=10000000000", "limit=%D9%A3"])
def test_a_paging_argument_that_is_no_whole_number_in_range_is_invalid(client, trainer, query):
    response = client.get(f"/api/v1/archive?{query}", headers={"Authorization": f"Bearer {trainer.token}"})
    assert response.status_code == 400 and response.get_json()["error"] == "invalid"


def test_paging_arguments_in_range_page_the_archive(app, client, trainer):
    code = factories.make_workshop(app, trainer)
    factories.control(app, code, action="goto", index=0)
    factories.control(app, code, action="open")
    add_tips(app, code, ["Tel tot tien", "Haal koffie", "Loop een rondje"])
    headers = {"Authorization": f"Bearer {trainer.token}"}
    whole = client.get("/api/v1/archive?limit=1000", headers=headers).get_json()
    page = client.get("/api/v1/archive?limit=1&offset=1", headers=headers).get_json()
    assert whole["total"] == page["total"] == 3
    assert len(page["tips"]) == 1 and page["tips"][0]["text"] in {tip["text"] for tip in whole["tips"]}


def test_the_archive_page_number_follows_the_same_rule(auth, trainer, client):
    auth.login()
    for page in ("%C2%B2", "-3", "99999999999999999999", "x"):
        response = client.get(f"/facilitator/archive?page={page}")
        assert response.status_code == 200, page
