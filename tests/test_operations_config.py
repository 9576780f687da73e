"""Operations settings: the async mode is one of three, and KLANTWIJS_TRUSTED_PROXIES decides whether a proxy's
X-Forwarded-* headers are believed (never a header from an untrusted client)."""
from __future__ import annotations

import pytest
from flask_migrate import upgrade

from tests import factories
from workshop import create_app
from workshop.config import load_settings

FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "training.example.nl", "X-Forwarded-Port": "443",
             "X-Forwarded-For": "203.0.113.9"}


def test_async_modes_and_a_clear_error_for_anything_else(tmp_path):
    for mode in ("eventlet", "gevent", "threading"):
        assert load_settings({"KLANTWIJS_DATA_DIR": str(tmp_path), "KLANTWIJS_ASYNC_MODE": mode})["ASYNC_MODE"] == mode
    with pytest.raises(ValueError, match="KLANTWIJS_ASYNC_MODE='asyncio': choose one of eventlet, gevent, threading"):
        load_settings({"KLANTWIJS_DATA_DIR": str(tmp_path), "KLANTWIJS_ASYNC_MODE": "asyncio"})
    with pytest.raises(ValueError, match="KLANTWIJS_TRUSTED_PROXIES"):
        load_settings({"KLANTWIJS_DATA_DIR": str(tmp_path), "KLANTWIJS_TRUSTED_PROXIES": "nginx"})


def join_url_behind_proxy(tmp_path, monkeypatch, proxies: str) -> str:
    monkeypatch.setenv("KLANTWIJS_DATA_DIR", str(tmp_path / proxies))
    monkeypatch.setenv("KLANTWIJS_TRUSTED_PROXIES", proxies)
    for name in ("KLANTWIJS_DATABASE_URL", "KLANTWIJS_PUBLIC_URL", "KLANTWIJS_MESSAGE_QUEUE"):
        monkeypatch.delenv(name, raising=False)
    app = create_app({"TESTING": True, "ASYNC_MODE": "threading"})
    with app.app_context():
        upgrade()
    trainer = factories.make_trainer(app)
    response = app.test_client().post("/api/v1/workshops", json={"title": "Achter nginx",
                                                                 "exercises": [factories.TIPS_EXERCISE]},
                                      headers={"Authorization": f"Bearer {trainer.token}", **FORWARDED})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["join_url"]


def test_forwarded_headers_count_only_from_trusted_proxies(tmp_path, monkeypatch):
    assert join_url_behind_proxy(tmp_path, monkeypatch, "0").startswith("http://localhost/j/")
    assert join_url_behind_proxy(tmp_path, monkeypatch, "1").startswith("https://training.example.nl/j/")
