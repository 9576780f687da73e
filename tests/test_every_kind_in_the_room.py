"""One workshop with an exercise of every kind, run as a trainer would: each is opened, answered and (where the
kind reveals) revealed and concealed and revealed again; the control page, the phone and the projector page render at
every step, and the end gives a recap with each kind's part. Catches what one kind's change breaks in another."""
from __future__ import annotations

from tests import factories
from workshop import engine
from workshop.engine import views

EXERCISES = ("fris-blijven", "vier-keer-bellen", "zeg-nee-te-hoog-inkomen", "woord-goed-gesprek",
             "zeker-slecht-nieuws-start", "vier-handvatten-op-volgorde")
ANSWERS = {"tip": {"text": "Even koffie halen"}, "vote": {"option": "b"}, "word": {"text": "Rust"},
           "rate": {"value": 4}, "order": None}


def test_every_kind_through_pages_reveal_and_recap(app, trainer, auth, client, socket_user):
    code = factories.make_workshop(app, trainer, exercises=EXERCISES)
    with app.app_context():
        key = engine.workshop_by_code(code).screen_key
    auth.login()
    phone = socket_user()
    token = phone.join(code)["participant"]["token"]
    pages = (f"/facilitator/workshops/{code}", f"/j/{code}", f"/screen/{code}?key={key}")
    kinds = []
    for index in range(len(EXERCISES)):
        factories.control(app, code, action="goto", index=index)
        state = factories.control(app, code, action="open")
        exercise = state["exercises"][index]
        kinds.append(exercise["kind"])
        current = phone.wait_for("state", lambda s, i=index: s["exercise"] and s["exercise"]["index"] == i
                                 and s["exercise"]["phase"] == "open")["exercise"]
        event = {"tips": "tip", "respond": "tip", "case": "vote", "words": "word", "scale": "rate",
                 "order": "order"}[exercise["kind"]]
        payload = ANSWERS[event] or {"items": [item["id"] for item in current["items"]]}
        assert phone.emit(event, payload)["ok"], exercise["kind"]
        for path in pages:
            assert client.get(path).status_code == 200, (exercise["kind"], path)
        if "reveal" in exercise["actions"]:
            factories.control(app, code, action="reveal")
            factories.control(app, code, action="conceal")
            state = factories.control(app, code, action="reveal")
            assert state["exercises"][index]["phase"] == "revealed"
            for path in pages:
                assert client.get(path).status_code == 200, (exercise["kind"], path, "revealed")
    assert sorted(set(kinds)) == ["case", "order", "respond", "scale", "tips", "words"]
    factories.control(app, code, action="end")
    with app.app_context():
        recap = views.participant_state(engine.workshop_by_code(code))["recap"]
    parts = {part["kind"]: part for part in recap["exercises"]}
    assert parts["tips"]["top"][0]["text"] == "Even koffie halen"
    assert parts["respond"]["prompt"] and parts["respond"]["top"][0]["text"] == "Even koffie halen"
    assert parts["words"]["top"] == [{"text": "Rust", "votes": 1}]
    assert parts["case"]["choice"]["id"] == "b" and parts["scale"]["mean"] == 4.0
    mine = {part["kind"] for part in socket_user().join(code, token=token)["state"]["me"]["recap"]}
    assert {"tips", "respond", "case", "scale"} <= mine
    for path in pages:
        assert client.get(path).status_code == 200, (path, "ended")
