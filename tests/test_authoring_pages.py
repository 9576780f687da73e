"""Trainer pages for exercises and reusable workshops, through the real forms (login, CSRF)."""
from __future__ import annotations

import re

import pytest

from tests import factories
from tests.test_api_exercises import a_case


@pytest.fixture
def logged_in(auth, trainer):
    auth.login()
    return auth


def csrf(client, path: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def test_library_filters_by_kind_and_theme_and_searches_title_and_text(client, logged_in, api):
    own = api.post("/exercises", a_case()).get_json()
    page = client.get("/facilitator/exercises").get_data(as_text=True)
    assert own["title"] in page and "Fris blijven" in page
    assert "Alleen voor de trainer: vraag door op de uitlegstand." in page  # the preview shows the notes
    assert "Valkuil: uitlegstand" in page and "beste antwoord" in page
    cases = client.get("/facilitator/exercises?kind=case").get_data(as_text=True)
    assert own["title"] in cases and "Fris blijven" not in cases
    themed = client.get("/facilitator/exercises?theme=slecht+nieuws").get_data(as_text=True)
    with_theme = [e for e in api.get("/exercises").get_json() if e["theme"] == "slecht nieuws"]
    assert own["title"] in themed and "Fris blijven" not in themed  # the library has its own bad-news cases too
    assert themed.count('data-testid="library-item"') == len(with_theme) > 1
    by_story = client.get("/facilitator/exercises?q=SCHANDALIG+bakker").get_data(as_text=True)
    assert own["title"] in by_story and by_story.count('data-testid="library-item"') == 1
    nothing = client.get("/facilitator/exercises?q=zzzgeenwoord").get_data(as_text=True)
    assert 'data-testid="library-item"' not in nothing


def test_editor_pages_and_duplicate_and_delete_buttons(client, logged_in, api):
    assert client.get("/facilitator/exercises/new?kind=case").status_code == 200
    assert client.get("/facilitator/exercises/new?kind=quiz").status_code == 302
    assert client.get("/facilitator/exercises/bestaat-niet/edit").status_code == 404
    token = csrf(client, "/facilitator/exercises")
    copied = client.post(f"/facilitator/exercises/{factories.CASE_EXERCISE}/duplicate", data={"csrf_token": token})
    assert copied.status_code == 302 and copied.headers["Location"].endswith("/edit")
    copy_id = copied.headers["Location"].split("/")[-2]
    editor = client.get(f"/facilitator/exercises/{copy_id}/edit").get_data(as_text=True)
    assert 'id="editor-document"' in editor and "(kopie)" in editor
    deleted = client.post(f"/facilitator/exercises/{copy_id}/delete", data={"csrf_token": token})
    assert deleted.status_code == 302
    assert api.get(f"/exercises/{copy_id}").status_code == 404
    refused = client.post(f"/facilitator/exercises/{factories.CASE_EXERCISE}/delete", data={"csrf_token": token})
    assert refused.status_code == 302 and api.get(f"/exercises/{factories.CASE_EXERCISE}").status_code == 200


def test_change_a_workshops_exercises_with_plain_forms_then_duplicate(client, logged_in, api):
    code = api.create_workshop([factories.TIPS_EXERCISE, factories.CASE_EXERCISE])["code"]
    path = f"/facilitator/workshops/{code}/exercises"
    token = csrf(client, path)
    client.post(path, data={"csrf_token": token, "index": "0", "move": "down"})
    client.post(path, data={"csrf_token": token, "add": "nee-zeggen"})
    client.post(path, data={"csrf_token": token, "index": "0", "remove": "1"})
    state = api.get(f"/workshops/{code}").get_json()
    assert [e["id"] for e in state["exercises"]] == [factories.TIPS_EXERCISE, "nee-zeggen"]
    copied = client.post(f"/facilitator/workshops/{code}/duplicate", data={"csrf_token": token})
    copy_code = copied.headers["Location"].split("/workshops/", 1)[1].split("/")[0]  # lands on its edit page
    assert copied.headers["Location"].endswith(f"/facilitator/workshops/{copy_code}/exercises")
    assert copy_code != code
    assert [e["id"] for e in api.get(f"/workshops/{copy_code}").get_json()["exercises"]] == \
        [factories.TIPS_EXERCISE, "nee-zeggen"]
    api.control(code, action="goto", index=0)
    assert "ligt nu vast" in client.get(path).get_data(as_text=True)


def test_another_organisations_workshop_and_exercise_pages_are_404(app, client, logged_in):
    other = factories.make_trainer(app, email="ander@corporatie.example", organisation="Andere Corporatie")
    from tests.conftest import ApiActions
    theirs = ApiActions(client, other.token)
    code = theirs.create_workshop([factories.TIPS_EXERCISE])["code"]
    exercise_id = theirs.post("/exercises", a_case()).get_json()["id"]
    token = csrf(client, "/facilitator/exercises")
    assert client.get(f"/facilitator/workshops/{code}/exercises").status_code == 404
    assert client.post(f"/facilitator/workshops/{code}/duplicate", data={"csrf_token": token}).status_code == 404
    assert client.get(f"/facilitator/exercises/{exercise_id}/edit").status_code == 404
    assert client.post(f"/facilitator/exercises/{exercise_id}/duplicate",
                       data={"csrf_token": token}).status_code == 404


def test_the_control_page_shows_the_trainer_notes_but_the_phones_never_get_them(client, logged_in, api, socket_user):
    exercise_id = api.post("/exercises", a_case()).get_json()["id"]
    code = api.create_workshop([exercise_id])["code"]
    control = client.get(f"/facilitator/workshops/{code}").get_data(as_text=True)
    assert "Alleen voor de trainer: vraag door op de uitlegstand." in control
    api.control(code, action="goto", index=0)
    api.control(code, action="reveal")
    api.control(code, action="reveal_step", step=None)  # the overview: a phone gets every option's entry
    ack = socket_user().join(code)
    assert "Alleen voor de trainer" not in repr(ack) and ack["state"]["exercise"]["revealed"][1]["best"] is True
    exercise = api.get(f"/workshops/{code}").get_json()["exercises"][0]
    assert exercise["actions"] == ["conceal", "reveal", "reveal_step"] and exercise["tally"] is True
    assert exercise["phase"] == "revealed" and exercise["reveal_step"] is None and exercise["reveal_steps"] == 3
