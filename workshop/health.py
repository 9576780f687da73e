"""What `/healthz` and `/metrics` answer: read here, routed in participant/routes.py."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from workshop import metrics, offload
from workshop.message_queue import queue_state
from workshop.models import Workshop, db
from workshop.version import version


def health() -> tuple[dict, int]:
    """200 while the database answers ("degraded" when a configured message queue is down), else 503."""
    queue = queue_state(current_app)
    try:
        db.session.execute(db.text("SELECT 1"))
        database = "ok"
    except Exception:  # the database does not answer: say so, without a stack trace
        db.session.rollback()
        database = "down"
    if database != "ok":
        status, code = "unavailable", 503
    else:
        status, code = ("degraded" if queue == "down" else "ok"), 200
    return {"status": status, "database": database, "message_queue": queue, "version": version()}, code


def metrics_text() -> tuple[bytes, str]:
    queue = queue_state(current_app)
    try:
        live = db.session.execute(select(func.count()).select_from(Workshop).where(Workshop.status == "live")).scalar()
    except Exception:
        db.session.rollback()
        live = float("nan")
    rooms = current_app.extensions["socketio"].server.manager.rooms.get("/", {})
    return metrics.render(rooms=rooms, live_workshops=live, heavy=offload.load(),
                          queue_up=None if queue == "none" else queue == "ok", version=version())
