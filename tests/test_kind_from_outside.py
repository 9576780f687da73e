"""A kind from outside the tree (tests/fixtures/kinds/poll/, copied elsewhere and loaded through
KLANTWIJS_KINDS_PATH) works everywhere a built-in kind does: the editor's API validates it (in English too, from its
own catalog), a workshop runs it, phones vote on their page, the projector and the control page draw it, the results
and the exports carry it. No file of the application names it (tests/test_layers.py checks every registered kind)."""
from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from exercises.kinds import KINDS, forget
from tests import factories
from workshop import engine, offload

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "kinds" / "poll"
POLL = {"kind": "poll", "title": "Koffie of thee", "question": "Wat drink je in de pauze?",
        "options": [{"id": "koffie", "text": "Koffie"}, {"id": "thee", "text": "Thee"},
                    {"id": "water", "text": "Water"}]}


def copy_poll(into: Path) -> Path:
    """The poll folder copied outside the source tree (into/poll), its catalog compiled as an installer would."""
    folder = into / "poll"
    shutil.copytree(FIXTURE, folder, ignore=shutil.ignore_patterns("__pycache__"))
    messages = folder / "translations" / "en" / "LC_MESSAGES"
    with open(messages / "messages.po", "rb") as po, open(messages / "messages.mo", "wb") as mo:
        write_mo(mo, read_po(po))
    return folder


@pytest.fixture(autouse=True)
def poll_elsewhere(tmp_path, monkeypatch):
    """The poll folder outside the source tree, named by KLANTWIJS_KINDS_PATH."""
    folder = copy_poll(tmp_path / "more-kinds")
    empty = tmp_path / "no-kinds-here"
    empty.mkdir()
    monkeypatch.setenv("KLANTWIJS_KINDS_PATH", f"{empty}:{folder.parent}")  # folders separated by ":"
    # Worker subprocesses started by an earlier test read another KLANTWIJS_KINDS_PATH (a server reads it once, at
    # its start): end them, so that the exports' workers of this test know the poll.
    offload.stop_workers()
    yield folder
    forget("poll")
    offload.stop_workers()


@pytest.fixture
def poll_workshop(app, api):
    created = api.post("/exercises", POLL)
    assert created.status_code == 201, created.get_json()
    return api.create_workshop([created.get_json()["id"]], title="Pauze")["code"]


def test_the_poll_is_a_kind_from_its_own_folder_with_its_own_strings(app, api, poll_elsewhere):
    assert KINDS["poll"].folder == poll_elsewhere and Path(__file__).parent not in poll_elsewhere.parents
    one_option = POLL | {"options": POLL["options"][:1]}
    dutch = api.post("/exercises", one_option).get_json()
    assert dutch["error"] == "invalid_exercise"
    assert {"field": "options", "message": "heeft 1 antwoorden; 2 tot 6 toegestaan"} in dutch["problems"]
    english = api.post("/exercises?lang=en", one_option).get_json()
    assert {"field": "options", "message": "has 1 answers; 2 to 6 allowed"} in english["problems"]
    listed = {e["id"]: e for e in api.get("/exercises").get_json()}
    assert not any(e["kind"] == "poll" for e in listed.values())  # nothing stored yet
    assert api.post("/exercises", POLL).status_code == 201


def test_a_poll_runs_through_phone_projector_control_results_and_export(app, api, auth, client, socket_user,
                                                                        poll_workshop):
    code = poll_workshop
    with app.app_context():
        key = engine.workshop_by_code(code).screen_key
    screen = socket_user()
    assert screen.emit("screen", {"code": code, "key": key})["ok"]
    phones = [socket_user() for _ in range(3)]
    tokens = [phone.join(code)["participant"]["token"] for phone in phones]
    factories.control(app, code, action="goto", index=0)
    factories.control(app, code, action="open")
    for phone, choice in zip(phones, ("koffie", "koffie", "thee"), strict=True):
        assert phone.emit("vote", {"option": choice})["ok"]
    refused = phones[2].emit("vote", {"option": "limonade"})  # the kind's own refusal, the contract's code
    assert (refused["ok"], refused["error"]) == (False, "unknown_option") and refused["message"]
    tally = screen.wait_for("tally", lambda y: y["total"] == 3)
    assert tally["counts"] == {"koffie": 2, "thee": 1, "water": 0}

    phone_page = client.get(f"/j/{code}").get_data(as_text=True)  # the kind's own template paints first
    assert 'id="poll-ex"' in phone_page and "Wat drink je in de pauze?" in phone_page
    assert re.search(r'<section id="poll-ex"[^>]*data-kind="poll"[^>]*aria-labelledby', phone_page)
    assert 'data-option-id="water"' in phone_page and "Kies een antwoord." in phone_page  # its strings
    script = re.search(r'src="(/kinds/poll/poll\.js\?v=[0-9a-f]+)"', phone_page).group(1)
    served = client.get(script)
    assert served.status_code == 200 and "KlantwijsKinds" in served.get_data(as_text=True)
    assert "immutable" in served.headers["Cache-Control"] and "max-age=31536000" in served.headers["Cache-Control"]
    assert client.get("/kinds/poll/../__init__.py").status_code == 404
    assert client.get("/kinds/poll/nothing.js").status_code == 404

    projector = client.get(f"/screen/{code}?key={key}").get_data(as_text=True)
    assert 'id="poll-view"' in projector and script in projector
    assert re.search(r'<h1 id="poll-screen-question"[^>]*>Wat drink je in de pauze\?</h1>', projector)  # first paint
    auth.login()
    control = client.get(f"/facilitator/workshops/{code}")
    assert control.status_code == 200 and script in control.get_data(as_text=True)
    assert "Wat drink je in de pauze?" in control.get_data(as_text=True)  # presenter data: the question

    results = api.get(f"/workshops/{code}/results").get_json()
    entry = results["exercises"][0]
    assert entry["kind"] == "poll" and entry["total"] == 3
    assert [(o["id"], o["votes"]) for o in entry["options"]] == [("koffie", 2), ("thee", 1), ("water", 0)]
    rows = list(csv.DictReader(io.StringIO(api.get(f"/workshops/{code}/export.csv").get_data(as_text=True)
                                           .lstrip("\ufeff")), delimiter=";"))
    assert [(row["Id"], row["Tekst"], row["Stemmen"]) for row in rows] == [
        ("koffie", "Koffie", "2"), ("thee", "Thee", "1"), ("water", "Water", "0")]
    document = api.get(f"/workshops/{code}/export.json").get_json()
    assert document["exercises"][0]["options"][0] == {"id": "koffie", "text": "Koffie", "votes": 2,
                                                       "percentage": 66.7}

    factories.control(app, code, action="end")
    again = socket_user().join(code, token=tokens[2])
    assert again["state"]["me"]["recap"][0]["answer"] == "Jouw antwoord: Thee"
