"""Start-up and the command line say what is wrong: the real `python wsgi.py` and `flask --app wsgi` as processes.

- Settings that cannot work (a placeholder or short secret, a public URL without scheme, an unknown async mode)
  stop the server with one clear line on stderr, no traceback, a non-zero exit.
- A configured Redis that does not answer is a warning at start; the server runs, /healthz says degraded.
- A command against a data dir without a database exits non-zero, names the data dir and how to set it up, and
  creates no database; after `db upgrade` the same command works, and `trainer token` prints the token alone.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.server import ROOT, ServerProcess, free_port

BAD_SETTINGS = [
    ({"KLANTWIJS_SECRET_KEY": "CHANGE-ME"}, "KLANTWIJS_SECRET_KEY is still the example's placeholder"),
    ({"KLANTWIJS_SECRET_KEY": "kort-geheim"}, "KLANTWIJS_SECRET_KEY has 11 characters; use at least 32"),
    ({"KLANTWIJS_PUBLIC_URL": "training.example.nl"}, "KLANTWIJS_PUBLIC_URL='training.example.nl' needs its scheme"),
    ({"KLANTWIJS_ASYNC_MODE": "asyncio"}, "KLANTWIJS_ASYNC_MODE='asyncio': choose one of eventlet, gevent, threading"),
]


@pytest.mark.parametrize(("settings", "line"), BAD_SETTINGS, ids=["placeholder", "short", "scheme", "mode"])
def test_a_setting_that_cannot_work_stops_the_server_with_one_line(tmp_path, settings, line):
    server = ServerProcess(tmp_path / "data", extra_env=settings)
    started = subprocess.run([sys.executable, "wsgi.py"], cwd=ROOT, env=server.env, capture_output=True, text=True,
                             timeout=120)
    assert started.returncode != 0
    lines = started.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Klantwijs start niet: {line}")
    assert "Traceback" not in started.stderr + started.stdout
    assert not (tmp_path / "data" / "klantwijs.db").exists()


@pytest.mark.services  # a real server that runs: `make test`, not `make check`
def test_an_unreachable_redis_is_a_warning_and_the_server_runs_degraded(tmp_path):
    server = ServerProcess(tmp_path / "data", extra_env={"KLANTWIJS_MESSAGE_QUEUE": f"redis://127.0.0.1:{free_port()}/0"})
    try:
        server.start()
        status, body = server.request("GET", "/healthz")
        assert status == 200 and body["status"] == "degraded" and body["message_queue"] == "down"
        assert body["database"] == "ok"
        assert "KLANTWIJS_MESSAGE_QUEUE does not answer" in server.output()
    finally:
        server.stop()


def test_the_cli_never_creates_an_empty_database_and_says_how_to_set_up(tmp_path):
    data = tmp_path / "elders"
    cli = ServerProcess(data)
    refused = cli.flask("trainer", "create", "anna@corporatie.example", "--organisation", "Woonstad",
                        "--password", "geheim-123")
    assert refused.returncode != 0
    assert str(data) in refused.stderr and "db upgrade" in refused.stderr and "KLANTWIJS_DATA_DIR" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not (data / "klantwijs.db").exists()
    assert cli.flask("retention", "run").returncode != 0
    assert not (data / "klantwijs.db").exists()

    assert cli.flask("db", "upgrade").returncode == 0
    assert cli.flask("trainer", "create", "anna@corporatie.example", "--organisation", "Woonstad",
                     "--password", "geheim-123").returncode == 0
    issued = cli.flask("trainer", "token", "anna@corporatie.example")
    assert issued.returncode == 0
    assert issued.stdout.count("\n") == 1 and issued.stdout.startswith("kw_")  # TOKEN=$(...) gets the token alone
    assert "anna@corporatie.example" in issued.stderr


def test_an_unreachable_database_url_is_named_without_its_password(tmp_path):
    cli = ServerProcess(tmp_path / "data", extra_env={
        "KLANTWIJS_DATABASE_URL": f"postgresql+psycopg://klantwijs:geheim@127.0.0.1:{free_port()}/klantwijs"})
    refused = cli.flask("trainer", "token", "anna@corporatie.example")
    assert refused.returncode != 0
    assert "postgresql+psycopg://klantwijs:***@127.0.0.1" in refused.stderr and "geheim" not in refused.stderr
    assert "Traceback" not in refused.stderr
