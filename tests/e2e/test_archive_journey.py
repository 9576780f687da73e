"""Journey: phones send tips to a real `python wsgi.py` (eventlet); afterwards the trainer finds them in the
archive, exports them, shares the hand-out (HTML and WeasyPrint PDF from the real server), runs retention from the
command line, and finally deletes the workshop."""
from __future__ import annotations

import csv
import io
import urllib.error
import urllib.request

import pytest
from pypdf import PdfReader

from tests.e2e.clients import Phone, close_all
from tests.server import ServerProcess, setup_trainer

TIPS = ["Top 10 tellen", "tot tien tellen", "10 tellen!", "Even koffie halen!", "Naar het café", "Diep ademhalen"]


@pytest.fixture
def server(tmp_path):
    process = ServerProcess(tmp_path / "data")
    yield process
    process.stop()


def fetch(server: ServerProcess, path: str, token: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(server.url + path, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def control(server, token, code, **action):
    status, state = server.request("POST", f"/api/v1/workshops/{code}/control", action, token=token)
    assert status == 200, state
    return state


def test_tips_from_phones_become_the_organisations_toolkit(server):
    server.start()
    token = setup_trainer(server)
    status, created = server.request("POST", "/api/v1/workshops", {
        "title": "Fris blijven aan de balie", "exercises": ["fris-blijven", "vier-keer-bellen"]}, token=token)
    assert status == 201
    code = created["code"]
    phones = [Phone(server.url) for _ in TIPS]
    try:
        for number, phone in enumerate(phones):
            phone.join(code, name=f"Deelnemer {number}")
        control(server, token, code, action="goto", index=0)
        control(server, token, code, action="open")
        tip_ids = [phone.call("tip", {"text": text})["tip"]["id"] for phone, text in zip(phones, TIPS)]
        for phone in phones[:3]:
            assert phone.call("upvote", {"tip_id": tip_ids[3], "on": True})["ok"]
        control(server, token, code, action="goto", index=1)
        control(server, token, code, action="open")
        for phone, option in zip(phones, "aabbbe"):
            assert phone.call("vote", {"option": option})["ok"]
        control(server, token, code, action="end")
    finally:
        close_all(phones)

    status, found = server.request("GET", "/api/v1/archive?q=KOFFIE", token=token)
    assert status == 200 and [(t["text"], t["votes"]) for t in found["tips"]] == [("Even koffie halen!", 3)]
    status, found = server.request("GET", "/api/v1/archive?q=cafe", token=token)
    assert [t["text"] for t in found["tips"]] == ["Naar het café"]
    status, everything = server.request("GET", "/api/v1/archive", token=token)
    groups = {t["text"]: t["group"] for t in everything["tips"]}
    assert groups["Top 10 tellen"] == groups["tot tien tellen"] == groups["10 tellen!"] == tip_ids[0]
    assert groups["Diep ademhalen"] is None

    status, body = fetch(server, f"/api/v1/workshops/{code}/export.csv", token)
    assert status == 200 and body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    options = {r["Id"]: r for r in rows if r["Rij"] == "Optie"}  # row types in Dutch words (JSON keeps codes)
    assert options["b"]["Stemmen"] == "3" and options["b"]["Percentage"] == "50,0"
    assert {r["Tekst"] for r in rows if r["Rij"] == "Tip"} == set(TIPS)

    status, shared = server.request("POST", f"/api/v1/workshops/{code}/handout", {"shared": True}, token=token)
    assert status == 200 and shared["url"].startswith(server.url + "/handout/")
    path = shared["url"].removeprefix(server.url)
    status, page = server.request("GET", path)
    assert status == 200 and "Tips van Woonstad Voorbeeld: Hoe blijf jij fris" in page and "Deelnemer 0" not in page
    status, pdf = fetch(server, path + ".pdf")
    assert status == 200 and pdf.startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Even koffie halen!" in text and "Top 10 tellen" in text and "3 keer genoemd" in text

    result = server.flask("retention", "run")
    assert result.returncode == 0 and "niets verwijderd" in result.stdout

    status, deleted = server.request("DELETE", f"/api/v1/workshops/{code}", token=token)
    assert status == 200 and deleted == {"deleted": code, "participants": 6, "tips": 6, "votes": 6}
    assert server.request("GET", path)[0] == 404
    assert server.request("GET", "/api/v1/archive", token=token)[1] == {"total": 0, "tips": []}
