"""Kind `scenario` (contract v3): the document rules with their field paths, and the engine: votes per scene,
follow (majority, ties, an explicit option), back (the scene as it was left), an ending, invalid_phase and
unknown_option, the results, the export rows and the recap."""
from __future__ import annotations

import copy

import pytest

from exercises.kinds import validate_document
from tests import factories
from workshop import engine
from workshop.engine import EngineError, views
from workshop.models import db

SCENARIO = "scenario-nee-blijft-nee"  # derde-keer -a-> rondje -a-> afsluiten -a-> end:afgerond; b/c elsewhere


def small() -> dict:
    option = {"tag": "handle:feeling", "explanation": "Waarom.", "reaction": "Hm."}
    return {"kind": "scenario", "title": "Drie scènes", "start": "s1",
            "scenes": [{"id": "s1", "story": "Begin.", "options": [
                           option | {"id": "a", "text": "Eén", "best": True, "next": "s2"},
                           option | {"id": "b", "text": "Twee", "tag": "pitfall:explaining", "next": "s3"}]},
                       {"id": "s2", "story": "Twee.", "options": [
                           option | {"id": "a", "text": "Goed", "best": True, "next": "end:goed"},
                           option | {"id": "b", "text": "Slecht", "next": "end:slecht"}]},
                       {"id": "s3", "story": "Drie.", "options": [
                           option | {"id": "a", "text": "Terug", "best": True, "next": "s2"},
                           option | {"id": "b", "text": "Slecht", "next": "end:slecht"}]}],
            "endings": [{"id": "goed", "title": "Goed", "text": "Het liep goed af.", "tone": "good"},
                        {"id": "slecht", "title": "Slecht", "text": "Het liep slecht af.", "tone": "bad"}]}


def problems(document) -> dict[str, str]:
    _kind, found = validate_document(document)
    return {problem.field: str(problem.message) for problem in found}


def test_a_valid_scenario_has_no_problems(app):
    with app.test_request_context():
        assert problems(small()) == {}


def test_every_graph_problem_is_reported_on_its_field(app):
    broken = copy.deepcopy(small())
    broken["scenes"][0]["options"][1]["next"] = "nergens"           # dangling next
    broken["scenes"][1]["options"][1]["best"] = True                  # two best options
    broken["scenes"][2]["options"][0]["next"] = "s3"                  # s3 loops on itself ...
    broken["scenes"][2]["options"][1]["next"] = "s3"                  # ... and never reaches an ending
    broken["scenes"].append({"id": "s4", "story": "Los.", "options": [  # nobody leads here
        {"id": "a", "text": "X", "tag": "other", "explanation": "Y", "best": True, "next": "end:goed"},
        {"id": "a", "text": "Z", "tag": "onbekend", "explanation": "Y", "next": "end:goed"}]})
    with app.test_request_context():
        found = problems(broken)
    assert "nergens" in found["scenes[1].options[2].next"]
    assert "beste" in found["scenes[2].options[2].best"]
    assert "niet te bereiken" in found["scenes[4].id"]
    assert "komt twee keer voor" in found["scenes[4].options[2].id"]
    assert "onbekende tag" in found["scenes[4].options[2].tag"] or "onbekend" in found["scenes[4].options[2].tag"]
    # s3 is now unreachable too (s1's b no longer leads there), so make it reachable and check the dead end:
    broken["scenes"][0]["options"][1]["next"] = "s3"
    with app.test_request_context():
        found = problems(broken)
    assert "geen einde" in found["scenes[3].id"]


def test_counts_start_and_tone_are_checked(app):
    document = small()
    document["start"] = "s9"
    document["scenes"][1]["options"] = document["scenes"][1]["options"][:1]
    document["endings"][0]["tone"] = "prima"
    document["scenes"][2]["options"][0]["best"] = False
    with app.test_request_context():
        found = problems(document)
    assert "s9" in found["start"]
    assert "2 tot 6" in found["scenes[2].options"]
    assert "good, mixed of bad" in found["endings[1].tone"]
    assert "precies één" in found["scenes[3].options"]
    with app.test_request_context():
        assert "1 tot 12" in problems(small() | {"scenes": [small()["scenes"][0]] * 13})["scenes"]


def scenario_workshop(app, trainer) -> str:
    """A workshop with the library's scenario, checked from its file (the whole library need not load)."""
    from exercises.library import LIBRARY_DIR, check_file
    from workshop.models import Trainer
    exercise, found = check_file(LIBRARY_DIR / f"{SCENARIO}.toml")
    assert not found
    with app.app_context():
        code = engine.create_workshop(db.session.get(Trainer, trainer.id), "Scenario", [SCENARIO],
                                      {SCENARIO: exercise}).code
        db.session.remove()
    return code


@pytest.fixture
def room(app, trainer):
    code = scenario_workshop(app, trainer)
    factories.control(app, code, action="goto", index=0)
    return code


def vote(app, phone, option):
    with app.app_context():
        engine.vote(phone["participant"]["id"], option)
        db.session.remove()


