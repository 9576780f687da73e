"""Nothing held or hidden breaks a page: one organisation with every kind and every moderation state (held for the
trainer and never approved, hidden, merged by hand, deleted), then every archive page, filter, sort, group page,
toolkit and export answers, and shows only what is visible.

The organisation is built once for the module (through the engine, as phones and the trainer make it); each page is
its own test case, so a failure names the page."""
from __future__ import annotations

import io
import json
import re

import pytest
from flask_migrate import upgrade
from openpyxl import load_workbook
from sqlalchemy import select

from tests import factories
from tests.conftest import AuthActions
from tests.pdf_text import pdf_text
from workshop import create_app, engine
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


@pytest.fixture(scope="module")
def org(tmp_path_factory):
    """The organisation, its app and a logged-in client; built once."""
    mp = pytest.MonkeyPatch()
    mp.setenv("KLANTWIJS_DATA_DIR", str(tmp_path_factory.mktemp("every-state") / "data"))
    for name in ("KLANTWIJS_DATABASE_URL", "KLANTWIJS_SECRET_KEY", "KLANTWIJS_PUBLIC_URL",
                 "KLANTWIJS_MESSAGE_QUEUE"):
        mp.delenv(name, raising=False)
    app = create_app({"TESTING": True, "ASYNC_MODE": "threading"})
    with app.app_context():
        upgrade()
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
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    mp.undo()


def _groups(org) -> list[str]:
    with org["app"].app_context():
        found = sorted({str(c) for c in db.session.scalars(select(ArchiveEntry.cluster))})
        db.session.remove()
    return found


ARCHIVE_QUERIES = [
    "", "?sort=date", "?sort=votes", f"?prompt={TIPS}", f"?prompt={WORDS}", f"?prompt={WORDS}&sort=date",
    f"?prompt={RESPOND}", "?q=koffie", "?q=held", "?q=rust&sort=date", "?from=2000-01-01&to=2999-12-31",
    "?from=2000-01-01&sort=date", "?page=2", "?workshop=", "?from=nonsense",
]


@pytest.mark.parametrize("query", ARCHIVE_QUERIES)
def test_every_archive_page_shows_what_is_visible(org, query):
    response = org["client"].get(f"/facilitator/archive{query}")
    assert response.status_code in (200, 400), response.status_code  # a bad date: 400 with the page, never 500
    page = response.get_data(as_text=True)
    assert "Archief van je organisatie" in page
    assert HELD not in page and DELETED not in page


def test_every_group_page_answers(org):
    """group= for every group the index knows, also the groups that hold nothing but held entries."""
    for cluster in _groups(org):
        for sort in ("votes", "date"):
            response = org["client"].get(f"/facilitator/archive?group={cluster}&sort={sort}")
            assert response.status_code == 200, (cluster, sort)
            assert HELD not in response.get_data(as_text=True)


def test_the_archive_page_counts_only_visible_tips(org):
    page = org["client"].get(f"/facilitator/archive?prompt={TIPS}").get_data(as_text=True)
    counted = re.search(r'data-testid="result-count">\s*(\d+) van', page)
    assert counted and int(counted.group(1)) == 5  # four shown and one hidden; the held two not
    assert "Verborgen door de trainer 1" in page  # the trainer sees a hidden tip, marked


TOOLKITS = ["/facilitator/archive/toolkit", "/facilitator/archive/toolkit.pdf",
            f"/facilitator/archive/toolkit?prompt={RESPOND}", f"/facilitator/archive/toolkit.pdf?prompt={WORDS}",
            "/facilitator/archive/toolkit?from=2000-01-01&limit=2"]


@pytest.mark.parametrize("path", TOOLKITS)
def test_every_toolkit_leaves_held_hidden_and_deleted_out(org, path):
    response = org["client"].get(path)
    assert response.status_code == 200
    if path.split("?")[0].endswith(".pdf"):
        text = pdf_text(response.data)
    else:
        text = response.get_data(as_text=True)
    for absent in (HELD, HIDDEN, DELETED):
        assert absent not in text, absent


WORKSHOP_PAGES = ["/facilitator/archive/workshops/{code}", "/facilitator/archive/workshops/{code}/toolkit",
                  "/facilitator/archive/workshops/{code}/toolkit.pdf", "/facilitator/archive/workshops/{own}",
                  "/facilitator/archive/workshops/{own}/toolkit"]


@pytest.mark.parametrize("path", WORKSHOP_PAGES)
def test_every_workshop_page_answers(org, path):
    response = org["client"].get(path.format(code=org["code"], own=org["with_own"]))
    assert response.status_code == 200
    if path.endswith(".pdf"):
        text = pdf_text(response.data)
    else:
        text = response.get_data(as_text=True)
    assert HELD not in text and HIDDEN not in text


EXPORTS = ["/archive/export.csv", "/archive/export.xlsx", "/archive/export.json",
           f"/archive/export.csv?prompt={WORDS}", "/archive/export.csv?q=koffie&sort=votes",
           "/archive/export.json?sort=votes", "/workshops/{code}/export.csv", "/workshops/{code}/export.xlsx",
           "/workshops/{code}/export.json", "/workshops/{own}/export.csv", "/workshops/{own}/export.xlsx",
           "/workshops/{code}/results", "/archive?limit=1000"]


@pytest.mark.parametrize("path", EXPORTS)
def test_every_export_answers_without_held_entries(org, path):
    response = org["client"].get("/api/v1" + path.format(code=org["code"], own=org["with_own"]), headers=org["api"])
    assert response.status_code == 200
    if path.split("?")[0].endswith(".xlsx"):
        book = load_workbook(io.BytesIO(response.data))
        text = "\n".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row)
    elif ".json" in path or "/results" in path or path.startswith("/archive?"):
        text = json.dumps(response.get_json(), ensure_ascii=False)
    else:
        text = response.data.decode("utf-8-sig")
    assert DELETED not in text
    if "/results" not in path:  # the trainer's results document lists held entries with their flag (contract)
        assert HELD not in text
