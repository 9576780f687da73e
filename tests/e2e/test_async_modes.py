"""`python wsgi.py` in each async mode (KLANTWIJS_ASYNC_MODE): it serves, and a second one on the same port exits
non-zero with a clear message while the first keeps serving. Threading mode also gets a smoke test of a workshop
(the whole journeys run in eventlet and gevent: test_live_workshop.py, test_crash.py, test_message_queue.py)."""
from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.e2e.clients import Phone, Projector, screen_key_of
from tests.server import ROOT, ServerProcess, setup_trainer

MODES = ("eventlet", "gevent", "threading")


@pytest.fixture(scope="module", params=MODES)
def running(request, tmp_path_factory):
    process = ServerProcess(tmp_path_factory.mktemp(f"mode-{request.param}"), async_mode=request.param).start()
    yield process
    process.stop()


def test_a_second_server_on_the_same_port_exits_with_a_clear_message(running):
    second = subprocess.run([sys.executable, "wsgi.py"], cwd=ROOT, env=running.env, capture_output=True, text=True,
                            timeout=120)
    assert second.returncode != 0
    assert f"Poort {running.port} op 127.0.0.1 is al in gebruik" in second.stderr
    assert "Traceback" not in second.stderr
    status, health = running.request("GET", "/healthz")
    assert status == 200 and health["status"] == "ok"  # the first one still serves
    assert running.process.poll() is None


def test_a_client_that_starts_on_long_polling_moves_to_a_websocket(running):
    """Browsers connect with long-polling and then upgrade (static/js/common.js); the upgrade must succeed in every
    mode, or every phone stays on polling (a request per message). It failed in all three while the JSON guard for
    Socket.IO events answered None for Engine.IO's "probe" instead of raising."""
    phone = Phone(running.url, transports=("polling", "websocket"))
    try:
        assert phone.sio.transport() == "websocket"
        answer = phone.call("join", {"code": "ZZZZZZ", "token": None, "name": None})
        assert answer["ok"] is False and answer["error"] == "unknown_code"  # and events travel over it
    finally:
        phone.close()


def test_threading_mode_runs_a_small_workshop(tmp_path):
    server = ServerProcess(tmp_path / "data", async_mode="threading").start()
    clients = []
    try:
        token = setup_trainer(server)
        status, created = server.request("POST", "/api/v1/workshops", {
            "title": "Zonder eventlet", "exercises": ["fris-blijven", "vier-keer-bellen"]}, token=token)
        assert status == 201
        code = created["code"]

        def control(**action):
            status, state = server.request("POST", f"/api/v1/workshops/{code}/control", action, token=token)
            assert status == 200, state

        projector = Projector(server.url, code, screen_key_of(created["screen_url"]))
        phones = [Phone(server.url) for _ in range(4)]
        clients += [projector, *phones]
        for phone in phones:
            phone.join(code)
        projector.wait_for("presence", lambda p: p["participants"] == 4)
        control(action="goto", index=0)
        control(action="open")
        phones[0].wait_for("state", lambda s: s["exercise"] and s["exercise"]["phase"] == "open")
        tip = phones[0].call("tip", {"text": "Eerst luisteren, dan praten"})["tip"]
        assert phones[1].call("upvote", {"tip_id": tip["id"], "on": True}) == {"ok": True, "votes": 1}
        projector.wait_for("tips", lambda t: t["total"] == 1 and t["tips"][0]["votes"] == 1)
        control(action="goto", index=1)
        control(action="open")
        control(action="results", visible=True)
        for phone in phones:
            phone.wait_for("state", lambda s: s["exercise"]["index"] == 1 and s["exercise"]["phase"] == "open")
        for phone, option in zip(phones, "aabc"):
            assert phone.call("vote", {"option": option}) == {"ok": True}
        projector.wait_for("tally", lambda t: t["total"] == 4 and t["counts"]["a"] == 2)
        phones[3].wait_for("tally", lambda t: t["total"] == 4 and t["counts"]["c"] == 1)
        assert "Traceback" not in server.output()
    finally:
        with ThreadPoolExecutor(8) as pool:  # a close can take 3 s in threading mode (websocket-client's wait)
            list(pool.map(lambda client: client.close(), clients))
        server.stop()
