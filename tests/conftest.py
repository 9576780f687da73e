"""Shared fixtures: a real SQLite file per test, the app, HTTP and Socket.IO test clients, and action helpers.

The app runs in the `threading` async mode here: tests import create_app unpatched; the real eventlet server is
reached as a subprocess (see tests/server.py).
"""
from __future__ import annotations

import atexit
import dataclasses
import re
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

import pytest
from flask_migrate import upgrade

from tests import factories
from tests.e2e.clients import close_all
from workshop import create_app
from workshop.extensions import socketio

pytest_plugins = ["tests.services"]


def pytest_collection_modifyitems(items):
    """Tests that start a real PostgreSQL or Redis are marked `services`: `make check` leaves them to `make test`
    (as it leaves tests/e2e and tests/browser; the few other tests that start a running server carry the mark
    themselves)."""
    for item in items:
        if {"postgres_server", "redis_server"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.services)


def pytest_addoption(parser):
    parser.addoption("--screenshots", action="store_true", default=False,
                     help="render the README screenshots into docs/img/ (make screenshots)")


OUTSIDE_SETTINGS = ("KLANTWIJS_DATABASE_URL", "KLANTWIJS_SECRET_KEY", "KLANTWIJS_PUBLIC_URL", "KLANTWIJS_MESSAGE_QUEUE")


def _test_app(data_dir, monkeypatch):
    monkeypatch.setenv("KLANTWIJS_DATA_DIR", str(data_dir))
    for name in OUTSIDE_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    return create_app({"TESTING": True, "ASYNC_MODE": "threading"})


def migrating_app(data_dir, monkeypatch):
    """An app whose database in `data_dir` this call migrates: every migration, from an empty file."""
    app = _test_app(data_dir, monkeypatch)
    with app.app_context():
        upgrade()
    return app


