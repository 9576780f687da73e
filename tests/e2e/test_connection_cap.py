"""A staff day: 2,000 phones connected to `python wsgi.py` at the same time, even where the system's soft limit on
open files is the common 1,024 and eventlet's own connection cap is 1,024."""
from __future__ import annotations

import resource
import socket

import pytest

from tests.server import ServerProcess

CONNECTIONS = 2_100


@pytest.fixture
def server_with_low_file_limit(tmp_path):
    """The server inherits a soft limit of 1,024 open files, as on many Linux systems."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < CONNECTIONS + 200:
        pytest.skip(f"the hard limit on open files ({hard}) is below {CONNECTIONS} connections")
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard))
    try:
        process = ServerProcess(tmp_path / "data").start()
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, CONNECTIONS + 200), hard))  # this test's own sockets
    yield process
    process.stop()
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def healthz(connection: socket.socket) -> bytes:
    connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    answer = b""
    while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
        chunk = connection.recv(4096)
        if not chunk:
            break
        answer += chunk
    return answer


def test_two_thousand_connections_are_served_at_once(server_with_low_file_limit):
    open_connections = []
    try:
        for number in range(CONNECTIONS):
            connection = socket.create_connection(("127.0.0.1", server_with_low_file_limit.port), timeout=10)
            open_connections.append(connection)
            try:
                answer = healthz(connection)  # every earlier connection stays open (keep-alive)
            except OSError as error:
                pytest.fail(f"connection {number + 1} was not served: {error!r}")
            assert answer.startswith(b"HTTP/1.1 200"), f"connection {number + 1}: {answer[:80]!r}"
    finally:
        for connection in open_connections:
            connection.close()
