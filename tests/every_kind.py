"""One organisation with every kind and every moderation state, built once per test module through the engine
(as phones and the trainer make it): held for the trainer and never approved, hidden, merged by hand, tagged, a
deleted workshop and a deleted own exercise."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests import factories
from tests.conftest import AuthActions, close_app, new_app
from workshop import engine
from workshop.archive.models import ArchiveEntry
from workshop.models import Tip, db

TIPS, CASE, RESPOND, WORDS = "fris-blijven", "vier-keer-bellen", "antwoord-op-boze-mail", "woord-goed-gesprek"
SCALE_BEFORE, SCALE_AFTER = "zeker-slecht-nieuws-start", "zeker-slecht-nieuws-eind"
ORDER = "vier-handvatten-op-volgorde"
EVERY_KIND = (SCALE_BEFORE, TIPS, CASE, RESPOND, WORDS, ORDER, SCALE_AFTER)
HELD = "Held voor de trainer: nooit goedgekeurd"  # every held text contains this, so a test can look for it
HIDDEN = "Verborgen door de trainer"
DELETED = "Uit een verwijderde workshop"


def _post(app, code, index, texts, event="tip") -> list[int]:
    ids = []
    for text in texts:
        participant = factories.join(app, code)["participant"]["id"]
        with app.app_context():
            result = engine.submit_tip(participant, text, event=event)
            ids.append(result.data[event]["id"])
            db.session.remove()
    return ids


def _answer(app, code, index, values, event):
    factories.control(app, code, action="goto", index=index)
    factories.control(app, code, action="open")
    for value in values:
        participant = factories.join(app, code)["participant"]["id"]
        with app.app_context():
            engine.vote(participant, value, event=event)
            db.session.remove()
    factories.control(app, code, action="close")


def _text_exercise(app, code, index, visible, event="tip") -> dict:
    """Visible entries, one hidden, and a group that holds nothing but held entries (the 500 of issue 22)."""
    factories.control(app, code, action="goto", index=index)
    factories.control(app, code, action="open")
    shown = _post(app, code, index, visible, event)
    hidden = _post(app, code, index, [f"{HIDDEN} {index}"[:30] if event == "word" else f"{HIDDEN} {index}"],
                   event)
    factories.control(app, code, action="hide_tip", tip_id=hidden[0])
    factories.control(app, code, action="premoderate", on=True)
    held_text = f"{HELD} {index}"[:30] if event == "word" else f"{HELD} {index}"
    held = _post(app, code, index, [held_text, held_text], event)
    factories.control(app, code, action="premoderate", on=False)
    factories.control(app, code, action="close")
    return {"shown": shown, "hidden": hidden, "held": held}


def build_organisation(tmp_path_factory):
    """The organisation, its app and a logged-in client; built once."""
    mp = pytest.MonkeyPatch()
    app = new_app(tmp_path_factory.mktemp("every-state") / "data", mp)
    trainer = factories.make_trainer(app)
    code = factories.make_workshop(app, trainer, exercises=EVERY_KIND, title="Alles door elkaar")
    _answer(app, code, 0, [2, 3, 4], "rate")
    tips = _text_exercise(app, code, 1, ["Tot tien tellen", "tot 10 tellen!", "Even koffie halen", "Een bakkie doen"])
    _answer(app, code, 2, ["a", "b", "b"], "vote")
    replies = _text_exercise(app, code, 3, ["Ik begrijp dat u boos bent.", "Regels zijn regels, mevrouw."])
    words = _text_exercise(app, code, 4, ["rust", "Rust", "geduld"], event="word")
    _answer(app, code, 5, [["gevoel", "feiten", "mogelijk", "afronden"],
                           ["feiten", "gevoel", "mogelijk", "afronden"]], "order")
    _answer(app, code, 6, [4, 5], "rate")
    factories.control(app, code, action="goto", index=3)
    factories.control(app, code, action="tag_tip", tip_id=replies["shown"][1], tag="pitfall:giving-right")
    factories.control(app, code, action="tag_tip", tip_id=replies["shown"][0], tag="handle:feeling")
    factories.control(app, code, action="end")

    client = app.test_client()
    api = {"Authorization": f"Bearer {trainer.token}"}
    merged = client.post("/api/v1/archive/curate", headers=api,
                         json={"action": "merge", "tip_ids": tips["shown"][2:4]})
    assert merged.status_code == 200, merged.get_json()

    gone = factories.make_workshop(app, trainer, exercises=(TIPS, WORDS), title="Wordt verwijderd")
    _text_exercise(app, gone, 0, [DELETED])
    assert client.delete(f"/api/v1/workshops/{gone}", headers=api).status_code in (200, 204)

    own = client.post("/api/v1/exercises", headers=api, json={
        "kind": "tips", "title": "Eigen vraag die later weg is", "prompt": "Wat helpt jou na een lastig gesprek?"})
    assert own.status_code == 201, own.get_json()
    own_id = own.get_json()["id"]
    with_own = client.post("/api/v1/workshops", headers=api,
                           json={"title": "Met eigen vraag", "exercises": [own_id]}).get_json()["code"]
    _text_exercise(app, with_own, 0, ["Een rondje lopen"])
    factories.control(app, with_own, action="end")
    assert client.delete(f"/api/v1/exercises/{own_id}", headers=api).status_code == 204

    AuthActions(client).login()
    with app.app_context():
        entries = db.session.scalars(select(ArchiveEntry.cluster).join(Tip, Tip.id == ArchiveEntry.tip_id)
                                     .where(Tip.held.is_(True))).all()
        db.session.remove()
    assert entries, "the held entries are in the archive's index, as after an upgrade"
    yield {"app": app, "client": client, "api": api, "code": code, "tips": tips, "replies": replies,
           "words": words, "own": own_id, "with_own": with_own}
    close_app(app)
    mp.undo()
