"""Real Redis and PostgreSQL servers from Debian's packages, started on free loopback ports for the tests.

Under CI=true a missing service fails the test instead of skipping it.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.server import free_port


def missing(what: str) -> None:
    message = f"{what} is not installed (make test installs it from Debian's packages)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def wait_until(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start within {timeout}s")


class RedisServer:
    def __init__(self):
        binary = shutil.which("redis-server")
        if binary is None:
            missing("redis-server")
        self.binary = binary
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="klantwijs-redis-")
        self.start()

    def start(self) -> None:
        """Start (or start again, on the same port: an outage test stops it with `halt`)."""
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", self.dir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(self._answers, 20, "redis-server")

    def halt(self) -> None:
        """Stop the server as an outage does (its clients' connections close); `start` brings it back."""
        self.process.terminate()
        self.process.wait(15)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _answers(self) -> bool:
        import redis
        try:
            return redis.Redis(host="127.0.0.1", port=self.port).ping()
        except redis.ConnectionError:
            return False

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(15)
        shutil.rmtree(self.dir, ignore_errors=True)


class PostgresServer:
    """A throw-away PostgreSQL cluster. initdb refuses to run as root, so as root it runs as user postgres."""

    def __init__(self):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not bins:
            missing("PostgreSQL")
        self.bin = Path(bins[-1])
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="klantwijs-pg-")
        self.as_user = []
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            os.chown(self.dir, postgres.pw_uid, postgres.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        data = f"{self.dir}/data"
        self._run(str(self.bin / "initdb"), "-D", data, "-U", "klantwijs", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8")
        self._run(str(self.bin / "pg_ctl"), "-D", data, "-l", f"{self.dir}/log", "-w", "-t", "60", "start",
                  "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off")
        self.data = data

    def _run(self, *command: str) -> None:
        subprocess.run([*self.as_user, *command], check=True, capture_output=True, timeout=120)

    def create_database(self, name: str) -> str:
        self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "klantwijs", name)
        return f"postgresql+psycopg://klantwijs@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", self.data, "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_server():
    server = RedisServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_server():
    server = PostgresServer()
    yield server
    server.stop()
