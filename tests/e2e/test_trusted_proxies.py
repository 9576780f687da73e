"""KLANTWIJS_TRUSTED_PROXIES against the real eventlet server: the client address of a socket (for the unknown-code
limit) is the peer, unless a trusted proxy in front reports another one; a client's own X-Forwarded-For is never
believed without one."""
from __future__ import annotations

import pytest
import socketio

from tests.server import ServerProcess


def join_as(server: ServerProcess, forwarded_for: str, code: str) -> dict:
    client = socketio.Client(reconnection=False)
    client.connect(server.url, headers={"X-Forwarded-For": forwarded_for}, transports=["websocket"], wait_timeout=15)
    try:
        return client.call("join", {"code": code, "token": None, "name": None}, timeout=15)
    finally:
        client.disconnect()


def guess_twenty_codes(server: ServerProcess, forwarded_for: str) -> None:
    client = socketio.Client(reconnection=False)
    client.connect(server.url, headers={"X-Forwarded-For": forwarded_for}, transports=["websocket"], wait_timeout=15)
    try:
        for number in range(20):
            ack = client.call("join", {"code": f"ZZZZ{'ABCDEFGHJKMNPQRSTUVW'[number]}2"}, timeout=15)
            assert ack["error"] == "unknown_code"
    finally:
        client.disconnect()


@pytest.mark.parametrize("trusted", ["0", "1"])
def test_the_unknown_code_limit_counts_by_the_right_address(tmp_path, trusted):
    server = ServerProcess(tmp_path / "data", extra_env={"KLANTWIJS_TRUSTED_PROXIES": trusted}).start()
    try:
        guess_twenty_codes(server, "203.0.113.1")
        other = join_as(server, "203.0.113.2", "ZZZZZ3")
        if trusted == "0":  # the header is the client's own: the peer (127.0.0.1) is locked whatever it claims
            assert other["error"] == "rate_limited"
        else:  # one trusted proxy reports another client: not locked
            assert other["error"] == "unknown_code"
        assert join_as(server, "203.0.113.1", "ZZZZZ4")["error"] == "rate_limited"
        status, _page = server.request("GET", "/j/ZZZZZ5")
        assert status == (429 if trusted == "0" else 404)
    finally:
        server.stop()
