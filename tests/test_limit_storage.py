"""While the Redis that the limits share does not answer, they count in the process's memory: unknown join codes
answer the 404 page (not a 500) and are still limited, and a trainer logs in."""
from __future__ import annotations

import re

import pytest
from flask_migrate import upgrade

from tests import factories
from tests.server import free_port
from workshop import create_app


@pytest.fixture
def app_without_redis(tmp_path, monkeypatch):
    monkeypatch.setenv("KLANTWIJS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KLANTWIJS_MESSAGE_QUEUE", f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    for name in ("KLANTWIJS_DATABASE_URL", "KLANTWIJS_SECRET_KEY", "KLANTWIJS_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    app = create_app({"TESTING": True, "ASYNC_MODE": "threading"})
    with app.app_context():
        upgrade()
    return app


def test_limits_count_in_memory_while_redis_is_down(app_without_redis):
    client = app_without_redis.test_client()
    assert app_without_redis.config["RATELIMIT_STORAGE_URI"].startswith("klantwijs+redis://")
    answers = [client.get("/j/ZZZZZZ").status_code for _ in range(21)]
    assert answers == [404] * 20 + [429]

    factories.make_trainer(app_without_redis)
    page = client.get("/facilitator/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/facilitator/login", data={"email": factories.TRAINER_EMAIL, "csrf_token": token,
                                                       "password": factories.TRAINER_PASSWORD})
    assert response.status_code == 302
    assert client.get("/healthz").get_json()["message_queue"] == "down"
