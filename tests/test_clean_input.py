"""Issue 13, points 5 and 10: text is stored clean, and no bad input makes a route 500 or an event server_error."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from tests import factories
from tests.archive_helpers import workshop_with_tips
from workshop.models import Tip, db


@pytest.fixture
def open_tips(app, trainer):
    code = factories.make_workshop(app, trainer)
    factories.control(app, code, action="goto", index=0)
    factories.control(app, code, action="open")
    return code


def test_control_characters_are_stripped_from_tips_and_newlines_stay(app, open_tips, socket_user):
    phone = socket_user()
    phone.join(open_tips, name="San\x00ne\x1b")
    ack = phone.emit("tip", {"text": "Even\x07 koffie\x0b\nhalen\x7f\u0085"})
    assert ack["ok"] and ack["tip"]["text"] == "Even koffie\nhalen"
    assert phone.join(open_tips, name="Sa\x1fnne")["participant"]["name"] == "Sanne"


@pytest.mark.parametrize("text", ["\u200b", "\u200b \u200d\ufeff", "\x00\x01", "\u2060\n\u200e"])
def test_invisible_only_tips_are_empty(app, open_tips, socket_user, text):
    phone = socket_user()
    phone.join(open_tips)
    assert phone.emit("tip", {"text": text})["error"] == "empty"


def test_emoji_with_joiners_stay_whole(app, open_tips, socket_user):
    phone = socket_user()
    phone.join(open_tips)
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467 samen"
    assert phone.emit("tip", {"text": family})["tip"]["text"] == family


@pytest.mark.parametrize("sent, stored", [
    ("kloot\u200bzak", "klootzak"), ("kloot\u00adzak", "klootzak"), ("Even\u2060 koffie\u200e", "Even koffie"),
    ("\u202eneknaw\u202c halen", "neknaw halen"),
    ("\U0001F3F3\ufe0f\u200d\U0001F308 trots", "\U0001F3F3\ufe0f\u200d\U0001F308 trots"),  # a flag's joiner stays
])
def test_invisible_format_characters_are_removed_before_a_tip_is_stored(app, open_tips, socket_user, sent, stored):
    phone = socket_user()
    phone.join(open_tips)
    ack = phone.emit("tip", {"text": sent})
    assert ack["tip"]["text"] == stored
    with app.app_context():
        assert db.session.scalar(select(Tip.text).where(Tip.id == ack["tip"]["id"])) == stored


def test_xlsx_exports_survive_control_characters_already_in_the_database(app, api, trainer):
    """An old row (stored before cleaning existed) must not break the workshop's or the archive's export."""
    code, ids = workshop_with_tips(app, trainer, ["Goede tip", "Nog een tip"], title="Titel\x01 met\x1f tekens")
    with app.app_context():
        db.session.execute(update(Tip).where(Tip.id == ids[0]).values(text="Kapot\x03 \x1b[31m rood"))
        db.session.commit()
    for path in (f"/workshops/{code}/export.xlsx", "/archive/export.xlsx"):
        response = api.get(path)
        assert response.status_code == 200, path
        book = load_workbook(io.BytesIO(response.get_data()))
        texts = [cell.value for sheet in book for row in sheet.iter_rows() for cell in row
                 if isinstance(cell.value, str)]
        assert "Kapot [31m rood" in texts


@pytest.mark.parametrize("path", ["/archive?limit=%C2%B2", "/archive?offset=%C2%B2",
                                  "/archive?offset=99999999999999999999999", "/archive?limit=-1"])
def test_archive_paging_arguments_are_checked(api, path):
    response = api.get(path)
    assert response.status_code == 400 and response.get_json()["error"] == "invalid"


def test_huge_tip_ids_are_bad_requests(app, api, trainer, open_tips):
    huge = b'{"action": "hide_tip", "tip_id": 99999999999999999999999}'
    response = api.client.post(f"/api/v1/workshops/{open_tips}/control", data=huge,
                               headers=api.headers | {"Content-Type": "application/json"})
    assert response.status_code == 400 and response.get_json()["error"] == "bad_json"
    curated = api.client.post("/api/v1/archive/curate", data=huge.replace(b"hide_tip", b"star"),
                              headers=api.headers | {"Content-Type": "application/json"})
    assert curated.status_code == 400


def test_deeply_nested_json_is_a_bad_request(api):
    deep = b"[" * 100_000 + b"]" * 100_000
    response = api.client.post("/api/v1/workshops", data=deep,
                               headers=api.headers | {"Content-Type": "application/json"})
    assert response.status_code == 400 and response.get_json()["error"] == "bad_json"


def test_lone_surrogates_never_reach_the_database(app, api, trainer, open_tips):
    body = b'{"title": "Kapot \\ud800", "exercises": ["fris-blijven"]}'
    response = api.client.post("/api/v1/workshops", data=body,
                               headers=api.headers | {"Content-Type": "application/json"})
    assert response.status_code == 400 and response.get_json()["error"] == "bad_json"
    curated = api.client.post("/api/v1/archive/curate",
                              data=b'{"action": "edit", "tip_id": 1, "text": "\\udc00"}',
                              headers=api.headers | {"Content-Type": "application/json"})
    assert curated.status_code == 400
    with app.app_context():
        assert db.session.scalars(select(Tip.text)).all() == []


@pytest.mark.parametrize("event, payload", [
    ("join", {"code": "\ud800"}), ("join", {"code": "ABCDEF", "token": "\udfff"}),
    ("join", {"code": "ABCDEF", "name": "a\ud83d"}), ("tip", {"text": "\ud800"}),
    ("screen", {"code": "ABCDEF", "key": "\ud800"}), ("vote", {"option": "\udc00"}),
])
def test_lone_surrogates_over_the_socket_are_invalid(app, open_tips, socket_user, event, payload):
    phone = socket_user()
    phone.join(open_tips)
    ack = phone.emit(event, payload)
    assert ack["ok"] is False and ack["error"] == "invalid"


@pytest.mark.parametrize("event", ["join", "tip", "upvote", "vote", "screen", "control"])
def test_extra_event_arguments_are_invalid(app, open_tips, socket_user, event):
    phone = socket_user()
    ack = phone.client.emit(event, {"code": open_tips}, "extra", callback=True)
    assert ack["ok"] is False and ack["error"] == "invalid"


def test_a_toml_exercise_nested_900_deep_is_a_clear_400(api, caplog):
    deep = "kind = 'tips'\nx = " + "[" * 900 + "]" * 900 + "\n"
    response = api.client.post("/api/v1/exercises/import", data=deep.encode(),
                               headers=api.headers | {"Content-Type": "application/toml"})
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_exercise"
    assert "Traceback" not in caplog.text


def test_an_archive_search_of_thousands_of_words_uses_the_first_50(app, api, trainer):
    workshop_with_tips(app, trainer, ["Eerst luisteren, dan samenvatten"])
    query = "luisteren " + " ".join(f"woord{number}" for number in range(3000))
    for path in ("/api/v1/archive?q=", "/api/v1/archive/export.csv?q="):
        response = api.client.get(path + query, headers=api.headers)
        assert response.status_code == 200, (path, response.status_code)
    found = api.client.get("/api/v1/archive?q=" + "luisteren " * 60 + " ".join(["x"] * 3000), headers=api.headers)
    assert found.status_code == 200 and found.get_json()["total"] == 1  # the first 50 words are searched


def test_merging_a_held_tip_is_a_clear_400(app, api, trainer, socket_user):
    code, ids = workshop_with_tips(app, trainer, ["Eerst luisteren", "Tot tien tellen"])
    held = socket_user()
    held.join(code)
    held_tip = held.emit("tip", {"text": "Wat een klootzak"})["tip"]
    response = api.post("/archive/curate", {"action": "merge", "tip_ids": [ids[0], held_tip["id"]]})
    assert response.status_code == 400 and response.get_json()["error"] == "invalid"