class Templates:
    """SQLite files made once per test process (each xdist worker makes its own) that new_app copies into a test's
    data dir: `empty` is migrated to the head (instead of every test running every migration: the migration tests,
    tests/test_migrations.py and tests/test_socket_binding.py, still migrate step by step), `with_trainer` holds
    the `trainer` fixture's trainer too (its password hash alone costs a tenth of a second)."""
    folder: Path | None = None
    trainer: factories.TrainerInfo | None = None

    @classmethod
    def _save(cls, app, name: str) -> Path:
        """The app's database as one self-contained file: the backup API copies every committed page, the
        write-ahead log's included."""
        close_app(app)
        template = cls.folder / f"{name}.db"
        with sqlite3.connect(Path(app.config["DATA_DIR"]) / "klantwijs.db") as source, \
                sqlite3.connect(template) as copy:
            source.backup(copy)
        source.close()
        copy.close()
        return template

    @classmethod
    def path(cls, with_trainer: bool = False) -> Path:
        if cls.folder is None:
            folder = Path(tempfile.mkdtemp(prefix="klantwijs-templates-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            mp = pytest.MonkeyPatch()
            try:
                cls.folder = folder
                cls._save(migrating_app(folder / "empty", mp), "empty")
                app = new_app(folder / "with-trainer", mp)
                trainer = factories.make_trainer(app)
                cls._save(app, "with_trainer")
                cls.trainer = trainer
            except BaseException:
                cls.folder = None
                raise
            finally:
                mp.undo()
        return cls.folder / ("with_trainer.db" if with_trainer else "empty.db")


def new_app(data_dir, monkeypatch, with_trainer: bool = False):
    """An app on a fresh, migrated SQLite database of its own in `data_dir` (no outside settings); with_trainer:
    the database holds Templates.trainer (the `trainer` fixture's)."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Templates.path(with_trainer), data_dir / "klantwijs.db")
    return _test_app(data_dir, monkeypatch)


def close_app(app) -> None:
    with app.app_context():
        from workshop.models import db
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(request, tmp_path, monkeypatch):
    """The app on a database of its own; a test that uses the `trainer` fixture gets a copy that holds the trainer."""
    app = new_app(tmp_path / "data", monkeypatch, with_trainer="trainer" in request.fixturenames)
    if "trainer" in request.fixturenames:
        app.extensions["test_trainer"] = dataclasses.replace(Templates.trainer)
    yield app
    close_app(app)


@pytest.fixture
def clients():
    """Real Socket.IO clients (tests/e2e/clients.py) a test opens and appends here; all closed at its end."""
    made = []
    yield made
    close_all(made)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def trainer(app):
    """A trainer of 'Woonstad Voorbeeld' with an API token: factories.TrainerInfo (made by factories.make_trainer,
    once per test process; see Templates)."""
    return app.extensions.get("test_trainer") or factories.make_trainer(app)


@pytest.fixture
def api(client, trainer):
    return ApiActions(client, trainer.token)


class ApiActions:
    """The REST API as a trainer's script uses it (bearer token)."""

    def __init__(self, client, token: str):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path: str):
        return self.client.get(f"/api/v1{path}", headers=self.headers)

    def post(self, path: str, body=None, **kwargs):
        return self.client.post(f"/api/v1{path}", json=body, headers=self.headers, **kwargs)

    def create_workshop(self, exercises: list[str], title: str = "Lastige boodschappen brengen") -> dict:
        response = self.post("/workshops", {"title": title, "exercises": exercises})
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def control(self, code: str, **action):
        response = self.post(f"/workshops/{code}/control", action)
        assert response.status_code == 200, response.get_json()
        return response.get_json()


CSRF_PATTERNS = (r'name="csrf_token"[^>]*value="([^"]+)"', r'name="csrf-token"[^>]*content="([^"]+)"')


class AuthActions:
    """Logging in and out through the real forms, CSRF token included."""

    def __init__(self, client):
        self.client = client

    def csrf_token(self, path: str = "/facilitator/login") -> str:
        page = self.client.get(path).get_data(as_text=True)
        for pattern in CSRF_PATTERNS:
            found = re.search(pattern, page)
            if found:
                return found.group(1)
        raise AssertionError(f"no CSRF token on {path}")

    def login(self, email: str = factories.TRAINER_EMAIL, password: str = factories.TRAINER_PASSWORD):
        token = self.csrf_token()
        return self.client.post("/facilitator/login",
                                data={"email": email, "password": password, "csrf_token": token})

    def logout(self):
        token = self.csrf_token("/facilitator/")
        return self.client.post("/facilitator/logout", data={"csrf_token": token})


@pytest.fixture
def auth(client):
    return AuthActions(client)


class SocketUser:
    """A Socket.IO test client that keeps every message it received and can wait for a broadcast."""

    def __init__(self, app, flask_client=None):
        self.client = socketio.test_client(app, flask_test_client=flask_client)
        self.received: list[dict] = []

    def emit(self, event: str, payload=None) -> dict:
        return self.client.emit(event, payload, callback=True)

    def join(self, code: str, token=None, name=None) -> dict:
        return self.emit("join", {"code": code, "token": token, "name": name})

    def _collect(self) -> None:
        self.received += self.client.get_received()

    def messages(self, event: str) -> list:
        self._collect()
        return [m["args"][0] for m in self.received if m["name"] == event]

    def wait_for(self, event: str, predicate=lambda message: True, timeout: float = 5.0):
        """The newest `event` message satisfying predicate, waiting for the broadcaster's flush."""
        deadline = time.monotonic() + timeout
        while True:
            matching = [m for m in self.messages(event) if predicate(m)]
            if matching:
                return matching[-1]
            if time.monotonic() > deadline:
                raise AssertionError(f"no {event!r} message matching within {timeout}s; got {self.messages(event)}")
            time.sleep(0.02)

    def disconnect(self) -> None:
        if self.client.is_connected():
            self.client.disconnect()


@pytest.fixture
def socket_user(app):
    """A factory: socket_user() is a new phone (or projector) connected to the app."""
    users = []

    def make(flask_client=None) -> SocketUser:
        user = SocketUser(app, flask_client)
        users.append(user)
        return user
    yield make
    for user in users:
        user.disconnect()
