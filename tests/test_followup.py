"""The follow-up ("opfrisser"): the trainer's routes, the phone's answers and every error code, pairing by the
phone's workshop token, changed answers, closing, the cap on new participants, isolation between organisations,
the figures and exports, and retention."""
from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from markupsafe import escape
from openpyxl import load_workbook

from tests import factories
from tests.conftest import ApiActions
from tests.test_postgres import pg_app  # noqa: F401,F811  (fixture: a migrated PostgreSQL database)
from workshop import engine
from workshop.archive.exports import COLUMNS
from workshop.models import db

START, CASE, ORDER, END = ("zeker-slecht-nieuws-start", "vier-keer-bellen", "vier-handvatten-op-volgorde",
                           "zeker-slecht-nieuws-eind")
WORKSHOP = [START, CASE, ORDER, END]


def library(app, exercise_id: str) -> dict:
    return app.extensions["klantwijs_library"][exercise_id].content


def best_and_other(app) -> tuple[str, str]:
    options = library(app, CASE)["options"]
    best = next(o["id"] for o in options if o.get("best"))
    return best, next(o["id"] for o in options if not o.get("best"))


def intended_order(app) -> list[str]:
    items = library(app, ORDER)["items"]
    return [i["id"] for i in sorted(items, key=lambda i: i["position"]) if i["position"] > 0]


def run_room(app, code: str, answers: dict[int, dict]) -> None:
    """The live workshop: each exercise (by index) opened, the given participants' answers sent, closed.
    `answers`: index -> {participant id: (event, value)}."""
    for index, given in answers.items():
        factories.control(app, code, action="goto", index=index)
        factories.control(app, code, action="open")
        with app.app_context():
            for participant_id, (event, value) in given.items():
                engine.vote(participant_id, value, event)
            db.session.remove()
        factories.control(app, code, action="close")


@pytest.fixture
def room(app, api):
    """A workshop in which three phones took part: p1 chose a pitfall, p2 the intended answer, p3 a pitfall;
    all three rated themselves at the start and at the end."""
    code = api.create_workshop(WORKSHOP)["code"]
    phones = [factories.join(app, code)["participant"] for _ in range(3)]
    best, other = best_and_other(app)
    ids = [p["id"] for p in phones]
    run_room(app, code, {
        0: {ids[0]: ("rate", 2), ids[1]: ("rate", 3), ids[2]: ("rate", 2)},
        1: {ids[0]: ("vote", other), ids[1]: ("vote", best), ids[2]: ("vote", other)},
        3: {ids[0]: ("rate", 3), ids[1]: ("rate", 4), ids[2]: ("rate", 4)}})
    return {"code": code, "tokens": [p["token"] for p in phones], "best": best, "other": other}


