"""/api/v1/exercises: the library beside the organisation's own; CRUD, TOML import and export, isolation."""
from __future__ import annotations

import tomllib

import pytest

from exercises.library import LIBRARY_DIR, check_file
from tests import factories
from tests.conftest import ApiActions


def a_case(**changes) -> dict:
    document = {
        "kind": "case", "title": "Keuken blijft zitten", "theme": "slecht nieuws", "minutes": 15,
        "notes": "Alleen voor de trainer: vraag door op de uitlegstand.",
        "story": "Mevrouw Bakker hoort dat haar keuken niet wordt vervangen.\n\n\"Dat is toch schandalig!\"",
        "question": "Wat zeg je?", "summary": "Eerst de klap, dan het opvangen.",
        "options": [
            {"id": "a", "text": "U heeft helemaal gelijk.", "tag": "pitfall:giving-right",
             "explanation": "Je valt je eigen organisatie af."},
            {"id": "b", "text": "Ik merk dat u hier boos over bent.", "tag": "handle:feeling",
             "explanation": "Je reageert op het gevoel.", "best": True},
            {"id": "c", "text": "Laat me nog eens uitleggen hoe de planning werkt.", "tag": "pitfall:explaining",
             "explanation": "Uitleggen terwijl zij nog boos is, werkt niet."},
        ]}
    return document | changes


def put(api: ApiActions, path: str, body):
    return api.client.put(f"/api/v1{path}", json=body, headers=api.headers)


def delete(api: ApiActions, path: str):
    return api.client.delete(f"/api/v1{path}", headers=api.headers)


@pytest.fixture
def other_api(app, client):
    other = factories.make_trainer(app, email="ander@corporatie.example", organisation="Andere Corporatie")
    return ApiActions(client, other.token)


def test_create_read_list_update_delete(api):
    created = api.post("/exercises", a_case())
    assert created.status_code == 201, created.get_json()
    document = created.get_json()
    exercise_id = document["id"]
    assert exercise_id == "keuken-blijft-zitten" and document["source"] == "organisation"
    assert document["options"][1]["best"] is True and document["notes"].startswith("Alleen")
    assert api.get(f"/exercises/{exercise_id}").get_json() == document
    listed = {e["id"]: e for e in api.get("/exercises").get_json()}
    assert listed[exercise_id] == {"id": exercise_id, "kind": "case", "title": "Keuken blijft zitten",
                                   "source": "organisation", "theme": "slecht nieuws", "minutes": 15}
    assert listed["fris-blijven"]["source"] == "library"
    changed = put(api, f"/exercises/{exercise_id}", document | {"title": "Keuken blijft"})
    assert changed.status_code == 200 and changed.get_json()["title"] == "Keuken blijft"
    assert changed.get_json()["id"] == exercise_id
    assert delete(api, f"/exercises/{exercise_id}").status_code == 204
    assert api.get(f"/exercises/{exercise_id}").status_code == 404


def test_every_problem_at_once_with_its_field(api):
    broken = a_case(title="", minutes="tien")
    broken["options"][2] = {"id": "c", "text": "", "tag": "pitfall:onbekend", "best": True}
    response = api.post("/exercises", broken)
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "invalid_exercise" and body["message"]
    problems = {(p["field"], p["message"]) for p in body["problems"]}
    assert ("title", "moet een niet-lege tekst zijn") in problems
    assert ("minutes", "moet een heel getal zijn") in problems
    assert ("options[3].text", "moet een niet-lege tekst zijn") in problems
    assert ("options[3].explanation", "ontbreekt") in problems
    assert ("options[3].best", "maar één optie kan de beste zijn") in problems
    assert any(f == "options[3].tag" and "geen bekende tag" in m for f, m in problems)


def test_ids_that_are_not_text_are_problems_not_a_crash(api):
    """An option id or a scenario's scene id sent as a list or a block: a 400 naming the field, never a 500."""
    broken = a_case()
    broken["options"][0]["id"] = ["a"]
    broken["options"][1]["id"] = {"b": 1}
    response = api.post("/exercises", broken)
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_exercise"
    fields = {p["field"] for p in response.get_json()["problems"]}
    assert {"options[1].id", "options[2].id"} <= fields
    with open(LIBRARY_DIR / "scenario-nee-blijft-nee.toml", "rb") as source:
        scenario = tomllib.load(source)
    scenario["scenes"][1]["id"] = ["rondje"]
    response = api.post("/exercises", scenario)
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_exercise"
    assert any(p["field"].startswith("scenes[2]") for p in response.get_json()["problems"])


