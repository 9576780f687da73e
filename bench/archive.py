"""Archive at scale: the same requests against an archive of 1,000 and of 20,000 realistic tips, in one run.

For each size: a fresh `python wsgi.py`, the tips imported through POST /api/v1/archive/import (timed), then the
warm median of a word search (`/api/v1/archive?q=koffie&limit=50`), of the unfiltered first page
(`/api/v1/archive?limit=50`) and of the trainer's archive page (`/facilitator/archive`), and the first archive
request after a participant posted a new tip in a live workshop (median of several). Ratios are large / small.

    .venv/bin/python bench/archive.py [--sizes 1000,20000]
"""
from __future__ import annotations

import argparse
import datetime
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import socketio
from backoffice import import_tips, median_ms, realistic_tips, start_server, timed
from run import BENCH_DIR, REPO_DIR

NEW_TIP_ROUNDS = 7
METRICS = ("search_ms", "first_page_ms", "archive_page_ms", "after_new_tip_ms")
GOALS = {"search_ms": 2, "first_page_ms": 2, "archive_page_ms": 2, "after_new_tip_ms": 3}


def live_tips_workshop(client) -> tuple[str, str]:
    status, exercises = client.json("GET", "/api/v1/exercises")
    tips_id = next(e["id"] for e in exercises if e["kind"] == "tips")
    status, workshop = client.json("POST", "/api/v1/workshops", {"title": "Bench live", "exercises": [tips_id]})
    code = workshop["code"]
    for action in ({"action": "goto", "index": 0}, {"action": "open"}):
        status, body = client.json("POST", f"/api/v1/workshops/{code}/control", action)
        if status != 200:
            raise RuntimeError(f"control {action}: {status} {body}")
    return code, workshop["join_url"]


def after_new_tip_ms(client, base_url: str) -> float:
    """Median over rounds: a phone posts a tip (acked = committed), then the first archive request is timed."""
    code, _join_url = live_tips_workshop(client)
    phone = socketio.Client()
    phone.connect(base_url, transports=["websocket"], wait_timeout=20)
    try:
        ack = phone.call("join", {"code": code, "token": None, "name": None}, timeout=20)
        if not ack.get("ok"):
            raise RuntimeError(f"join refused: {ack}")
        times = []
        for number in range(NEW_TIP_ROUNDS):
            ack = phone.call("tip", {"text": f"Nieuwe tip {number}: even koffie halen"}, timeout=20)
            if not ack.get("ok"):
                raise RuntimeError(f"tip refused: {ack}")
            times.append(timed(lambda: client.request("GET", "/api/v1/archive?limit=50")[0]))
            time.sleep(1.1)  # a phone's own rate: a handful of tips a minute
        return round(statistics.median(times) * 1000, 2)
    finally:
        phone.disconnect()


def measure(size: int, workdir: Path) -> dict:
    server, base_url, client = start_server(workdir)
    try:
        import_seconds = import_tips(client, realistic_tips(size))
        status, first = client.json("GET", "/api/v1/archive?limit=1")
        if status != 200 or first["total"] != size:
            raise RuntimeError(f"archive holds {first} after importing {size}")
        client.login()
        result = {
            "size": size, "import_seconds": round(import_seconds, 2),
            "search_ms": median_ms(lambda: client.request("GET", "/api/v1/archive?q=koffie&limit=50")[0]),
            "first_page_ms": median_ms(lambda: client.request("GET", "/api/v1/archive?limit=50")[0]),
            "archive_page_ms": median_ms(lambda: client.request("GET", "/facilitator/archive", api=False)[0]),
        }
        result["after_new_tip_ms"] = after_new_tip_ms(client, base_url)
        return result
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,20000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    results = []
    with tempfile.TemporaryDirectory(prefix="klantwijs-archive-bench-") as tmp:
        for size in sizes:
            print(f"== archive of {size} tips", file=sys.stderr, flush=True)
            results.append(measure(size, Path(tmp) / str(size)))
            print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    small, large = results[0], results[-1]
    lines = [f"| metric | {small['size']} tips | {large['size']} tips | ratio | goal |",
             "| --- | --- | --- | --- | --- |"]
    for metric in METRICS:
        ratio = large[metric] / small[metric] if small[metric] else float("inf")
        lines.append(f"| {metric} | {small[metric]} | {large[metric]} | {ratio:.2f}x | <= {GOALS[metric]}x |")
    lines.append(f"| import_seconds | {small['import_seconds']} | {large['import_seconds']} | | |")
    print("\n".join(lines))
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    output = BENCH_DIR / "results" / f"archive-{stamp}.json"
    output.parent.mkdir(exist_ok=True)
    output.write_text(json.dumps({"started": stamp, "results": results}, indent=2) + "\n")
    print(f"\nresults written to {output.relative_to(REPO_DIR)}", file=sys.stderr)


if __name__ == "__main__":
    main()
