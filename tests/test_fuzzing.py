"""Property-based fuzzing (hypothesis): every Socket.IO event and every JSON body of the API, with any JSON value,
hostile strings (lone surrogates, controls, format characters) and huge integers. Never `server_error`, never a
500, nothing logged as a crash, and the server answers /healthz afterwards.

The events and routes are read from the running app, so a new event or route is fuzzed without editing this file.
"""
from __future__ import annotations

import json
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories
from workshop.extensions import socketio

FIELDS = ["code", "token", "name", "text", "tip_id", "tip_ids", "on", "option", "key", "client_id", "action",
          "index", "visible", "title", "exercises", "shared", "items", "value", "seconds", "step", "tag", "language"]
HOSTILE_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40) | st.sampled_from(
    ["\ud800", "a\udfffb", "\x00\x1b[31m", "\u200b", "\u202e", "=HYPERLINK(\"x\")", "<script>alert(1)</script>",
     "K7QM2X", "fris-blijven", "goto", "hide_tip", "a" * 300, "1e309"])
SCALARS = (st.none() | st.booleans() | st.integers() | st.integers(min_value=2**62, max_value=2**200)
           | st.floats(allow_nan=False) | HOSTILE_TEXT)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(FIELDS) | HOSTILE_TEXT, inner, max_size=4), max_leaves=12)
PAYLOADS = VALUES | st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=5)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def socket_events() -> list[str]:
    return sorted(name for name in socketio.server.handlers["/"] if name not in ("connect", "disconnect"))


def json_routes(app, code: str) -> list[str]:
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and rule.methods & {"POST", "PUT"} and "import" not in rule.rule:
            routes.append(rule.rule.replace("<code>", code).replace("<id>", "fris-blijven"))
    return sorted(routes)


@pytest.fixture
def live(app, client, auth, trainer, caplog):
    """A live workshop with an open tips exercise, a logged-in control page socket and a phone."""
    code = factories.make_workshop(app, trainer)
    factories.control(app, code, action="goto", index=0)
    factories.control(app, code, action="open")
    auth.login()
    caplog.set_level(logging.ERROR)
    return code


def assert_no_crash(caplog) -> None:
    crashes = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert crashes == [], crashes[0].getMessage() if crashes else ""


def test_every_event_is_fuzzed(app):
    assert {"join", "tip", "word", "upvote", "vote", "rate", "order", "screen", "control"} <= set(socket_events())


@FUZZ
@given(event=st.sampled_from(["join", "tip", "word", "upvote", "vote", "rate", "order", "screen", "control"]),
       payload=PAYLOADS,
       extra=st.lists(VALUES, max_size=2))
def test_socket_events_never_crash(app, client, live, socket_user, caplog, event, payload, extra):
    phone = socket_user(client)
    phone.join(live)
    ack = phone.client.emit(event, payload, *extra, callback=True)
    assert isinstance(ack, dict) and isinstance(ack.get("ok"), bool)
    assert ack.get("error") != "server_error", ack
    phone.disconnect()
    assert_no_crash(caplog)
    assert client.get("/healthz").status_code == 200


@FUZZ
@given(payload=PAYLOADS, which=st.integers(min_value=0))
def test_every_socket_event_with_any_payload(app, client, live, socket_user, caplog, payload, which):
    events = socket_events()
    phone = socket_user(client)
    ack = phone.emit(events[which % len(events)], payload)
    assert isinstance(ack, dict) and ack.get("error") != "server_error", ack
    phone.disconnect()
    assert_no_crash(caplog)


@FUZZ
@given(body=PAYLOADS, which=st.integers(min_value=0), raw=st.booleans())
def test_json_api_bodies_never_crash(app, client, api, live, caplog, body, which, raw):
    routes = json_routes(app, live)
    path = routes[which % len(routes)]
    data = json.dumps(body) if raw else json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass")
    response = client.post(path, data=data, headers=api.headers | {"Content-Type": "application/json"})
    assert response.status_code < 500, (path, body, response.get_data(as_text=True)[:300])
    assert response.is_json and "error" in response.get_json() or response.status_code < 400
    assert_no_crash(caplog)
    assert client.get("/healthz").status_code == 200


def test_the_json_routes_are_found(app, live):
    routes = json_routes(app, live)
    assert f"/api/v1/workshops/{live}/control" in routes and "/api/v1/archive/curate" in routes


@FUZZ
@given(query=st.dictionaries(st.sampled_from(["q", "prompt", "from", "to", "limit", "offset", "sort", "page"]),
                             st.text(max_size=30), max_size=4))
def test_archive_queries_never_crash(app, client, api, live, caplog, query):
    for path in ("/api/v1/archive", "/api/v1/archive/export.csv", "/facilitator/archive"):
        response = client.get(path, query_string=query, headers=api.headers if "/api/" in path else {})
        assert response.status_code < 500, (path, query)
    assert_no_crash(caplog)
