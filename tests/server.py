"""A real `python wsgi.py` (eventlet, gevent or threading) as a subprocess on a free loopback port, for e2e tests."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServerProcess:
    def __init__(self, data_dir: Path, port: int | None = None, extra_env: dict | None = None,
                 async_mode: str = "eventlet"):
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.env = os.environ.copy()
        self.env.update({"KLANTWIJS_DATA_DIR": str(self.data_dir), "KLANTWIJS_HOST": "127.0.0.1",
                         "KLANTWIJS_PORT": str(self.port), "PYTHONUNBUFFERED": "1", "KLANTWIJS_ASYNC_MODE": async_mode})
        for name in ("KLANTWIJS_DATABASE_URL", "KLANTWIJS_MESSAGE_QUEUE", "KLANTWIJS_PUBLIC_URL",
                     "KLANTWIJS_TRUSTED_PROXIES"):
            self.env.pop(name, None)
        self.env.update(extra_env or {})
        self.process: subprocess.Popen | None = None
        self.log_path = self.data_dir / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def flask(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
        """Run `flask --app wsgi ...` against the same data dir."""
        return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=self.env,
                              capture_output=True, text=True, input=input, timeout=120)

    def start(self, timeout: float = 60) -> "ServerProcess":
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env=self.env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}: {self.output()}")
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server did not answer within {timeout}s: {self.output()}")

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def request(self, method: str, path: str, body=None, token: str | None = None):
        """(status, parsed JSON or text) of one HTTP request."""
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if data else {}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                status, raw, kind = response.status, response.read(), response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            status, raw, kind = error.code, error.read(), error.headers.get_content_type()
        return status, (json.loads(raw) if kind == "application/json" else raw.decode("utf-8", "replace"))

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        if getattr(self, "log", None):
            self.log.close()

    def kill(self) -> None:
        """SIGKILL: no chance to flush or clean up, as in a crash."""
        self.stop(signal.SIGKILL)


def setup_trainer(server: ServerProcess, email: str = "trainer@woonstad.example",
                  organisation: str = "Woonstad Voorbeeld") -> str:
    """Create a trainer (password geheim-123) through the real CLI commands and return a fresh API token.

    `flask trainer create` and `flask trainer token` run here, in this process, on an app with the server's settings
    and database: as two processes they cost seconds of CPU per server. tests/test_startup_and_cli.py and
    tests/test_backup_deploy.py run the CLI as a process."""
    from workshop import create_app
    from workshop.models import db

    saved = {name: value for name, value in os.environ.items() if name.startswith("KLANTWIJS_")}
    for name in saved:
        del os.environ[name]
    os.environ.update({name: value for name, value in server.env.items()
                       if name.startswith("KLANTWIJS_") and name != "KLANTWIJS_MESSAGE_QUEUE"})
    try:
        app = create_app({"TESTING": True, "ASYNC_MODE": "threading"})
    finally:
        for name in [name for name in os.environ if name.startswith("KLANTWIJS_")]:
            del os.environ[name]
        os.environ.update(saved)
    try:
        cli = app.test_cli_runner()
        created = cli.invoke(args=["trainer", "create", email, "--organisation", organisation,
                                   "--password", "geheim-123"])
        assert created.exit_code == 0, created.output
        issued = cli.invoke(args=["trainer", "token", email])
        assert issued.exit_code == 0, issued.output
        return issued.stdout.strip().splitlines()[-1]
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