def refused(app, code=None, phone=None, **action) -> str:
    with app.app_context(), pytest.raises(EngineError) as caught:
        if phone is not None:
            engine.vote(phone["participant"]["id"], action["option"])
        else:
            engine.control(engine.workshop_by_code(code), action)
    return caught.value.code


def seen(app, code) -> dict:
    with app.app_context():
        return views.participant_state(engine.workshop_by_code(code))["exercise"]


def tally(app, code) -> dict:
    with app.app_context():
        return views.tally_message(engine.workshop_by_code(code), for_participants=False)


def me(app, code, phone) -> dict:
    with app.app_context():
        workshop = engine.workshop_by_code(code)
        from workshop.models import Participant
        return views.me_view(workshop, db.session.get(Participant, phone["participant"]["id"]))


def test_a_room_plays_a_scenario_scene_by_scene(app, room):
    code = room
    phones = [factories.join(app, code) for _ in range(3)]
    first = seen(app, code)
    assert first["scene"]["id"] == "derde-keer" and first["path"] == [] and first["ending"] is None
    assert "best" not in first["scene"]["options"][0] and first["revealed"] is None
    assert refused(app, code, action="follow", option=None) == "invalid_phase"  # ready: nothing to follow yet
    factories.control(app, code, action="open")
    for phone, option in zip(phones, ("b", "b", "a")):
        vote(app, phone, option)
    vote(app, phones[2], "c")  # changeable while open
    assert refused(app, phone=phones[0], option="z") == "unknown_option"
    assert tally(app, code) == {"index": 0, "scene": "derde-keer", "total": 3, "counts": {"a": 0, "b": 2, "c": 1}}
    assert refused(app, code, action="follow", option=None) == "invalid_phase"  # still open
    factories.control(app, code, action="reveal")
    factories.control(app, code, action="reveal_step", step=2)
    revealed = seen(app, code)["revealed"]
    assert [r["next"] for r in revealed] == ["rondje", "terug", "terug"] and revealed[1]["reaction"]
    state = factories.control(app, code, action="follow", option=None)  # the majority: b
    now = seen(app, code)
    assert now["scene"]["id"] == "terug" and now["path"] == [{"scene": "derde-keer", "chosen": "b"}]
    assert now["phase"] == "ready" and now["revealed"] is None and state["exercises"][0]["scene_id"] == "terug"
    assert tally(app, code)["total"] == 0 and me(app, code, phones[0])["vote"] is None  # a new scene, no votes
    assert refused(app, code, action="follow", option="a") == "invalid_phase"

    back = factories.control(app, code, action="back")["exercises"][0]  # the scene as it was left
    assert back["scene_id"] == "derde-keer" and back["phase"] == "revealed" and back["reveal_step"] == 2
    assert tally(app, code)["counts"] == {"a": 0, "b": 2, "c": 1} and me(app, code, phones[2])["vote"] == "c"
    assert refused(app, code, action="back") == "invalid_phase"  # the path is empty
    assert refused(app, code, action="follow", option="z") == "unknown_option"

    factories.control(app, code, action="follow", option="a")  # another option than the majority
    factories.control(app, code, action="open")
    vote(app, phones[0], "c")
    factories.control(app, code, action="close")
    factories.control(app, code, action="follow", option=None)  # rondje's c: an ending
    end = seen(app, code)
    assert end["phase"] == "closed" and end["scene"] is None
    assert end["ending"] == {"id": "boemerang", "title": end["ending"]["title"], "text": end["ending"]["text"],
                             "tone": "bad"}
    assert end["path"] == [{"scene": "derde-keer", "chosen": "a"}, {"scene": "rondje", "chosen": "c"}]
    for action in ("open", "reveal", "follow"):
        assert refused(app, code, action=action, option=None) == "invalid_phase"

    with app.app_context():
        from workshop.engine.results import results_document
        results = results_document(engine.workshop_by_code(code))["exercises"][0]
    assert results["kind"] == "scenario" and results["ending"] == "boemerang" and results["path"] == end["path"]
    assert [s["id"] for s in results["scenes"]] == ["derde-keer", "rondje"]
    assert results["scenes"][0]["total"] == 3 and results["scenes"][1]["options"][2] == {
        "id": "c", "text": results["scenes"][1]["options"][2]["text"], "tag": "pitfall:cutting-off",
        "votes": 1, "best": False}
    assert "terug" not in [s["id"] for s in results["scenes"]]  # left by `back`: not on the path


