"""The scale and order kinds: phones rate and order through Socket.IO, the projector gets the kind's tally, the
results carry before/after, and bad input gets the contract's codes."""
from __future__ import annotations

import pytest

from exercises.kinds import Phase, kind_of, validate_document
from tests import factories

START, END, TEN, HANDLES, TWO_STEPS = ("zeker-slecht-nieuws-start", "zeker-slecht-nieuws-eind",
                                       "fris-aan-het-eind-van-de-dag", "vier-handvatten-op-volgorde",
                                       "klap-in-twee-stappen")
INTENDED = ["gevoel", "feiten", "mogelijk", "afronden"]
DECOY = "lokzin"  # the library's order exercise has a decoy (position 0): see tests/test_order_decoys.py


@pytest.fixture
def code(app, trainer):
    return factories.make_workshop(app, trainer, exercises=(START, HANDLES, END))


def projector(app, code, socket_user):
    from workshop.engine import workshop_by_code
    with app.app_context():
        key = workshop_by_code(code).screen_key
    screen = socket_user()
    assert screen.emit("screen", {"code": code, "key": key})["ok"]
    return screen


def open_exercise(app, code, index):
    factories.control(app, code, action="goto", index=index)
    factories.control(app, code, action="open")


def test_phones_rate_and_the_projector_shows_counts_and_mean(app, code, socket_user):
    screen = projector(app, code, socket_user)
    phones = [socket_user() for _ in range(4)]
    for phone in phones:
        phone.join(code)
    open_exercise(app, code, 0)
    state = phones[0].wait_for("state", lambda s: s["exercise"] and s["exercise"]["phase"] == "open")
    assert state["exercise"]["statement"].startswith("Ik voel me zeker")
    assert (state["exercise"]["min"], state["exercise"]["max"]) == (1, 5)
    assert state["exercise"]["min_label"] and state["exercise"]["max_label"] and state["exercise"]["timer"] is None
    for phone, value in zip(phones, (2, 2, 3, 5)):
        assert phone.emit("rate", {"value": value}) == {"ok": True}
    assert phones[3].emit("rate", {"value": 4}) == {"ok": True}  # changeable while open
    tally = screen.wait_for("tally", lambda t: t["total"] == 4 and t["counts"]["4"] == 1)
    assert tally["counts"] == {"1": 0, "2": 2, "3": 1, "4": 1, "5": 0} and tally["mean"] == 2.75
    assert phones[0].messages("tally") == []  # phones see figures only when the trainer shows them


@pytest.mark.parametrize("payload, error", [
    ({"value": 6}, "invalid"), ({"value": 0}, "invalid"), ({"value": "3"}, "invalid"), ({"value": True}, "invalid"),
    ({"value": 2.5}, "invalid"), ({}, "invalid"), ([3], "invalid"),
])
def test_bad_ratings_get_invalid(app, code, socket_user, payload, error):
    phone = socket_user()
    phone.join(code)
    open_exercise(app, code, 0)
    assert phone.emit("rate", payload)["error"] == error


def test_rate_and_order_refuse_the_wrong_kind_a_closed_exercise_and_strangers(app, code, socket_user):
    stranger, phone = socket_user(), socket_user()
    assert stranger.emit("rate", {"value": 3})["error"] == "not_joined"
    phone.join(code)
    assert phone.emit("rate", {"value": 3})["error"] == "not_open"
    open_exercise(app, code, 0)
    assert phone.emit("order", {"items": INTENDED})["error"] == "wrong_kind"
    assert phone.emit("vote", {"option": "a"})["error"] == "wrong_kind"
    factories.control(app, code, action="close")
    assert phone.emit("rate", {"value": 3})["error"] == "not_open"
    open_exercise(app, code, 1)
    assert phone.emit("rate", {"value": 3})["error"] == "wrong_kind"
    factories.control(app, code, action="end")
    assert phone.emit("order", {"items": INTENDED})["error"] == "ended"


