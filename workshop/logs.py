"""Logging for `python wsgi.py` and the CLI: one handler on the root logger, text (default) or JSON lines.

KLANTWIJS_LOG_FORMAT=json writes one JSON object per line with `time`, `level`, `logger`, `message` (and
`exception` with the traceback for errors), for a log collector. Every record is written once: Flask's own handler on
the app's logger is removed (it printed every error a second time through the root logger), and the migrations'
logging set-up keeps this handler (workshop/migrations/env.py).
"""
from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone

from flask.logging import default_handler

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": datetime.fromtimestamp(record.created, tz=timezone.utc).isoformat(timespec="milliseconds"),
                 "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


class KlantwijsHandler(logging.StreamHandler):
    """Marks the handler this module installed, so a second create_app replaces it instead of adding another."""


def configure(app, stream=None) -> None:
    handler = KlantwijsHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if app.config.get("LOG_FORMAT") == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, KlantwijsHandler)]:
        root.removeHandler(old)
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    for quiet in ("werkzeug", "engineio", "socketio", "alembic.runtime.migration"):
        logging.getLogger(quiet).setLevel(logging.WARNING)
    app.logger.removeHandler(default_handler)  # the root handler writes the app's records: once