def make_followup(api, code: str, **body) -> dict:
    response = api.post(f"/workshops/{code}/followup", body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def answer(client, token: str, body):
    return client.post(f"/f/{token}/answer", json=body)


def figures(api, code: str, exercise_id: str, number: int = 0) -> dict:
    followup = api.get(f"/workshops/{code}/followup").get_json()["followups"][number]
    return next(e for e in followup["exercises"] if e["id"] == exercise_id)


# --- the trainer ------------------------------------------------------------------------------------------------

def test_a_followup_holds_the_workshops_cases_and_closing_self_assessment_by_default(api, room, client):
    created = make_followup(api, room["code"])
    assert created["url"] == f"http://localhost/f/{created['token']}"
    assert created["closes"].endswith("Z")
    listed = api.get(f"/workshops/{room['code']}/followup").get_json()["followups"]
    assert [e["id"] for e in listed[0]["exercises"]] == [CASE, END]
    assert listed[0]["token"] == created["token"] and listed[0]["participants"] == 0
    page = client.get(f"/f/{created['token']}")
    assert page.status_code == 200 and "Opfrisser" in page.get_data(as_text=True)


def test_a_workshop_can_have_several_followups_with_chosen_exercises_and_periods(app, api, room):
    first = make_followup(api, room["code"], exercises=[ORDER], days=1)
    second = make_followup(api, room["code"], exercises=[CASE, "te-hoog-inkomen"], days=60)
    listed = api.get(f"/workshops/{room['code']}/followup").get_json()["followups"]
    assert [f["token"] for f in listed] == [first["token"], second["token"]]
    assert [e["id"] for e in listed[1]["exercises"]] == [CASE, "te-hoog-inkomen"]
    new_case = listed[1]["exercises"][1]
    assert new_case["in_workshop"] is False and new_case["workshop_best_share"] is None
    assert first["closes"] < second["closes"]


@pytest.mark.parametrize("body, error", [
    ({"exercises": ["bestaat-niet"]}, "unknown_exercise"),
    ({"exercises": ["fris-blijven"]}, "invalid"),  # tips are written in a room, not practised at home
    ({"exercises": []}, "no_exercises"),
    ({"exercises": "vier-keer-bellen"}, "invalid"),
    ({"exercises": [CASE, CASE]}, "invalid"),
    ({"days": 0}, "invalid"),
    ({"days": 61}, "invalid"),
    ({"days": True}, "invalid"),
    ({"days": "veertien"}, "invalid"),
])
def test_bad_followup_bodies_are_refused_with_a_code(api, room, body, error):
    response = api.post(f"/workshops/{room['code']}/followup", body)
    assert response.status_code == 400
    assert response.get_json()["error"] == error and response.get_json()["message"]


def test_another_organisation_sees_no_followups_and_cannot_make_one(app, client, api, room):
    other = factories.make_trainer(app, email="ander@elders.example", organisation="Elders Wonen")
    stranger = ApiActions(client, other.token)
    assert stranger.get(f"/workshops/{room['code']}/followup").status_code == 404
    assert stranger.post(f"/workshops/{room['code']}/followup", {}).status_code == 404
    assert client.get(f"/api/v1/workshops/{room['code']}/followup").status_code == 401
    # Their own exercise cannot be put into our follow-up either.
    own = stranger.post("/exercises", library(app, CASE) | {"title": "Eigen casus van Elders"}).get_json()
    assert api.post(f"/workshops/{room['code']}/followup", {"exercises": [own["id"]]}).get_json()["error"] == \
        "unknown_exercise"


# --- the phone --------------------------------------------------------------------------------------------------

def test_a_phone_from_the_workshop_is_paired_by_its_token_and_sees_the_explanation(app, api, room, client):
    followup = make_followup(api, room["code"])
    response = answer(client, followup["token"], {"participant": room["tokens"][0], "exercise": CASE,
                                                  "option": room["best"]})
    body = response.get_json()
    assert response.status_code == 200 and body["ok"] is True
    assert body["participant"] == room["tokens"][0]
    chosen = next(o for o in library(app, CASE)["options"] if o["id"] == room["best"])
    assert body["revealed"]["explanation"] == chosen["explanation"] and body["revealed"]["best"] is True
    figures_now = figures(api, room["code"], CASE)
    assert figures_now["paired"] == 1 and figures_now["moved_to_best"] == 1 and figures_now["moved_away"] == 0
    assert figures_now["best_share"] == 1.0 and figures_now["workshop_best_share"] == pytest.approx(0.333)
    by_answer = {a["id"]: a for a in figures_now["answers"]}
    assert by_answer[room["best"]]["count"] == 1 and by_answer[room["best"]]["intended"] is True
    assert by_answer[room["other"]]["workshop_count"] == 2 and by_answer[room["other"]]["workshop_share"] == 0.667


def test_a_new_phone_gets_a_token_and_keeps_it(api, room, client):
    followup = make_followup(api, room["code"])
    first = answer(client, followup["token"], {"participant": None, "exercise": CASE, "option": room["other"]})
    token = first.get_json()["participant"]
    assert token and token not in room["tokens"]
    second = answer(client, followup["token"], {"participant": token, "exercise": END, "value": 5})
    assert second.get_json()["participant"] == token
    listed = api.get(f"/workshops/{room['code']}/followup").get_json()["followups"][0]
    assert listed["participants"] == 1 and listed["from_workshop"] == 0
    assert figures(api, room["code"], CASE)["paired"] == 0


def test_a_later_answer_replaces_the_earlier_one(api, room, client):
    followup = make_followup(api, room["code"])
    phone = {"participant": room["tokens"][1], "exercise": CASE}
    answer(client, followup["token"], phone | {"option": room["other"]})
    assert figures(api, room["code"], CASE)["moved_away"] == 1
    answer(client, followup["token"], phone | {"option": room["best"]})
    changed = figures(api, room["code"], CASE)
    assert changed["total"] == 1 and changed["counts"] == {room["best"]: 1}
    assert changed["moved_away"] == 0 and changed["stayed"] == 1 and changed["stayed_on_best"] == 1


def test_scale_before_and_after_and_an_ordering(app, api, room, client):
    followup = make_followup(api, room["code"], exercises=[END, ORDER])
    for token, value in zip(room["tokens"][:2], (5, 4)):
        reply = answer(client, followup["token"], {"participant": token, "exercise": END, "value": value})
        assert reply.status_code == 200 and reply.get_json()["revealed"]["value"] == value
    answer(client, followup["token"], {"participant": None, "exercise": END, "value": 2})
    scale = figures(api, room["code"], END)
    # before: the workshop's closing answers of the two who came back (3 and 4); after: theirs now (5 and 4)
    assert scale["paired"] == 2 and scale["before_mean"] == 3.5 and scale["after_mean"] == 4.5
    assert scale["mean"] == pytest.approx(3.67) and scale["workshop_mean"] == pytest.approx(3.67)
    assert scale["counts"] == {"5": 1, "4": 1, "2": 1}
    goal = intended_order(app)
    reply = answer(client, followup["token"], {"participant": room["tokens"][0], "exercise": ORDER, "items": goal})
    assert reply.get_json()["revealed"]["exact"] is True
    assert [i["id"] for i in reply.get_json()["revealed"]["items"]][:len(goal)] == goal
    order = figures(api, room["code"], ORDER)
    assert order["best_share"] == 1.0 and order["workshop_best_share"] is None  # nobody ordered in the room


def test_the_reaction_of_the_tenant_comes_with_the_answer_when_the_option_has_one(app, api, room, client):
    followup = make_followup(api, room["code"], exercises=[CASE])
    from workshop.followup.models import FollowupExercise
    with app.app_context():  # an option with `reaction` (contract v3), as the case schema will accept it
        row = db.session.query(FollowupExercise).one()
        content = row.content
        content["options"][0]["reaction"] = "Dus u weet het en u doet er niets aan?"
        row.content_json = json.dumps(content)
        db.session.commit()
        first = content["options"][0]["id"]
    body = answer(client, followup["token"], {"participant": None, "exercise": CASE, "option": first}).get_json()
    assert body["revealed"]["reaction"] == "Dus u weet het en u doet er niets aan?"


@pytest.mark.parametrize("body, status, error", [
    ({"participant": None, "exercise": "bestaat-niet", "option": "a"}, 400, "unknown_exercise"),
    ({"participant": None, "exercise": START, "value": 3}, 400, "unknown_exercise"),  # in the room, not here
    ({"participant": None, "exercise": CASE, "option": "z"}, 400, "unknown_option"),
    ({"participant": None, "exercise": CASE, "option": 1}, 400, "invalid"),
    ({"participant": None, "exercise": CASE}, 400, "invalid"),
    ({"participant": None, "exercise": END, "value": 9}, 400, "invalid"),
    ({"participant": None, "exercise": END, "value": "4"}, 400, "invalid"),
    # the library's ordering has a decoy: a partial list is an answer, the same item twice or none is not
    ({"participant": None, "exercise": ORDER, "items": ["gevoel", "gevoel"]}, 400, "invalid"),
    ({"participant": None, "exercise": ORDER, "items": []}, 400, "invalid"),
    ({"participant": 12, "exercise": CASE, "option": "a"}, 400, "invalid"),
    ({"exercise": 5, "option": "a"}, 400, "invalid"),
    ([1, 2], 400, "invalid"),
])
def test_bad_answers_get_a_code_and_store_nothing(api, room, client, body, status, error):
    followup = make_followup(api, room["code"], exercises=[CASE, END, ORDER])
    response = answer(client, followup["token"], body)
    assert response.status_code == status
    assert response.get_json()["ok"] is False and response.get_json()["error"] == error
    assert response.get_json()["message"]
    assert api.get(f"/workshops/{room['code']}/followup").get_json()["followups"][0]["participants"] == 0


def test_an_unknown_link_is_a_404_json_and_a_404_page(client):
    response = client.post("/f/bestaat-niet/answer", json={"participant": None, "exercise": CASE, "option": "a"})
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"
    assert client.get("/f/bestaat-niet").status_code == 404
    assert client.get("/f/bestaat-niet", headers={"Accept": "application/json"}).get_json()["error"] == "not_found"
    assert client.get("/f/bestaat-niet/qr.svg").status_code == 404


def test_after_closing_the_page_says_so_and_answers_are_refused(app, api, room, client):
    followup = make_followup(api, room["code"], days=1)
    from workshop.followup.models import Followup
    with app.app_context():
        row = db.session.query(Followup).one()
        row.closes = row.created - timedelta(seconds=1)
        db.session.commit()
    page = client.get(f"/f/{followup['token']}")
    assert page.status_code == 410 and "deze opfrisser is gesloten" in page.get_data(as_text=True).lower()
    response = answer(client, followup["token"], {"participant": room["tokens"][0], "exercise": CASE,
                                                  "option": room["best"]})
    assert response.status_code == 410 and response.get_json()["error"] == "closed"


def test_new_participants_are_capped_at_the_room_plus_twenty(api, room, client):
    followup = make_followup(api, room["code"], exercises=[CASE])
    for _n in range(3 + 20):
        assert answer(client, followup["token"], {"participant": None, "exercise": CASE,
                                                  "option": room["other"]}).status_code == 200
    full = answer(client, followup["token"], {"participant": None, "exercise": CASE, "option": room["other"]})
    assert full.status_code == 409 and full.get_json()["error"] == "full"
    # Someone from the workshop always gets in: they are no new participant.
    assert answer(client, followup["token"], {"participant": room["tokens"][2], "exercise": CASE,
                                              "option": room["best"]}).status_code == 200


def test_a_participant_who_floods_is_rate_limited_and_others_are_not(api, room, client):
    followup = make_followup(api, room["code"], exercises=[END])
    phone = {"participant": room["tokens"][0], "exercise": END}
    codes = [answer(client, followup["token"], phone | {"value": 1 + n % 5}).get_json().get("error")
             for n in range(60)]
    assert codes[:20] == [None] * 20 and "rate_limited" in codes
    other = answer(client, followup["token"], {"participant": room["tokens"][1], "exercise": END, "value": 3})
    assert other.status_code == 200  # the limit is the participant's, not the address's


def test_toen_en_nu_compares_with_the_own_workshop_answer_and_the_room(api, room, client):
    followup = make_followup(api, room["code"])
    answer(client, followup["token"], {"participant": room["tokens"][0], "exercise": CASE, "option": room["best"]})
    recap = client.post(f"/f/{followup['token']}/recap", json={"participant": room["tokens"][0]}).get_json()
    assert recap["ok"] and recap["paired"] is True
    case = recap["exercises"][0]
    assert case["now_intended"] is True and case["then_intended"] is False
    assert case["room"]["share"] == pytest.approx(0.667)  # two of three chose the same pitfall
    assert recap["exercises"][1]["now"] is None and recap["exercises"][1]["then"] == "3 (1-5)"
    assert recap["exercises"][1]["in_workshop"] is True
    stranger = client.post(f"/f/{followup['token']}/recap", json={"participant": None}).get_json()
    assert stranger["paired"] is False and stranger["exercises"][0]["now"] is None


# --- exports and retention -------------------------------------------------------------------------------------

def test_exports_carry_the_followups(api, room, client):
    followup = make_followup(api, room["code"])
    answer(client, followup["token"], {"participant": room["tokens"][0], "exercise": CASE, "option": room["best"]})
    document = api.get(f"/workshops/{room['code']}/export.json").get_json()
    case = next(e for e in document["followups"][0]["exercises"] if e["id"] == CASE)
    assert case["moved_to_best"] == 1 and case["paired"] == 1
    text = api.get(f"/workshops/{room['code']}/export.csv").get_data().decode("utf-8-sig")
    column = dict(zip(COLUMNS, range(len(COLUMNS))))  # the CSV's columns, in order, whatever others are added
    rows = [line.split(";") for line in text.splitlines() if "Opfrisser tot" in line]
    best_row = next(r for r in rows if r[column["exercise_id"]] == CASE and r[column["id"]] == room["best"])
    # one answer now, on the intended option
    assert best_row[column["votes"]] == "1" and best_row[column["percentage"]] == "100,0"
    book = load_workbook(io.BytesIO(api.get(f"/workshops/{room['code']}/export.xlsx").get_data()))
    sheet = book[next(name for name in book.sheetnames if "Opfrisser" in name)]
    assert CASE not in [c.value for c in sheet[5]] and "Naar het bedoelde antwoord" in [c.value for c in sheet[5]]


def test_retention_deletes_followup_answers_with_the_workshop_and_forgets_tokens(app, api, room, client, runner):
    followup = make_followup(api, room["code"])
    answer(client, followup["token"], {"participant": room["tokens"][0], "exercise": CASE, "option": room["best"]})
    answer(client, followup["token"], {"participant": None, "exercise": CASE, "option": room["best"]})
    from workshop.archive.retention import run_retention, set_policy
    from workshop.followup.models import FollowupAnswer, FollowupParticipant
    from workshop.models import Workshop, utcnow
    with app.app_context():
        organisation = db.session.query(Workshop).one().organisation_id
        set_policy(organisation, 1, None)
        run_retention(utcnow() + timedelta(days=2))
        assert db.session.query(FollowupParticipant).filter(FollowupParticipant.token_hash.is_not(None)).count() == 0
        assert db.session.query(FollowupAnswer).count() == 2  # the answers stay, anonymous
    # the phone is no longer recognised: it would be a new participant
    assert answer(client, followup["token"], {"participant": room["tokens"][0], "exercise": CASE,
                                              "option": room["best"]}).get_json()["participant"] != room["tokens"][0]
    with app.app_context():
        set_policy(organisation, None, 1)
        run_retention(utcnow() + timedelta(days=2))
        assert db.session.query(FollowupAnswer).count() == 0
        assert db.session.query(FollowupParticipant).count() == 0
    assert client.get(f"/f/{followup['token']}").status_code == 404


# --- the trainer's pages ----------------------------------------------------------------------------------------

def test_the_trainer_makes_a_followup_on_the_workshop_page_and_sees_link_qr_and_figures(app, api, room, client,
                                                                                        auth):
    auth.login()
    control = client.get(f"/facilitator/workshops/{room['code']}").get_data(as_text=True)
    assert "Opfrisser versturen" in control
    assert f'value="{CASE}" id="fu-{CASE}" checked' in control and f'value="{START}" id="fu-{START}">' in control
    results_page = client.get(f"/facilitator/archive/workshops/{room['code']}").get_data(as_text=True)
    assert "Opfrisser versturen" in results_page
    token = auth.csrf_token(f"/facilitator/archive/workshops/{room['code']}")
    made = client.post(f"/facilitator/workshops/{room['code']}/followups",
                       data={"csrf_token": token, "exercises": [CASE, END], "days": "7", "from": "results"})
    assert made.status_code == 302 and "/followups/" in made.headers["Location"]
    followup_token = made.headers["Location"].rsplit("/", 1)[1]
    answer(client, followup_token, {"participant": room["tokens"][0], "exercise": CASE, "option": room["best"]})
    page = client.get(made.headers["Location"]).get_data(as_text=True)
    assert f"http://localhost/f/{followup_token}" in page and f"/f/{followup_token}/qr.svg" in page
    assert "1 deelnemer deed mee" in page and "waarvan 1 ook in de workshop" in page
    best_text = next(o["text"] for o in library(app, CASE)["options"] if o["id"] == room["best"])
    assert f'<tr data-answer="{room["best"]}"><th scope="row">{escape(best_text)}' in page  # per answer
    qr = client.get(f"/f/{followup_token}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    bad = client.post(f"/facilitator/workshops/{room['code']}/followups",
                      data={"csrf_token": token, "exercises": [CASE], "days": "99"})
    assert bad.status_code == 302 and bad.headers["Location"].endswith(f"/facilitator/workshops/{room['code']}")
    assert "1 tot 60 dagen" in client.get(bad.headers["Location"]).get_data(as_text=True)


def test_another_organisations_trainer_gets_404_on_the_followup_pages(app, api, room, client, auth):
    followup = make_followup(api, room["code"])
    factories.make_trainer(app, email="ander@elders.example", organisation="Elders Wonen")
    auth.login("ander@elders.example")
    assert client.get(f"/facilitator/workshops/{room['code']}/followups/{followup['token']}").status_code == 404
    token = auth.csrf_token("/facilitator/")
    assert client.post(f"/facilitator/workshops/{room['code']}/followups",
                       data={"csrf_token": token, "exercises": [CASE], "days": "7"}).status_code == 404


def test_a_followup_runs_on_postgresql(pg_app):  # noqa: F811
    """Migration 0017 and the answers' upsert on a real PostgreSQL server (tests/test_postgres.py's database)."""
    trainer = factories.make_trainer(pg_app)
    code = factories.make_workshop(pg_app, trainer, exercises=WORKSHOP)
    phone = factories.join(pg_app, code)["participant"]
    best, other = best_and_other(pg_app)
    run_room(pg_app, code, {1: {phone["id"]: ("vote", other)}})
    client = pg_app.test_client()
    api = ApiActions(client, trainer.token)
    followup = make_followup(api, code)
    for option in (other, best):  # changed its mind: the later answer counts
        assert answer(client, followup["token"], {"participant": phone["token"], "exercise": CASE,
                                                  "option": option}).status_code == 200
    assert answer(client, followup["token"], {"participant": None, "exercise": END, "value": 4}).status_code == 200
    case = figures(api, code, CASE)
    assert case["total"] == 1 and case["paired"] == 1 and case["moved_to_best"] == 1
    assert api.get(f"/workshops/{code}/followup").get_json()["followups"][0]["participants"] == 2


def test_the_phone_page_speaks_the_workshops_language(app, api, client):
    created = api.post("/workshops", {"title": "Bad news", "exercises": [CASE], "language": "en"}).get_json()
    followup = make_followup(api, created["code"])
    page = client.get(f"/f/{followup['token']}").get_data(as_text=True)
    assert "Practise again at your own pace: 1 exercise." in page and "Your choices then and now" in page
    refused = answer(client, followup["token"], {"participant": None, "exercise": "nope", "option": "a"})
    assert refused.get_json()["message"] == "This exercise is not part of this follow-up."


def test_a_kind_can_bring_its_own_answer_shape_with_scenes(app, api, room, client, monkeypatch):
    """How a scenario plugs in: its kind carries `followup_shape`; an answer per scene counts, a later answer to
    the same scene replaces it (FollowupAnswer.scene)."""
    from exercises.kinds import kind_of
    from workshop.followup.answers import Choice, Stored
    from workshop.followup.models import FollowupAnswer

    class Scenes(Choice):
        def parse(self, kind, content, body):
            if not isinstance(body.get("scene"), str):
                raise engine.EngineError("invalid")
            return Stored(body["scene"], super().parse(kind, content, body).option_id)

    monkeypatch.setattr(kind_of("case"), "followup_shape", Scenes(), raising=False)
    followup = make_followup(api, room["code"], exercises=[CASE])
    phone = {"participant": room["tokens"][0], "exercise": CASE}
    assert answer(client, followup["token"], phone | {"option": room["best"]}).get_json()["error"] == "invalid"
    for scene, option in (("begin", room["other"]), ("midden", room["best"]), ("begin", room["best"])):
        assert answer(client, followup["token"], phone | {"scene": scene, "option": option}).status_code == 200
    with app.app_context():
        stored = {a.scene: a.option_id for a in db.session.query(FollowupAnswer)}
    assert stored == {"begin": room["best"], "midden": room["best"]}
