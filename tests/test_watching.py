"""Watching it: /healthz names the database and the message queue, /metrics answers Prometheus text to the holder of
KLANTWIJS_METRICS_TOKEN only, and KLANTWIJS_LOG_FORMAT=json writes one JSON object per line, each record once."""
from __future__ import annotations

import io
import json
import logging
import re

from flask_migrate import upgrade

from tests import factories
from tests.server import free_port
from workshop import create_app, logs
from workshop.version import version

TOKEN = "metrics-" + "m" * 40


def test_healthz_names_database_queue_and_version(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "message_queue": "none", "version": version()}
    assert re.fullmatch(r"\d+\.\d+\.\d+", version())


def test_healthz_is_503_when_the_database_does_not_answer(tmp_path, monkeypatch):
    monkeypatch.setenv("KLANTWIJS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KLANTWIJS_MESSAGE_QUEUE", raising=False)
    app = create_app({"TESTING": True, "ASYNC_MODE": "threading",
                      "SQLALCHEMY_DATABASE_URI": f"postgresql+psycopg://klantwijs@127.0.0.1:{free_port()}/kw"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "down" and response.get_json()["status"] == "unavailable"


def value(text: str, sample: str) -> float:
    match = re.search(rf"^{re.escape(sample)} (\S+)$", text, re.MULTILINE)
    assert match, f"{sample} not in the scrape"
    return float(match.group(1))


def test_metrics_need_the_token_and_count_what_happens(app, client, trainer, socket_user):
    assert client.get("/metrics").status_code == 404  # no token configured: the route does not exist
    app.config["METRICS_TOKEN"] = TOKEN
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    before = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).get_data(as_text=True)

    code = factories.make_workshop(app, trainer)
    factories.control(app, code, action="goto", index=1)
    factories.control(app, code, action="open")
    phones = [socket_user() for _ in range(3)]
    for phone in phones:
        assert phone.join(code)["ok"]
    for phone, option in zip(phones, "aab"):
        assert phone.emit("vote", {"option": option})["ok"]
    assert phones[0].emit("vote", {"option": "zz"})["ok"] is False
    phones[0].wait_for("presence", lambda presence: presence["participants"] == 3)

    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    assert value(text, 'klantwijs_connected_clients{role="participant"}') == 3
    assert value(text, "klantwijs_live_workshops") == 1
    assert value(text, 'klantwijs_info{version="%s"}' % version()) == 1
    ok_votes = 'klantwijs_acknowledged_events_total{event="vote",outcome="ok"}'
    assert value(text, ok_votes) - (value(before, ok_votes) if ok_votes in before else 0) == 3
    assert 'klantwijs_acknowledged_events_total{event="vote",outcome="error"}' in text
    assert 'klantwijs_ack_seconds_bucket{event="vote",le="0.5"}' in text
    assert value(text, 'klantwijs_broadcast_messages_total{kind="presence"}') >= 1
    assert value(text, 'klantwijs_heavy_jobs{place="process",state="waiting"}') == 0
    assert "klantwijs_message_queue_up NaN" in text  # no message queue configured


def test_json_log_lines_carry_time_level_logger_message_and_the_exception(tmp_path, monkeypatch):
    monkeypatch.setenv("KLANTWIJS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KLANTWIJS_LOG_FORMAT", "json")
    for name in ("KLANTWIJS_DATABASE_URL", "KLANTWIJS_SECRET_KEY", "KLANTWIJS_MESSAGE_QUEUE"):
        monkeypatch.delenv(name, raising=False)
    app = create_app({"ASYNC_MODE": "threading"})
    with app.app_context():
        upgrade()
    stream = io.StringIO()
    logs.configure(app, stream)
    root = logging.getLogger()
    try:

        @app.get("/boom")
        def boom():
            raise RuntimeError("kapot")

        assert app.test_client().get("/boom").status_code == 500
        lines = [json.loads(line) for line in stream.getvalue().splitlines()]
        errors = [line for line in lines if line["level"] == "ERROR"]
        assert len(errors) == 1, lines  # logged once, not by Flask's handler as well
        error = errors[0]
        assert error["logger"] == "workshop.error_pages" and "/boom" in error["message"]
        assert "RuntimeError: kapot" in error["exception"]
        assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", error["time"])
    finally:
        for handler in [h for h in root.handlers if isinstance(h, logs.KlantwijsHandler)]:
            root.removeHandler(handler)
