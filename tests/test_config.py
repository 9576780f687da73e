"""Configuration exactly as the contract: KLANTWIJS_* variables, defaults, and a secret key that survives restarts."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from workshop import create_app
from workshop.config import SETTINGS, load_settings

ROOT = Path(__file__).resolve().parent.parent


def test_defaults_follow_the_contract(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings({})
    assert settings["DATA_DIR"] == str(tmp_path / "instance")
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'instance' / 'klantwijs.db'}"
    assert (settings["HOST"], settings["PORT"]) == ("0.0.0.0", 5000)
    assert settings["PUBLIC_URL"] is None and settings["MESSAGE_QUEUE"] is None


def test_environment_overrides(tmp_path):
    settings = load_settings({
        "KLANTWIJS_DATA_DIR": str(tmp_path / "d"), "KLANTWIJS_DATABASE_URL": "postgresql+psycopg://u@h/db",
        "KLANTWIJS_SECRET_KEY": "s3cret" * 6, "KLANTWIJS_HOST": "127.0.0.1", "KLANTWIJS_PORT": "8080",
        "KLANTWIJS_PUBLIC_URL": "https://training.example.nl/", "KLANTWIJS_MESSAGE_QUEUE": "redis://127.0.0.1:6379/0"})
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert settings["SECRET_KEY"] == "s3cret" * 6 and settings["PORT"] == 8080 and settings["HOST"] == "127.0.0.1"
    assert settings["PUBLIC_URL"] == "https://training.example.nl"
    assert settings["MESSAGE_QUEUE"] == "redis://127.0.0.1:6379/0"
    assert not (tmp_path / "d" / "secret_key").exists()  # a given key is not replaced by a generated one


def test_secret_key_is_generated_once_kept_private_and_reused(tmp_path):
    first = load_settings({"KLANTWIJS_DATA_DIR": str(tmp_path)})["SECRET_KEY"]
    second = load_settings({"KLANTWIJS_DATA_DIR": str(tmp_path)})["SECRET_KEY"]
    assert first == second and len(first) >= 32
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600


def test_a_login_survives_a_restart(tmp_path, monkeypatch):
    """Same data dir, a new app (a restart): the session cookie of the first is still valid."""
    from flask_migrate import upgrade

    from tests import factories
    from tests.conftest import AuthActions
    monkeypatch.setenv("KLANTWIJS_DATA_DIR", str(tmp_path))
    first = create_app({"ASYNC_MODE": "threading"})
    with first.app_context():
        upgrade()
    factories.make_trainer(first)
    client = first.test_client()
    assert AuthActions(client).login().status_code == 302
    cookie = client.get_cookie("session")
    restarted = create_app({"ASYNC_MODE": "threading"})
    again = restarted.test_client()
    again.set_cookie("session", cookie.value)
    assert again.get("/facilitator/").status_code == 200


def test_every_setting_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"`{setting.name}`" in readme, setting.name
