"""Journey: a script opens Engine.IO polling handshakes on a real server and walks away. Sessions that neither
connect to the Socket.IO namespace nor upgrade get a short life of their own (20 s, well before the ping timeout),
while a phone that stays on polling (WebSocket blocked at the venue) and one on WebSocket stay connected."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest

from tests.e2e.clients import Phone
from tests.server import ServerProcess

HANDSHAKES = 30


@pytest.fixture
def server(tmp_path):
    process = ServerProcess(tmp_path / "data", async_mode="eventlet")
    process.start()
    yield process
    process.stop()


def handshake(server: ServerProcess) -> str:
    with urllib.request.urlopen(f"{server.url}/socket.io/?EIO=4&transport=polling", timeout=15) as response:
        body = response.read().decode()
    return json.loads(body[body.index("{"):])["sid"]


def session_status(server: ServerProcess, sid: str) -> int | str:
    """The status of a poll on that session: 400 once the server closed it; 'open' while it still waits."""
    try:
        with urllib.request.urlopen(f"{server.url}/socket.io/?EIO=4&transport=polling&sid={sid}",
                                    timeout=3) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except TimeoutError:
        return "open"


def test_abandoned_handshakes_are_closed_while_real_phones_stay(server, clients):
    polling_phone = Phone(server.url, transports=("polling",))
    websocket_phone = Phone(server.url)
    clients.extend([polling_phone, websocket_phone])
    started = time.monotonic()
    sids = [handshake(server) for _ in range(HANDSHAKES)]
    # Engine.IO's own ping timeout (25 s interval + 20 s timeout) would close them only after 45 s.
    deadline = started + 38
    while time.monotonic() < deadline and session_status(server, sids[0]) != 400:
        time.sleep(1)
    assert [sid for sid in sids if session_status(server, sid) != 400] == []
    assert polling_phone.sio.connected and websocket_phone.sio.connected
    assert polling_phone.call("join", {"code": "ABCDEF"})["error"] == "unknown_code"
