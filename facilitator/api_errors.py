"""The one way every /api/v1 blueprint answers an error: `{"error": code, "message": text}` with the code's status.

Register it on a blueprint with `register(blueprint)`; read a JSON body with `json_object()` and a paging argument
with `page_argument(...)`, so that every route refuses bad input with the same code and status.
"""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from workshop.errors import EngineError, http_status
from workshop.models import db
from workshop.numbers import parse_whole


def answer(error: EngineError):
    db.session.rollback()
    return jsonify(error.as_dict()), http_status(error.code)


def register(blueprint: Blueprint) -> None:
    blueprint.register_error_handler(EngineError, answer)


def json_object() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise EngineError("bad_json")
    return body


def page_argument(name: str, default: int | None, maximum: int) -> int | None:
    """A paging argument of the query string (`limit`, `offset`): absent or empty is `default`; anything but a whole
    number from 0 to `maximum` is `invalid`."""
    text = request.args.get(name)
    if text is None or text == "":
        return default
    value = parse_whole(text, maximum)
    if value is None:
        raise EngineError("invalid")
    return value