def test_phones_order_and_the_projector_shows_mean_positions_then_the_intended_order(app, code, socket_user):
    screen = projector(app, code, socket_user)
    phones = [socket_user() for _ in range(3)]
    for phone in phones:
        phone.join(code)
    open_exercise(app, code, 1)
    state = phones[0].wait_for("state", lambda s: s["exercise"] and s["exercise"]["phase"] == "open")
    shown = [i["id"] for i in state["exercise"]["items"]]
    assert sorted(shown) == sorted(INTENDED + [DECOY]) and shown[:4] != INTENDED  # never in the intended order
    assert state["exercise"]["revealed"] is None
    assert "position" not in state["exercise"]["items"][0]  # the intended order stays secret until the reveal
    assert phones[0].emit("order", {"items": INTENDED}) == {"ok": True}
    assert phones[1].emit("order", {"items": ["feiten", "gevoel", "mogelijk", "afronden"]}) == {"ok": True}
    assert phones[2].emit("order", {"items": ["mogelijk", "gevoel", "feiten", "afronden"]}) == {"ok": True}
    tally = screen.wait_for("tally", lambda t: t["total"] == 3)
    assert tally["mean_position"] == {"gevoel": 1.67, "feiten": 2.0, "mogelijk": 2.33, "afronden": 4.0, DECOY: None}
    assert tally["exact"] == 1
    assert phones[2].emit("order", {"items": INTENDED}) == {"ok": True}  # changeable while open
    screen.wait_for("tally", lambda t: t["exact"] == 2)
    factories.control(app, code, action="reveal")
    revealed = phones[1].wait_for("state", lambda s: s["exercise"]["phase"] == "revealed")["exercise"]
    assert [r["id"] for r in revealed["revealed"]] == INTENDED + [DECOY]
    assert [r["position"] for r in revealed["revealed"]] == [1, 2, 3, 4, 0]
    assert all(r["explanation"] for r in revealed["revealed"]) and revealed["summary"]


@pytest.mark.parametrize("items", [
    ["gevoel", "feiten", "mogelijk", "mogelijk"],
    ["gevoel", "feiten", "mogelijk", "afronden", "extra"], ["gevoel", "feiten", "mogelijk", "x"], "gevoel",
    [1, 2, 3, 4], [], None, ["\ud800", "feiten", "mogelijk", "afronden"],
])
def test_an_order_that_is_not_a_list_of_distinct_items_is_invalid(app, code, socket_user, items):
    phone = socket_user()
    phone.join(code)
    open_exercise(app, code, 1)
    assert phone.emit("order", {"items": items})["error"] == "invalid"


def test_a_reconnecting_phone_gets_its_rating_and_its_order_back(app, code, socket_user):
    phone = socket_user()
    token = phone.join(code)["participant"]["token"]
    open_exercise(app, code, 0)
    phone.emit("rate", {"value": 4})
    open_exercise(app, code, 1)
    phone.emit("order", {"items": list(reversed(INTENDED))})
    phone.disconnect()
    me = socket_user().join(code, token=token)["state"]["me"]
    assert me["votes"]["0"] == "4" and me["rankings"] == {"1": list(reversed(INTENDED))}
    assert me["vote"] == "order"


def test_a_paired_scale_shows_before_and_after_and_who_answered_both(app, code, socket_user, api):
    screen = projector(app, code, socket_user)
    phones = [socket_user() for _ in range(4)]
    for phone in phones:
        phone.join(code)
    open_exercise(app, code, 0)
    for phone, value in zip(phones[:3], (2, 2, 3)):
        phone.emit("rate", {"value": value})
    factories.control(app, code, action="close")
    open_exercise(app, code, 2)
    state = phones[0].wait_for("state", lambda s: s["exercise"] and s["exercise"]["index"] == 2)
    assert state["exercise"]["paired"] is True
    for phone, value in zip(phones[1:], (4, 4, 5)):
        phone.emit("rate", {"value": value})
    tally = screen.wait_for("tally", lambda t: t["index"] == 2 and t["total"] == 3)
    assert tally["mean"] == 4.33 and tally["before"]["before_mean"] == 2.33
    assert tally["before"]["before_counts"]["2"] == 2 and tally["before"]["paired"] == 2
    results = api.get(f"/workshops/{code}/results").get_json()["exercises"]
    before, after = results[0], results[2]
    assert before["kind"] == "scale" and before["mean"] == 2.33 and "before_mean" not in before
    assert after["before_mean"] == 2.33 and after["after_mean"] == 4.33 and after["paired"] == 2
    assert after["counts"] == {"1": 0, "2": 0, "3": 0, "4": 2, "5": 1} and after["before_counts"]["3"] == 1


