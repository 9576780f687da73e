"""docs/protocol.md documents every Socket.IO event and every /api/ route the code has (datasette-style)."""
from __future__ import annotations

import re
from pathlib import Path

from workshop.errors import MESSAGES
from workshop.extensions import socketio

DOC = (Path(__file__).resolve().parent.parent / "docs" / "protocol.md").read_text(encoding="utf-8")
SERVER_MESSAGES = ("state", "tips", "tally", "presence", "moderation")
ERROR_CODES = tuple(MESSAGES)  # every code the engine can answer, read from the code



def test_every_socket_event_is_documented(app):
    events = {handler[0] for handler in socketio.handlers} - {"connect", "disconnect"}
    assert events >= {"join", "tip", "upvote", "vote", "screen"}
    for event in events:
        assert f"| `{event}` |" in DOC, f"Socket.IO event {event!r} is missing from docs/protocol.md"


def test_every_api_route_is_documented(app):
    routes = [r for r in app.url_map.iter_rules() if r.rule.startswith("/api/")]
    assert len(routes) >= 5
    for rule in routes:
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            pattern = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"<\1>", rule.rule)
            assert f"`{method} {pattern}" in DOC, f"{method} {rule.rule} is missing from docs/protocol.md"


def test_server_messages_and_error_codes_are_documented():
    for message in SERVER_MESSAGES:
        assert f"| `{message}` |" in DOC, message
    for code in ERROR_CODES:
        assert f"`{code}`" in DOC, code
