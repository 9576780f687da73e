"""What bench/run.py's `nginx1` and `nginx2` targets need besides the servers: a real Redis and PostgreSQL (started
once per invocation) and a real nginx with deploy/nginx/klantwijs.conf and a self-signed certificate, all on
loopback (the same helpers as tests/e2e/test_deploy_nginx.py), and loopback source addresses that nginx's
`hash $remote_addr consistent` sends to each server process.
"""
from __future__ import annotations

import glob
import http.client
import shutil
import sys
import uuid
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
if str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))

from tests.nginx import UPSTREAM_HEADER, Nginx, nginx_binary  # noqa: E402  (the repository root on sys.path first)
from tests.services import PostgresServer, RedisServer  # noqa: E402

CANDIDATE_SOURCES = [f"127.0.{n}.1" for n in range(1, 65)]
SOURCES_PER_PROCESS = 2


class Unavailable(Exception):
    """nginx, Redis or PostgreSQL is not installed (make test installs them)."""


class Backing:
    """Redis (message queue) and PostgreSQL, started on first use and shared by every nginx run."""

    def __init__(self):
        self.redis = None
        self.postgres = None

    def start(self) -> "Backing":
        missing = [name for name, found in (("nginx", nginx_binary()), ("redis-server", shutil.which("redis-server")),
                                            ("PostgreSQL", glob.glob("/usr/lib/postgresql/*/bin/initdb")))
                   if not found]
        if missing:
            raise Unavailable(f"not installed: {', '.join(missing)}")
        if self.redis is None:
            self.redis = RedisServer()
            self.postgres = PostgresServer()
        return self

    def environment(self) -> dict:
        """Settings every server process of one run shares: a fresh database, the queue, one key, one proxy."""
        return {"KLANTWIJS_DATABASE_URL": self.postgres.create_database(f"bench_{uuid.uuid4().hex[:12]}"),
                "KLANTWIJS_MESSAGE_QUEUE": self.redis.url, "KLANTWIJS_SECRET_KEY": "bench-" + uuid.uuid4().hex,
                "KLANTWIJS_TRUSTED_PROXIES": "1"}

    def stop(self) -> None:
        for service in (self.redis, self.postgres):
            if service is not None:
                service.stop()


def upstream_of(proxy: Nginx, source: str) -> str:
    """The server process (host:port) that nginx sends `source`'s requests to."""
    connection = http.client.HTTPSConnection("127.0.0.1", proxy.port, context=proxy.ssl_context(), timeout=10,
                                             source_address=(source, 0))
    try:
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        response.read()
        return response.getheader(UPSTREAM_HEADER)
    finally:
        connection.close()


def sources_for(proxy: Nginx, ports: list[int]) -> list[str]:
    """SOURCES_PER_PROCESS source addresses per server process, interleaved, so that the load generator's
    round-robin spreads the participants evenly over the processes."""
    wanted = {f"127.0.0.1:{port}": [] for port in ports}
    for source in CANDIDATE_SOURCES:
        found = wanted.get(upstream_of(proxy, source))
        if found is not None and len(found) < SOURCES_PER_PROCESS:
            found.append(source)
        if all(len(found) == SOURCES_PER_PROCESS for found in wanted.values()):
            return [source for group in zip(*wanted.values()) for source in group]
    raise RuntimeError(f"the hash sent no {SOURCES_PER_PROCESS} of {len(CANDIDATE_SOURCES)} addresses to each "
                       f"process: {wanted}")


def start_nginx(ports: list[int], participants: int) -> Nginx:
    return Nginx(ports, workers=1, connections=2 * participants + 200)
