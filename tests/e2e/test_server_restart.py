"""Journey: an IT person starts `python wsgi.py`, a trainer creates a workshop over HTTP, the server restarts,
and everything is still there (same secret key, same token, same workshop)."""
from __future__ import annotations

import pytest

from tests.server import ServerProcess, setup_trainer


@pytest.fixture
def server(tmp_path):
    process = ServerProcess(tmp_path / "data")
    yield process
    process.stop()


def test_start_create_restart_and_find_everything_again(server):
    server.start()
    assert "flask --app wsgi trainer create" in server.output()  # no trainer yet: says how to make one
    assert "Deelnemers doen mee op:" in server.output()
    token = setup_trainer(server)

    status, exercises = server.request("GET", "/api/v1/exercises", token=token)
    assert status == 200 and len(exercises) >= 15
    case_id = next(e["id"] for e in exercises if e["kind"] == "case")
    status, created = server.request("POST", "/api/v1/workshops",
                                     {"title": "Omgaan met agressie", "exercises": [case_id]}, token=token)
    assert status == 201
    code = created["code"]
    assert created["join_url"] == f"{server.url}/j/{code}"

    status, page = server.request("GET", f"/j/{code.lower()}")
    assert status == 200 and "Omgaan met agressie" in page
    status, svg = server.request("GET", f"/qr/{code}.svg")
    assert status == 200 and svg.startswith("<svg")
    secret = (server.data_dir / "secret_key").read_text()

    server.stop()
    server.start()
    assert (server.data_dir / "secret_key").read_text() == secret
    status, state = server.request("GET", f"/api/v1/workshops/{code}", token=token)
    assert status == 200
    assert state["title"] == "Omgaan met agressie" and state["status"] == "live"
    assert [e["id"] for e in state["exercises"]] == [case_id]
    assert "trainer create" not in server.output().split("Klantwijs")[-1]  # a trainer exists now