def test_results_and_exports_carry_scale_and_order(app, code, socket_user, api):
    phones = [socket_user() for _ in range(2)]
    for phone in phones:
        phone.join(code)
    open_exercise(app, code, 0)
    phones[0].emit("rate", {"value": 1})
    phones[1].emit("rate", {"value": 5})
    open_exercise(app, code, 1)
    phones[0].emit("order", {"items": INTENDED})
    open_exercise(app, code, 2)
    phones[0].emit("rate", {"value": 4})
    results = api.get(f"/workshops/{code}/results").get_json()["exercises"]
    order = results[1]
    assert order["total"] == 1 and order["exact"] == 1 and order["intended"] == INTENDED
    assert [i["mean_position"] for i in order["items"]] == [1.0, 2.0, 3.0, 4.0, None]
    csv = api.get(f"/workshops/{code}/export.csv").get_data().decode("utf-8-sig")
    header, *rows = csv.splitlines()
    assert "Gemiddelde voor" in header and "Gemiddelde na" in header and "Gemiddelde plaats" in header
    columns = header.split(";")
    after_rows = [dict(zip(columns, row.split(";"))) for row in rows if END in row]
    assert after_rows and after_rows[0]["Gemiddelde voor"] == "3,0" and after_rows[0]["Gemiddelde na"] == "4,0"
    assert after_rows[0]["Voor en na ingevuld"] == "1"
    document = api.get(f"/workshops/{code}/export.json").get_json()
    assert document["exercises"][2]["before_mean"] == 3.0 and document["exercises"][2]["paired"] == 1
    assert document["exercises"][1]["items"][0]["explanation"]
    workbook = api.get(f"/workshops/{code}/export.xlsx")
    assert workbook.status_code == 200


def test_the_kinds_validate_their_documents(app):
    scale = {"kind": "scale", "title": "Zeker?", "statement": "Ik voel me zeker.", "min": 1, "max": 5,
             "min_label": "niet", "max_label": "heel"}
    order = {"kind": "order", "title": "Volgorde", "story": "Een verhaal.", "question": "Welke volgorde?",
             "items": [{"id": f"i{n}", "text": f"Zin {n}", "position": n, "explanation": "Omdat."}
                       for n in (1, 2, 3)]}
    with app.test_request_context("/"):
        assert validate_document(scale)[1] == [] and validate_document(order)[1] == []
        problems = {(p.field, str(p.message)) for p in validate_document(scale | {"min": 2, "max": 11})[1]}
        assert problems == {("min", "moet 0 of 1 zijn"), ("max", "moet tussen 2 en 10 liggen")}
        assert validate_document(scale | {"pair": "Niet Goed"})[1][0].field == "pair"
        twice = order | {"items": [order["items"][0], order["items"][0] | {"id": "i9"}, order["items"][2]]}
        assert ("items[2].position", "plaats 1 komt twee keer voor") in {
            (p.field, str(p.message)) for p in validate_document(twice)[1]}
        assert validate_document(order | {"items": order["items"][:2]})[1][0].message.startswith("heeft 2")
    assert kind_of("order").public_view(order, Phase.OPEN)["revealed"] is None
    assert "notes" not in kind_of("scale").public_view(scale | {"notes": "geheim"}, Phase.OPEN)


def test_a_socket_of_a_deleted_workshop_never_rates_or_orders_in_another(app, client, trainer, socket_user, api):
    old = factories.make_workshop(app, trainer, exercises=(START, HANDLES))
    open_exercise(app, old, 0)
    phone = socket_user()
    phone.join(old)
    assert phone.emit("rate", {"value": 3}) == {"ok": True}
    assert client.delete(f"/api/v1/workshops/{old}", headers=api.headers).status_code in (200, 204)
    other = factories.make_trainer(app, email="b@andere.example", organisation="Andere Corporatie")
    new = factories.make_workshop(app, other, exercises=(START, HANDLES))
    socket_user().join(new)
    open_exercise(app, new, 0)
    assert phone.emit("rate", {"value": 4})["error"] == "not_joined"
    open_exercise(app, new, 1)
    assert phone.emit("order", {"items": INTENDED})["error"] == "not_joined"
    from workshop.engine import workshop_by_code
    from workshop.engine.results import results_document
    with app.app_context():
        assert all(e["total"] == 0 for e in results_document(workshop_by_code(new))["exercises"])


