"""The run around the back-office benchmarks' measurements (archive.py, insights.py): every size measured on its
own fresh server in one temporary directory, a live workshop with a phone in it (what a slow back office must not
hold up), the ratio of large to small, and the results file.

All traffic goes to 127.0.0.1.
"""
from __future__ import annotations

import datetime
import json
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import socketio
from run import BENCH_DIR, REPO_DIR


def each_size(prefix: str, sizes: list, heading, measure) -> list[dict]:
    """`measure(size, workdir)` for every size in turn, each in a folder of its own; `heading(size)` says on stderr
    which size is being measured, then its result follows there as JSON."""
    results = []
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        for number, size in enumerate(sizes):
            print(f"== {heading(size)}", file=sys.stderr, flush=True)
            results.append(measure(size, Path(tmp) / str(number)))
            print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    return results


def ratio(small: dict, large: dict, metric: str) -> str:
    """The large size's figure over the small one's, e.g. `1.35x` (`infx` when the small one is 0)."""
    value = large[metric] / small[metric] if small[metric] else float("inf")
    return f"{value:.2f}x"


def write_results(name: str, results: list[dict]) -> Path:
    """bench/results/<name>-<stamp>.json with every size's figures."""
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    output = BENCH_DIR / "results" / f"{name}-{stamp}.json"
    output.parent.mkdir(exist_ok=True)
    output.write_text(json.dumps({"started": stamp, "results": results}, indent=2) + "\n")
    print(f"\nresults written to {output.relative_to(REPO_DIR)}", file=sys.stderr)
    return output


def open_workshop(client, title: str, exercise_id: str) -> str:
    """A new workshop of one exercise, at that exercise and open for answers; its code."""
    status, workshop = client.json("POST", "/api/v1/workshops", {"title": title, "exercises": [exercise_id]})
    if status != 201:
        raise RuntimeError(f"create workshop: {status} {workshop}")
    for action in ({"action": "goto", "index": 0}, {"action": "open"}):
        status, body = client.json("POST", f"/api/v1/workshops/{workshop['code']}/control", action)
        if status != 200:
            raise RuntimeError(f"control {action}: {status} {body}")
    return workshop["code"]


@contextmanager
def phone_in(base_url: str, code: str):
    """A phone (a real Socket.IO client) that has joined the workshop; it leaves at the end."""
    phone = socketio.Client()
    phone.connect(base_url, transports=["websocket"], wait_timeout=20)
    try:
        ack = phone.call("join", {"code": code, "token": None, "name": None}, timeout=20)
        if not ack.get("ok"):
            raise RuntimeError(f"join refused: {ack}")
        yield phone
    finally:
        phone.disconnect()
