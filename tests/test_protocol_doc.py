"""docs/protocol.md documents every Socket.IO event and every /api/ route the code has (datasette-style)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from workshop import broadcast
from workshop.errors import MESSAGES
from workshop.extensions import socketio

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")
ERROR_CODES = tuple(MESSAGES)  # every code the engine can answer, read from the code


def emitted_event_names() -> set[str]:
    """Every message name the one emitting module sends: its routed kinds and each literal `.emit("name", ...)`."""
    tree = ast.parse(Path(broadcast.__file__).read_text(encoding="utf-8"))
    literal = {node.args[0].value for node in ast.walk(tree)
               if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "emit"
               and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)}
    return literal | set(broadcast.ROUTES)


SERVER_MESSAGES = tuple(sorted(emitted_event_names()))


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


def test_no_module_but_the_broadcaster_emits():
    for path in [*ROOT.glob("workshop/**/*.py"), *ROOT.glob("participant/**/*.py"), *ROOT.glob("facilitator/**/*.py"),
                 *ROOT.glob("exercises/**/*.py")]:
        if path.name == "broadcast.py" and path.parent.name == "workshop":
            continue
        assert ".emit(" not in path.read_text(encoding="utf-8"), f"{path.relative_to(ROOT)} emits to clients"


def test_server_messages_and_error_codes_are_documented():
    assert {"state", "tips", "tally", "presence", "moderation", "cloud", "blank", "session_ended"} <= set(
        SERVER_MESSAGES)
    for message in SERVER_MESSAGES:
        assert f"| `{message}` |" in DOC, message
    for code in ERROR_CODES:
        assert f"`{code}`" in DOC, code
