"""Figures for Prometheus: `GET /metrics` with `Authorization: Bearer <KLANTWIJS_METRICS_TOKEN>` (404 without).

Each server process answers for itself (scrape every process on its own port: deploy/prometheus.yml). Counters
and the ack-latency histogram are counted as events happen (`acknowledged`, `broadcast_sent`); the gauges
(connected clients, live workshops, heavy jobs, message queue) are read when Prometheus asks. prometheus_client
keeps its numbers behind ordinary locks, which are green under eventlet and gevent: it works in every async mode.
"""
from __future__ import annotations

import hmac

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, ProcessCollector, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

REGISTRY = CollectorRegistry()
ProcessCollector(registry=REGISTRY)  # memory, CPU seconds, open files of this process

ACKS = Counter("klantwijs_acknowledged_events", "Socket.IO events answered, by event and outcome",
               ["event", "outcome"], registry=REGISTRY)
ACK_SECONDS = Histogram("klantwijs_ack_seconds", "Seconds from receiving a Socket.IO event to its acknowledgement",
                        ["event"], registry=REGISTRY,
                        buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0))
BROADCASTS = Counter("klantwijs_broadcast_messages", "Messages sent to a room of clients, by kind", ["kind"],
                     registry=REGISTRY)
CLIENTS = Gauge("klantwijs_connected_clients", "Clients connected to this process, by role", ["role"],
                registry=REGISTRY)
LIVE_WORKSHOPS = Gauge("klantwijs_live_workshops", "Workshops that are live (all processes: from the database)",
                       registry=REGISTRY)
HEAVY_JOBS = Gauge("klantwijs_heavy_jobs", "Heavy jobs (PDF, exports, password hashes) of this process",
                   ["place", "state"], registry=REGISTRY)
QUEUE_UP = Gauge("klantwijs_message_queue_up", "1 while the message queue answers, 0 while it is down "
                 "(NaN without a message queue)", registry=REGISTRY)
INFO = Gauge("klantwijs_info", "The running version", ["version"], registry=REGISTRY)


_ack_children: dict[tuple[str, bool], tuple] = {}  # (event, ok) -> its counter and histogram, looked up once


def acknowledged(event: str, ok: bool, seconds: float) -> None:
    """Counted for every Socket.IO ack (a burst of 1,000 votes: 1,000 calls), so each label's child is looked up
    once, not per call."""
    children = _ack_children.get((event, ok))
    if children is None:
        children = _ack_children[(event, ok)] = (ACKS.labels(event, "ok" if ok else "error"),
                                                 ACK_SECONDS.labels(event))
    children[0].inc()
    children[1].observe(seconds)


def broadcast_sent(kind: str) -> None:
    BROADCASTS.labels(kind).inc()


def allowed(configured: str | None, authorization: str | None) -> bool:
    if not configured or not authorization or not authorization.startswith("Bearer "):
        return False
    return hmac.compare_digest(authorization.removeprefix("Bearer ").encode(), configured.encode())


def clients_by_role(rooms: dict) -> dict[str, int]:
    """Phones are in `w:` rooms, control pages in `c:` rooms, and projectors and control pages in `s:` rooms."""
    counts = {"w": 0, "s": 0, "c": 0}
    for name, members in list(rooms.items()):
        if isinstance(name, str) and name[:2] in ("w:", "s:", "c:"):
            counts[name[0]] += len(members)
    return {"participant": counts["w"], "projector": max(0, counts["s"] - counts["c"]), "control": counts["c"]}


def render(*, rooms: dict, live_workshops: int, heavy: dict, queue_up: bool | None, version: str) -> tuple[bytes, str]:
    """The Prometheus text of this process, with the gauges set from what the caller read just now."""
    for role, count in clients_by_role(rooms).items():
        CLIENTS.labels(role).set(count)
    LIVE_WORKSHOPS.set(live_workshops)
    for place, (running, waiting) in heavy.items():
        HEAVY_JOBS.labels(place, "running").set(running)
        HEAVY_JOBS.labels(place, "waiting").set(waiting)
    if queue_up is None:
        QUEUE_UP.set(float("nan"))
    else:
        QUEUE_UP.set(1 if queue_up else 0)
    INFO.labels(version).set(1)
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
