"""Journey: a laptop on the venue Wi-Fi opens more connections than the server takes and sends half a request on
each (slowloris). A connection that has not sent its request headers within 10 seconds is closed, in every async
mode, so the server becomes reachable again by itself; a Socket.IO phone connected meanwhile stays connected."""
from __future__ import annotations

import socket
import time

import pytest

from tests.e2e.clients import Phone
from tests.server import ServerProcess

CAP = 40
HALF_SENT = 45
HALF_REQUEST = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow"


@pytest.fixture(params=["eventlet", "gevent", "threading"])
def server(request, tmp_path):
    process = ServerProcess(tmp_path / "data", async_mode=request.param,
                            extra_env={"KLANTWIJS_MAX_CONNECTIONS": str(CAP)})
    process.start()
    yield process
    process.stop()


def closed_by_server(connection: socket.socket, until: float) -> bool:
    """True once the server closed the connection (end of file), False if it is still open at `until`."""
    while time.monotonic() < until:
        connection.settimeout(max(0.1, min(1.0, until - time.monotonic())))
        try:
            if connection.recv(4096) == b"":
                return True
        except TimeoutError:
            continue
        except ConnectionError:
            return True
    return False


def test_half_sent_requests_are_closed_and_the_server_is_reachable_again(server, clients):
    phone = Phone(server.url)  # a phone already in the room, on a WebSocket that is quiet between pings
    clients.append(phone)
    half_sent = []
    try:
        for _ in range(HALF_SENT):
            connection = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            connection.sendall(HALF_REQUEST)
            half_sent.append(connection)
        until = time.monotonic() + 60  # generous: the first 40 go at 10 s, the 5 queued behind them at 20 s
        still_open = [number for number, connection in enumerate(half_sent) if not closed_by_server(connection, until)]
        assert still_open == [], f"{len(still_open)} half-sent connections were never closed"
    finally:
        for connection in half_sent:
            connection.close()
    assert server.request("GET", "/healthz")[0] == 200
    assert phone.sio.connected  # the deadline is for headers only: a quiet WebSocket is not cut
    assert phone.call("join", {"code": "ABCDEF"})["error"] == "unknown_code"
