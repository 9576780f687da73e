"""Real python-socketio clients (WebSocket) for end-to-end tests: phones and a projector."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import socketio


class LiveClient:
    """One real Socket.IO connection that records every server message."""

    def __init__(self, url: str, transports=("websocket",), **client_options):
        """client_options go to socketio.Client (e.g. http_session, websocket_extra_options for TLS tests)."""
        self.sio = socketio.Client(reconnection=False, **client_options)
        self.lock = threading.Lock()
        self.received: dict[str, list] = {}
        self.arrivals: dict[str, list[float]] = {}  # monotonic arrival time of each recorded message
        for event in ("state", "tips", "tally", "presence", "moderation", "cloud"):
            self.sio.on(event, self._recorder(event))
        self.sio.connect(url, transports=list(transports), wait_timeout=15)

    def _recorder(self, event: str):
        def record(data):
            with self.lock:
                self.received.setdefault(event, []).append(data)
                self.arrivals.setdefault(event, []).append(time.monotonic())
        return record

    def call(self, event: str, payload, timeout: float = 15) -> dict:
        return self.sio.call(event, payload, timeout=timeout)

    def latest(self, event: str):
        with self.lock:
            messages = self.received.get(event, [])
            return messages[-1] if messages else None

    def wait_for(self, event: str, predicate, timeout: float = 15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                matching = [m for m in self.received.get(event, []) if predicate(m)]
            if matching:
                return matching[-1]
            time.sleep(0.02)
        raise AssertionError(f"no {event!r} matching within {timeout}s; latest: {self.latest(event)}")

    def close(self) -> None:
        try:
            self.sio.disconnect()
        except Exception:  # already gone with the server
            pass


class Phone(LiveClient):
    def join(self, code: str, token: str | None = None, name: str | None = None) -> dict:
        ack = self.call("join", {"code": code, "token": token, "name": name})
        assert ack["ok"], ack
        self.token = ack["participant"]["token"]
        return ack


class Projector(LiveClient):
    def __init__(self, url: str, code: str, key: str, **options):
        super().__init__(url, **options)
        ack = self.call("screen", {"code": code, "key": key})
        assert ack["ok"], ack
        self.ack = ack


def close_all(clients) -> None:
    """Close every client at once: under gevent a close takes 3 s (websocket-client waits that long for the server's
    close frame), so thirty phones closed one by one cost a minute and a half."""
    clients = list(clients)
    if clients:
        with ThreadPoolExecutor(len(clients)) as pool:
            list(pool.map(LiveClient.close, clients))


def screen_key_of(screen_url: str) -> str:
    return screen_url.split("key=", 1)[1]
