"""Hostile input against the real eventlet server (loopback only, bounded): raw Socket.IO packets that no
well-behaved client would send (100,000-deep JSON, lone surrogates, extra arguments) and bad HTTP bodies. Never a
crash or `server_error`, nothing in the log as a traceback, and the server answers /healthz afterwards."""
from __future__ import annotations

import json
import urllib.request

import pytest
import websocket

from tests.server import ServerProcess, setup_trainer

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = ServerProcess(tmp_path_factory.mktemp("hostile")).start()
    yield process
    process.stop()


class RawSocket:
    """Socket.IO v5 over a bare WebSocket, so that packets can be malformed on purpose."""

    def __init__(self, server: ServerProcess):
        self.ws = websocket.create_connection(
            f"ws://127.0.0.1:{server.port}/socket.io/?EIO=4&transport=websocket", timeout=15)
        assert self.ws.recv().startswith("0")
        self.ws.send("40")
        assert self.ws.recv().startswith("40")
        self.next_id = 1

    def send(self, body: str) -> dict | None:
        """Send `42<id><body>` and return the ack's payload (None when the server dropped the packet)."""
        ack_id, self.next_id = self.next_id, self.next_id + 1
        self.ws.send(f"42{ack_id}{body}")
        while True:
            try:
                message = self.ws.recv()
            except (websocket.WebSocketConnectionClosedException, websocket.WebSocketTimeoutException):
                return None
            if message == "2":
                self.ws.send("3")
                continue
            if message.startswith(f"43{ack_id}"):
                return json.loads(message[len(f"43{ack_id}"):])[0]

    def close(self):
        self.ws.close()


def post_raw(server, path: str, body: bytes, token: str) -> int:
    request = urllib.request.Request(server.url + path, data=body, method="POST", headers={
        "Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_hostile_packets_and_bodies_never_crash_the_server(server):
    token = setup_trainer(server)
    status, created = server.request("POST", "/api/v1/workshops", {"title": "Vijandig", "exercises": ["fris-blijven"]},
                                     token=token)
    code = created["code"]
    for action in ({"action": "goto", "index": 0}, {"action": "open"}):
        assert server.request("POST", f"/api/v1/workshops/{code}/control", action, token=token)[0] == 200
    phone = RawSocket(server)
    assert phone.send(json.dumps(["join", {"code": code}]))["ok"] is True
    hostile = [
        '["tip", {"text": "\\ud800"}]', '["join", {"code": "\\udfff"}]', '["vote", {"option": "a"}, "extra", 3]',
        '["tip", {"text": "ok"}, {"more": true}]', '["upvote", {"tip_id": 99999999999999999999999, "on": true}]',
        '["tip", {"text": "\\u0000\\u001b[31m"}]', '["screen", {"code": "' + code + '", "key": "\\ud83d"}]',
        '["tip", ' + DEEP + ']',
    ]
    for body in hostile:
        ack = phone.send(body)
        assert ack is not None, f"no ack for {body[:60]}"  # a phone waiting for its ack must always get one
        if body.startswith('["tip", {"text": "\\u0000'):  # control characters are removed, the rest is a tip
            assert ack["ok"] is True and ack["tip"]["text"] == "[31m", ack
        else:
            assert ack == {"ok": False, "error": "invalid", "message": ack["message"]} and ack["message"], (
                body[:60], ack)
    phone.close()
    for path, body in ((f"/api/v1/workshops/{code}/control", DEEP.encode()),
                       (f"/api/v1/workshops/{code}/control",
                        b'{"action": "hide_tip", "tip_id": 99999999999999999999999}'),
                       ("/api/v1/workshops", b'{"title": "\\ud800", "exercises": ["fris-blijven"]}'),
                       ("/api/v1/archive/curate", b'{"action": "edit", "tip_id": 1, "text": "\\udc00"}')):
        assert post_raw(server, path, body, token) == 400, path
    status, _body = server.request("GET", "/api/v1/archive?limit=%C2%B2", token=token)
    assert status == 400
    assert server.request("GET", "/healthz")[0] == 200
    again = RawSocket(server)
    assert again.send(json.dumps(["join", {"code": code}]))["ok"] is True
    again.close()
    assert "Traceback" not in server.output()


def test_an_integer_of_thousands_of_digits_is_invalid_with_an_ack_and_no_traceback(server):
    token = setup_trainer(server, "cijfers@woonstad.example", "Cijfers")
    status, created = server.request("POST", "/api/v1/workshops", {"title": "Cijfers", "exercises": ["fris-blijven"]},
                                     token=token)
    phone = RawSocket(server)
    assert phone.send(json.dumps(["join", {"code": created["code"]}]))["ok"] is True
    for _ in range(3):
        ack = phone.send('["upvote", {"tip_id": ' + "7" * 5000 + ', "on": true}]')
        assert ack is not None and ack["ok"] is False and ack["error"] == "invalid", ack
    assert phone.send(json.dumps(["join", {"code": created["code"]}]))["ok"] is True  # the socket carries on
    phone.close()
    assert "Traceback" not in server.output() and "Exceeds the limit" not in server.output()
