"""Engine.IO sessions that go nowhere get a short life of their own.

A phone's first request to /socket.io/ opens a session (a polling handshake) that lives until its ping timeout,
about 45 seconds, and costs memory meanwhile: a script that opens thousands and walks away costs about 17 MB per
1,000. A real client connects to the Socket.IO namespace (or upgrades to WebSocket) within a second or two of the
handshake, also on weak Wi-Fi; a session that has done neither after HANDSHAKE_SECONDS is closed. No limit per
client address: a room of 2,000 behind one address scans the QR code at the same moment and every phone connects.
"""
from __future__ import annotations

import time

HANDSHAKE_SECONDS = 20.0
SWEEP_SECONDS = 2.0


class Handshakes:
    def __init__(self, socketio, seconds: float = HANDSHAKE_SECONDS, clock=time.monotonic):
        self.socketio, self.seconds, self.clock = socketio, seconds, clock
        self._first_seen: dict[str, float] = {}

    def sweep(self) -> int:
        """Close the sessions that neither connected to the namespace nor upgraded within `seconds`; how many."""
        server = self.socketio.server
        sessions = dict(server.eio.sockets)
        for sid in [sid for sid in self._first_seen if sid not in sessions]:
            del self._first_seen[sid]
        now, closed = self.clock(), 0
        for sid, session in sessions.items():
            if session.closed or session.closing or session.upgraded or \
                    server.manager.sid_from_eio_sid(sid, "/") is not None:
                self._first_seen.pop(sid, None)
                continue
            if now - self._first_seen.setdefault(sid, now) >= self.seconds:
                self._first_seen.pop(sid, None)
                session.close(wait=False, abort=True)
                closed += 1
        return closed

    def watch(self) -> None:
        """Run forever (a background task of the async mode)."""
        while True:
            self.socketio.sleep(SWEEP_SECONDS)
            self.sweep()