def test_a_tie_follows_the_first_tied_option_and_the_recap_and_exports_show_the_path(app, room):
    code = room
    phones = [factories.join(app, code) for _ in range(2)]
    factories.control(app, code, action="open")
    vote(app, phones[0], "c")
    vote(app, phones[1], "b")
    factories.control(app, code, action="close")
    factories.control(app, code, action="follow", option=None)  # b and c tie: b comes first
    assert seen(app, code)["path"] == [{"scene": "derde-keer", "chosen": "b"}]
    factories.control(app, code, action="open")
    factories.control(app, code, action="close")
    factories.control(app, code, action="follow", option=None)  # nobody voted: a tie of zeros, the first: a
    assert seen(app, code)["ending"]["id"] == "deuk"
    with app.app_context():
        workshop = engine.workshop_by_code(code)
        from exercises.kinds import kind_of
        from workshop.archive.exports import workshop_rows
        rows = workshop_rows(workshop)
        recap = kind_of("scenario").recap(workshop.runs[0])
    assert [(r["scene"], r["id"], r["followed"]) for r in rows if r["row"] == "option"][:3] == [
        ("derde-keer", "a", False), ("derde-keer", "b", True), ("derde-keer", "c", False)]
    assert rows[-1]["row"] == "ending" and rows[-1]["id"] == "deuk"
    assert [step["scene"] for step in recap["path"]] == ["derde-keer", "terug"] and recap["ending"]["tone"] == "mixed"


def test_the_hand_out_shows_every_scene_and_marks_the_path(app, room, client, auth):
    code = room
    phone = factories.join(app, code)
    factories.control(app, code, action="open")
    vote(app, phone, "c")
    factories.control(app, code, action="close")
    factories.control(app, code, action="follow", option=None)  # c: to "terug"
    assert refused(app, code, action="follow", option="a") == "invalid_phase"  # the new scene is not closed yet
    auth.login()
    page = client.get(f"/facilitator/archive/workshops/{code}/toolkit").get_data(as_text=True)
    assert 'data-testid="handout-scenario"' in page
    assert page.count('class="scenario-scene') == 4  # every scene, played or not
    assert page.count("Gekozen door de groep") == 1 and "derde-keer: C" in page
    assert "Nee? Zomaar nee? Dan wil ik een klacht indienen." in page  # a reaction
    assert "Valkuil: de discussie afkappen" in page and "Einde: " in page  # tags and where an option leads
    assert "Hier kwam de groep uit" not in page  # no ending reached yet


def test_votes_per_scene_on_postgresql(postgres_server, tmp_path, monkeypatch):
    """The upsert keyed by (run, participant, scene) and migration 0018 on a real PostgreSQL server."""
    import uuid

    from flask_migrate import upgrade

    from workshop import create_app
    url = postgres_server.create_database(f"kw_{uuid.uuid4().hex[:12]}")
    monkeypatch.setenv("KLANTWIJS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KLANTWIJS_DATABASE_URL", url)
    app = create_app({"TESTING": True, "ASYNC_MODE": "threading"})
    with app.app_context():
        upgrade()
    try:
        code = scenario_workshop(app, factories.make_trainer(app))
        factories.control(app, code, action="goto", index=0)
        phones = [factories.join(app, code) for _ in range(2)]
        factories.control(app, code, action="open")
        vote(app, phones[0], "a")
        vote(app, phones[0], "b")  # changed: still one vote
        vote(app, phones[1], "b")
        factories.control(app, code, action="close")
        factories.control(app, code, action="follow", option=None)
        factories.control(app, code, action="open")
        vote(app, phones[0], "a")
        assert tally(app, code)["counts"] == {"a": 1, "b": 0, "c": 0}
        factories.control(app, code, action="back")
        assert tally(app, code)["counts"] == {"a": 0, "b": 2, "c": 0}  # the first scene's votes are kept
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_a_followup_takes_answers_per_scene(app, room, api, client):
    """The follow-up (contract v3): `{"scene", "option"}`; the explanation, the reaction and where the choice leads
    come back; a later answer to the same scene replaces the earlier one; a bad scene or option gets its code."""
    from workshop.followup.models import FollowupAnswer
    response = api.post(f"/workshops/{room}/followup", {"exercises": [SCENARIO], "days": 7})
    assert response.status_code == 201, response.get_json()
    token = response.get_json()["token"]

    def answer(body):
        return client.post(f"/f/{token}/answer", json={"participant": None, "exercise": SCENARIO} | body)

    first = answer({"scene": "derde-keer", "option": "c"}).get_json()
    assert first["ok"] and first["revealed"]["next"] == "terug" and first["revealed"]["reaction"].startswith("Nee?")
    assert first["revealed"]["intended"]["id"] == "a" and first["revealed"]["tag"] == "pitfall:cutting-off"
    phone = first["participant"]
    end = client.post(f"/f/{token}/answer", json={"participant": phone, "exercise": SCENARIO, "scene": "rondje",
                                                  "option": "c"}).get_json()
    assert end["revealed"]["ending"]["tone"] == "bad" and end["revealed"]["next"] is None
    again = client.post(f"/f/{token}/answer", json={"participant": phone, "exercise": SCENARIO,
                                                    "scene": "derde-keer", "option": "a"})
    assert again.status_code == 200
    with app.app_context():
        assert {a.scene: a.option_id for a in db.session.query(FollowupAnswer)} == {"derde-keer": "a", "rondje": "c"}
    for body, code in (({"scene": "nergens", "option": "a"}, "unknown_option"),
                       ({"scene": "rondje", "option": "z"}, "unknown_option"), ({"option": "a"}, "invalid")):
        refused = answer(body)
        assert refused.status_code == 400 and refused.get_json()["error"] == code, body
