"""Request bodies as strict JSON: what the database cannot hold is refused when the body is read.

Flask reads every JSON body through the app's JSON provider. This one refuses (as malformed JSON, so routes answer
400 `bad_json`) a body nested deeper than the parser's stack allows (RecursionError), integers outside SQLite's
64-bit range (OverflowError in a query otherwise) and strings holding lone surrogates ("\\ud800"), which no
database encoding accepts. Answers are written as before. `SocketJSON` does the same job for Socket.IO packets.
"""
from __future__ import annotations

import json
import re

from flask.json.provider import DefaultJSONProvider

from workshop.text import has_lone_surrogate

INT_LIMIT = 2**63 - 1


def _bounded_int(text: str) -> int:
    if len(text) > 20:
        raise ValueError("integer out of range")
    value = int(text)
    if not -INT_LIMIT <= value <= INT_LIMIT:
        raise ValueError("integer out of range")
    return value


def _check_strings(value, depth: int = 0) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if has_lone_surrogate(item):
                raise ValueError("lone surrogate in JSON string")
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def strict_loads(text, **kwargs):
    """json.loads that raises ValueError (never RecursionError or a value the database refuses)."""
    if isinstance(text, (bytes, bytearray)):
        text = text.decode("utf-8")
    try:
        value = json.loads(text, parse_int=_bounded_int, **kwargs)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    _check_strings(value)
    return value


class StrictJSONProvider(DefaultJSONProvider):
    sort_keys = False

    def loads(self, s, **kwargs):
        return strict_loads(s, **kwargs)


class SocketJSON:
    """The JSON module of the Socket.IO server (packets). A packet nested deeper than the parser's stack allows
    would crash the packet decoder with a RecursionError and a traceback, and an integer of more than 4,300 digits
    with a ValueError; instead its event gets `None` as payload, which the handler answers with `invalid`."""

    @staticmethod
    def dumps(*args, **kwargs):
        return json.dumps(*args, **kwargs)

    @staticmethod
    def loads(text, *args, **kwargs):
        try:
            return json.loads(text, *args, **kwargs)
        except (RecursionError, ValueError):  # too deep, or an integer of thousands of digits: the event's
            head = _EVENT_HEAD.match(text) if isinstance(text, str) else None  # payload becomes None: `invalid`
            return [json.loads(head.group(1)), None] if head else None


_EVENT_HEAD = re.compile(r'\[\s*("(?:[^"\\]|\\.){1,100}")\s*,')