def test_a_burst_of_ratings_and_orderings_becomes_one_tally_with_full_figures(app, code, socket_user):
    """Driven with the broadcaster's own clock, as tests/test_broadcast.py does for votes."""
    from workshop import engine
    from workshop.broadcast import Broadcaster
    from workshop.extensions import socketio
    from workshop.models import db
    manual = Broadcaster()
    manual.init_app(app, socketio)
    manual.task = "flushed by the test"
    screen = projector(app, code, socket_user)
    people = [factories.join(app, code)["participant"]["id"] for _ in range(30)]
    for index, event, answer, now in ((0, "rate", 4, 100.0), (1, "order", INTENDED, 200.0)):
        open_exercise(app, code, index)
        screen.wait_for("state", lambda s, i=index: s["exercise"]["index"] == i and s["exercise"]["phase"] == "open")
        screen.wait_for("tally", lambda t, i=index: t["index"] == i)  # the app's own broadcast of the goto
        screen.received.clear()
        with app.app_context():
            for person in people:
                result = engine.vote(person, answer, event=event)
                manual.changed(result.code, result.changed)
            db.session.remove()
        manual.flush(now=now)
        manual.flush(now=now + 0.01)  # within 100 ms: nothing new is sent
        tallies = screen.messages("tally")
        assert len(tallies) == 1 and tallies[0]["total"] == 30
    assert tallies[0]["exact"] == 30 and tallies[0]["mean_position"]["gevoel"] == 1.0


def test_exercises_check_names_a_pair_that_is_not_another_scale(app, tmp_path, runner):
    from exercises.tomlfile import to_toml
    scale = {"kind": "scale", "title": "Na afloop", "statement": "Ik voel me zeker.", "min": 1, "max": 5,
             "min_label": "niet", "max_label": "heel"}
    (tmp_path / "na-afloop.toml").write_text(to_toml(scale | {"pair": START}), encoding="utf-8")
    assert runner.invoke(args=["exercises", "check", str(tmp_path)]).exit_code == 0
    (tmp_path / "na-afloop.toml").write_text(to_toml(scale | {"pair": "vier-keer-bellen"}), encoding="utf-8")
    (tmp_path / "zelf.toml").write_text(to_toml(scale | {"pair": "zelf"}), encoding="utf-8")
    result = runner.invoke(args=["exercises", "check", str(tmp_path)])
    assert result.exit_code != 0
    assert "na-afloop.toml: pair: 'vier-keer-bellen' is geen andere schaalvraag" in result.output
    assert "zelf.toml: pair: 'zelf' is geen andere schaalvraag" in result.output


def test_the_api_and_the_editor_check_a_scales_pair(api):
    scale = {"kind": "scale", "title": "Na afloop", "statement": "Ik voel me zeker.", "min": 1, "max": 5,
             "min_label": "niet", "max_label": "heel"}
    refused = api.post("/exercises", scale | {"pair": "vier-keer-bellen"})
    assert refused.status_code == 400 and refused.get_json()["error"] == "invalid_exercise"
    assert refused.get_json()["problems"][0]["field"] == "pair"
    created = api.post("/exercises", scale | {"pair": START})
    assert created.status_code == 201, created.get_json()
    own = api.post("/exercises", scale | {"title": "Nog een keer", "pair": created.get_json()["id"]})
    assert own.status_code == 201  # an organisation's own scale can be the start too


def test_the_closing_recap_shows_a_paired_scale_before_beside_after(app, code, socket_user):
    """When the workshop ends, the projector's recap has the start and end means and how many answered both; a
    phone's own recap says what it answered."""
    from workshop import engine
    from workshop.engine import views
    phones = [socket_user() for _ in range(3)]
    tokens = [phone.join(code)["participant"]["token"] for phone in phones]
    open_exercise(app, code, 0)
    for phone, value in zip(phones, (2, 2, 3)):
        assert phone.emit("rate", {"value": value})["ok"]
    open_exercise(app, code, 2)
    for phone, value in zip(phones[1:], (4, 5)):
        assert phone.emit("rate", {"value": value})["ok"]
    factories.control(app, code, action="end")
    with app.app_context():
        recap = views.participant_state(engine.workshop_by_code(code))["recap"]
    parts = {part["index"]: part for part in recap["exercises"]}
    assert parts[0]["mean"] == 2.33 and "before_mean" not in parts[0]
    assert (parts[2]["before_mean"], parts[2]["after_mean"], parts[2]["paired"]) == (2.33, 4.5, 2)
    again = socket_user().join(code, token=tokens[1])
    mine = {part["index"]: part for part in again["state"]["me"]["recap"]}
    assert mine[0]["answer"] == "Jouw antwoord: 2 (van 1 tot 5)" and mine[2]["answer"].startswith("Jouw antwoord: 4")
