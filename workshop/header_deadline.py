"""A connection that has not sent its request headers within HEADER_SECONDS is closed, in every async mode.

Every open connection holds one of the server's KLANTWIJS_MAX_CONNECTIONS places, and none of the three servers
(eventlet's, gevent's, werkzeug's) limits how long a client may take to send its headers: a laptop on the venue
Wi-Fi that opens a few dozen connections and sends half a request on each would make the server unreachable for
as long as it likes. So each accepted connection gets a deadline; the application being called for a request means
its headers arrived (the deadline is lifted while the request, or a WebSocket, runs), and once a response is done
the connection has HEADER_SECONDS again for its next request (keep-alive). A watcher closes (shuts down) every
connection past its deadline, so that the server's read ends and its place is free.

A socket's timeout cannot do this: it would also cut a quiet WebSocket, whose pings come every 25 seconds.
"""
from __future__ import annotations

import socket
import threading
import time

from werkzeug.wsgi import ClosingIterator

HEADER_SECONDS = 10.0
SWEEP_SECONDS = 0.5


def _key(host, port) -> tuple[str, str]:
    return str(host), str(port)


class HeaderDeadlines:
    def __init__(self, seconds: float = HEADER_SECONDS, clock=time.monotonic):
        self.seconds, self.clock = seconds, clock
        self._waiting: dict[tuple[str, str], tuple[float, socket.socket]] = {}  # connections owing headers
        self._serving: dict[tuple[str, str], socket.socket] = {}  # connections with a request running
        self._lock = threading.Lock()

    def accepted(self, connection: socket.socket, address) -> None:
        """A new connection: its headers are due within `seconds`."""
        with self._lock:
            self._waiting[_key(address[0], address[1])] = (self.clock() + self.seconds, connection)

    def wsgi(self, app):
        """Wrap the WSGI application: being called lifts the connection's deadline, a finished response sets it
        again for the next request on the same connection."""
        def application(environ, start_response):
            key = _key(environ.get("REMOTE_ADDR", ""), environ.get("REMOTE_PORT", ""))
            with self._lock:
                waiting = self._waiting.pop(key, None)
                if waiting is not None:
                    self._serving[key] = waiting[1]
            try:
                response = app(environ, start_response)
            except BaseException:
                self._done(key)
                raise
            return ClosingIterator(response, lambda: self._done(key))
        return application

    def _done(self, key) -> None:
        with self._lock:
            connection = self._serving.pop(key, None)
            if connection is not None and connection.fileno() != -1:
                self._waiting[key] = (self.clock() + self.seconds, connection)

    def sweep(self) -> int:
        """Close every connection past its deadline (and forget closed ones); returns how many were closed."""
        now, late = self.clock(), []
        with self._lock:
            for key, (deadline, connection) in list(self._waiting.items()):
                if connection.fileno() == -1:
                    del self._waiting[key]
                elif deadline <= now:
                    del self._waiting[key]
                    late.append(connection)
        for connection in late:
            try:
                connection.shutdown(socket.SHUT_RDWR)  # the server's read returns; it closes and frees the place
            except OSError:  # closed meanwhile
                pass
        return len(late)

    def watch(self, sleep) -> None:
        """Run forever (a background task of the async mode): sweep twice a second."""
        while True:
            sleep(SWEEP_SECONDS)
            self.sweep()


class ListenerWithDeadlines:
    """The listening socket for eventlet's server: every accepted connection is handed to the deadlines."""

    def __init__(self, listener: socket.socket, deadlines: HeaderDeadlines):
        self._listener, self._deadlines = listener, deadlines

    def accept(self):
        connection, address = self._listener.accept()
        self._deadlines.accepted(connection, address)
        return connection, address

    def __getattr__(self, name):
        return getattr(self._listener, name)