def test_library_exercises_are_read_only_but_can_be_duplicated(api):
    library_case = api.get(f"/exercises/{factories.CASE_EXERCISE}").get_json()
    assert library_case["source"] == "library"
    refused = put(api, f"/exercises/{factories.CASE_EXERCISE}", library_case)
    assert refused.status_code == 403 and refused.get_json()["error"] == "read_only"
    assert delete(api, f"/exercises/{factories.CASE_EXERCISE}").status_code == 403
    copy = api.post(f"/exercises/{factories.CASE_EXERCISE}/duplicate")
    assert copy.status_code == 201
    copied = copy.get_json()
    assert copied["source"] == "organisation" and copied["id"] != factories.CASE_EXERCISE
    assert copied["title"].endswith("(kopie)") and copied["options"] == library_case["options"]


def test_another_organisation_sees_nothing(api, other_api):
    exercise_id = api.post("/exercises", a_case()).get_json()["id"]
    assert other_api.get(f"/exercises/{exercise_id}").status_code == 404
    assert other_api.get(f"/exercises/{exercise_id}.toml").status_code == 404
    assert put(other_api, f"/exercises/{exercise_id}", a_case()).status_code == 404
    assert delete(other_api, f"/exercises/{exercise_id}").status_code == 404
    assert other_api.post(f"/exercises/{exercise_id}/duplicate").status_code == 404
    assert exercise_id not in {e["id"] for e in other_api.get("/exercises").get_json()}
    refused = other_api.post("/workshops", {"title": "Proef", "exercises": [exercise_id]})
    assert refused.status_code == 400 and refused.get_json()["error"] == "unknown_exercise"
    assert api.post("/workshops", {"title": "Proef", "exercises": [exercise_id]}).status_code == 201


@pytest.mark.parametrize("path", sorted(LIBRARY_DIR.glob("*.toml")), ids=lambda p: p.stem)
def test_every_library_file_survives_import_and_export(api, tmp_path, path):
    text = path.read_text(encoding="utf-8")
    imported = api.client.post("/api/v1/exercises/import", data=text.encode("utf-8"),
                               headers=api.headers | {"Content-Type": "application/toml"})
    assert imported.status_code == 201, imported.get_json()
    document = imported.get_json()
    exported = api.get(f"/exercises/{document['id']}.toml")
    assert exported.status_code == 200 and exported.mimetype == "application/toml"
    written = tmp_path / f"{document['id']}.toml"
    written.write_bytes(exported.get_data())
    exercise, problems = check_file(written)
    assert problems == []
    assert tomllib.loads(exported.get_data(as_text=True)) == tomllib.loads(text)
    assert exercise.content == tomllib.loads(text)


def test_a_broken_toml_import_names_its_problems(api):
    response = api.client.post("/api/v1/exercises/import", data='kind = "tips"\ntitle = "x"\nprompt = ',
                               headers=api.headers | {"Content-Type": "text/plain"})
    assert response.status_code == 400
    assert response.get_json()["problems"][0]["field"] == "(toml)"
    response = api.client.post("/api/v1/exercises/import", data='kind = "tips"\ntitle = "Vraag"\n',
                               headers=api.headers | {"Content-Type": "text/plain"})
    assert response.get_json()["problems"] == [{"field": "prompt", "message": "ontbreekt"}]


def test_workshops_keep_their_snapshot_when_the_exercise_changes_or_goes(api):
    exercise_id = api.post("/exercises", a_case()).get_json()["id"]
    code = api.create_workshop([exercise_id])["code"]
    put(api, f"/exercises/{exercise_id}", a_case(title="Heel anders", story="Een ander verhaal."))
    results = api.get(f"/workshops/{code}/results").get_json()
    assert results["exercises"][0]["title"] == "Keuken blijft zitten"
    assert delete(api, f"/exercises/{exercise_id}").status_code == 204
    api.control(code, action="goto", index=0)
    api.control(code, action="reveal")
    state = api.get(f"/workshops/{code}").get_json()
    assert state["exercises"][0]["title"] == "Keuken blijft zitten" and state["exercises"][0]["phase"] == "revealed"
    options = api.get(f"/workshops/{code}/results").get_json()["exercises"][0]["options"]
    assert [o["best"] for o in options] == [False, True, False]
